/**
 * Tree nodes of the Key Vaults and Managed Identities views. `contextValue` contains space-separated
 * tokens (`vault`, `added`, `identity`, `subscription`, `denial`) that the menus match with `viewItem =~`.
 */
import * as vscode from 'vscode';
import type { AuditDenialGroup } from '../../diagnosis/facts';
import { denialCallerLabel, denialDiagnoseArguments, denialOperationLabel } from '../denials';
import { describeVaultAccess, type IdentitySummary, type VaultSummary } from '../resources';

export type TreeNode =
  | { kind: 'subscription'; subscriptionId: string; name: string; view: 'vaults' | 'identities' }
  | { kind: 'addedVaults' }
  | { kind: 'vault'; vault: VaultSummary; added: boolean }
  | { kind: 'identity'; identity: IdentitySummary }
  /** The folder under a vault that lists what Key Vault's audit log recorded. */
  | { kind: 'recentDenials'; vaultId: string; location?: string }
  | { kind: 'denial'; vaultId: string; group: AuditDenialGroup }
  /** A line of information, such as "No denial logged"; `message` is for errors. */
  | { kind: 'note'; text: string; tooltip?: string }
  | { kind: 'message'; text: string; tooltip?: string };

export function isVaultNode(value: unknown): value is Extract<TreeNode, { kind: 'vault' }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'vault';
}

export function isDenialNode(value: unknown): value is Extract<TreeNode, { kind: 'denial' }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'denial';
}

export function isIdentityNode(value: unknown): value is Extract<TreeNode, { kind: 'identity' }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'identity';
}

export function isSubscriptionNode(value: unknown): value is Extract<TreeNode, { kind: 'subscription' }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'subscription';
}

export function vaultDescription(vault: VaultSummary): string {
  const access = describeVaultAccess(vault);
  const model = access.model === 'rbac' ? vscode.l10n.t('RBAC') : vscode.l10n.t('access policies');
  const network = {
    enabled: vscode.l10n.t('public access'),
    disabled: vscode.l10n.t('public access disabled'),
    selectedNetworks: vscode.l10n.t('selected networks'),
  }[access.publicAccess];
  return `${model} · ${network}`;
}

function vaultTooltip(vault: VaultSummary): string {
  return [
    vault.name,
    `${vscode.l10n.t('Access')}: ${vaultDescription(vault)}`,
    ...(vault.vaultUri ? [`${vscode.l10n.t('URI')}: ${vault.vaultUri}`] : []),
    `${vscode.l10n.t('Resource ID')}: ${vault.id}`,
  ].join('\n');
}

function identityTooltip(identity: IdentitySummary): string {
  return [
    identity.name,
    `${vscode.l10n.t('Client ID')}: ${identity.clientId}`,
    `${vscode.l10n.t('Principal ID')}: ${identity.principalId}`,
    `${vscode.l10n.t('Resource ID')}: ${identity.id}`,
  ].join('\n');
}

export function toTreeItem(node: TreeNode): vscode.TreeItem {
  switch (node.kind) {
    case 'subscription': {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${node.view}/subscription/${node.subscriptionId}`;
      item.description = node.subscriptionId;
      item.iconPath = new vscode.ThemeIcon('key');
      item.contextValue = 'subscription';
      return item;
    }
    case 'addedVaults': {
      const item = new vscode.TreeItem(vscode.l10n.t('Added vaults'), vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'vaults/added';
      item.iconPath = new vscode.ThemeIcon('pinned');
      item.contextValue = 'addedVaults';
      return item;
    }
    case 'vault': {
      // Collapsed: the vault's only child is its recent denials, read when the user expands it.
      const item = new vscode.TreeItem(node.vault.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `vaults/${node.added ? 'added/' : ''}${node.vault.id.toLowerCase()}`;
      item.description = vaultDescription(node.vault);
      item.tooltip = vaultTooltip(node.vault);
      item.iconPath = new vscode.ThemeIcon('lock');
      item.contextValue = node.added ? 'vault added' : 'vault';
      return item;
    }
    case 'identity': {
      const item = new vscode.TreeItem(node.identity.name, vscode.TreeItemCollapsibleState.None);
      item.id = `identities/${node.identity.id.toLowerCase()}`;
      item.description = node.identity.resourceGroup;
      item.tooltip = identityTooltip(node.identity);
      item.iconPath = new vscode.ThemeIcon('account');
      item.contextValue = 'identity';
      return item;
    }
    case 'recentDenials': {
      const item = new vscode.TreeItem(vscode.l10n.t('Recent denials'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `vaults/denials/${node.vaultId.toLowerCase()}`;
      item.tooltip = vscode.l10n.t("Requests Key Vault refused in the last 24 hours, from the vault's audit log in Log Analytics");
      item.iconPath = new vscode.ThemeIcon('history');
      item.contextValue = 'recentDenials';
      return item;
    }
    case 'denial': {
      const group = node.group;
      const item = new vscode.TreeItem(`${group.count}× ${denialOperationLabel(group)}`, vscode.TreeItemCollapsibleState.None);
      item.description = `${group.reason} · ${denialCallerLabel(group)}`;
      item.tooltip = [
        `${vscode.l10n.t('Caller')}: ${denialCallerLabel(group)}`,
        `${vscode.l10n.t('Reason')}: ${group.reason}`,
        ...(group.clientAddress ? [`${vscode.l10n.t('Client address')}: ${group.clientAddress}`] : []),
        ...(group.object ? [`${vscode.l10n.t('Object')}: ${group.object}`] : []),
        `${vscode.l10n.t('Seen')}: ${group.firstSeen} - ${group.lastSeen}`,
      ].join('\n');
      item.iconPath = new vscode.ThemeIcon('circle-slash');
      // Only a denial that names its caller and a known operation can start a diagnosis; the menus match the `denial` token.
      item.contextValue = denialDiagnoseArguments(node.vaultId, group) ? 'denial' : 'denialNotDiagnosable';
      return item;
    }
    case 'note': {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = 'note';
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon('warning');
      item.contextValue = 'message';
      item.command = { command: 'kvDoctor.showLog', title: vscode.l10n.t('Show Log') };
      return item;
    }
  }
}
