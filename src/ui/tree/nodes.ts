/**
 * Tree nodes of the Key Vaults and Managed Identities views. `contextValue` contains space-separated
 * tokens (`vault`, `added`, `identity`, `subscription`) that the menus match with `viewItem =~`.
 */
import * as vscode from 'vscode';
import { describeVaultAccess, type IdentitySummary, type VaultSummary } from '../resources';

export type TreeNode =
  | { kind: 'subscription'; subscriptionId: string; name: string; view: 'vaults' | 'identities' }
  | { kind: 'addedVaults' }
  | { kind: 'vault'; vault: VaultSummary; added: boolean }
  | { kind: 'identity'; identity: IdentitySummary }
  | { kind: 'message'; text: string; tooltip?: string };

export function isVaultNode(value: unknown): value is Extract<TreeNode, { kind: 'vault' }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'vault';
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
      const item = new vscode.TreeItem(node.vault.name, vscode.TreeItemCollapsibleState.None);
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
