/**
 * Commands of the two views: sign in, refresh, the subscription filter, added vaults and copying ids.
 */
import * as vscode from 'vscode';
import { UiError } from '../errors';
import { parseVaultReference } from '../input/references';
import type { Services } from '../services';
import { setSubscriptionFilter, subscriptionFilter } from '../settings';
import { isIdentityNode, isSubscriptionNode, isVaultNode } from '../tree/nodes';
import { validateVaultText } from './pickers';

export async function signIn(services: Services): Promise<void> {
  await services.session.refresh(true);
}

export async function refresh(services: Services): Promise<void> {
  await vscode.window.withProgress(
    { location: { viewId: 'kvDoctor.vaults' }, title: vscode.l10n.t('Refreshing') },
    () => services.session.refresh(false),
  );
}

/** Multi-select of every subscription the sign-ins reach; selecting all clears the filter. */
export async function selectSubscriptions(services: Services): Promise<void> {
  const all = services.session.allSubscriptions;
  if (all.length === 0) {
    throw new UiError('not-signed-in', vscode.l10n.t('No subscriptions to choose from. Sign in to Azure first, or check the log for listing errors.'));
  }

  const filter = subscriptionFilter();
  const items = all.map((subscription) => ({
    label: subscription.displayName,
    description: subscription.subscriptionId,
    detail: vscode.l10n.t('Tenant {0}', subscription.tenantId),
    picked: filter.length === 0 || filter.includes(subscription.subscriptionId.toLowerCase()),
    id: subscription.subscriptionId,
  }));

  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Subscriptions shown in Key Vault Access Doctor'),
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) {
    return;
  }
  if (picked.length === 0) {
    throw new UiError('invalid-input', vscode.l10n.t('Select at least one subscription.'));
  }

  const ids = picked.length === all.length ? [] : picked.map((item) => item.id);
  await setSubscriptionFilter(ids);
  services.log.info(`Subscription filter set to ${ids.length === 0 ? 'all subscriptions' : ids.join(', ')}`);
}

/** Adds a vault the user cannot list (no reader role on its subscription) by id or URI. */
export async function addVault(services: Services, argument?: unknown): Promise<string | undefined> {
  const text =
    typeof argument === 'string'
      ? argument
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Add vault by resource ID or URI'),
          placeHolder: '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>',
          prompt: vscode.l10n.t('A URI or name is looked up in the subscriptions you can list.'),
          ignoreFocusOut: true,
          validateInput: (value) => validateVaultText(value),
        });
  if (!text?.trim()) {
    return undefined;
  }

  const reference = parseVaultReference(text);
  const subscriptionIds = services.session.allSubscriptions.map((subscription) => subscription.subscriptionId);
  const env = reference.kind === 'id' ? services.session.envForResource(reference.id) : services.session.envForResource('');
  const vault = await services.discovery.resolveVault(
    env,
    reference.kind === 'id' ? { id: reference.id, subscriptionIds } : { name: reference.name, subscriptionIds },
  );
  if (!vault) {
    throw new UiError(
      'not-found',
      vscode.l10n.t('Vault "{0}" was not found, or the signed-in account cannot read it. Check the id, or ask for Reader on the vault.', text.trim()),
    );
  }

  await services.session.addVault(vault);
  services.log.info(`Added vault ${vault.id}`);
  return vault.id;
}

export async function removeVault(services: Services, node: unknown): Promise<void> {
  if (!isVaultNode(node) || !node.added) {
    throw new UiError('invalid-input', vscode.l10n.t('Run "Remove Added Vault" from an added vault in the Key Vaults view.'));
  }
  await services.session.removeVault(node.vault.id);
}

export type CopiedField = 'id' | 'clientId' | 'principalId';

/** Copies an id of the selected tree item to the clipboard and returns it. */
export async function copyField(node: unknown, field: CopiedField): Promise<string> {
  let value: string | undefined;
  if (field === 'id') {
    if (isVaultNode(node)) {
      value = node.vault.id;
    } else if (isIdentityNode(node)) {
      value = node.identity.id;
    } else if (isSubscriptionNode(node)) {
      value = `/subscriptions/${node.subscriptionId}`;
    }
  } else if (isIdentityNode(node)) {
    value = field === 'clientId' ? node.identity.clientId : node.identity.principalId;
  }

  if (!value) {
    throw new UiError('invalid-input', vscode.l10n.t('Run this command from an item in the Key Vaults or Managed Identities view.'));
  }
  await vscode.env.clipboard.writeText(value);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', value), 3000);
  return value;
}
