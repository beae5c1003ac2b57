/**
 * The quick picks and input boxes of Diagnose 403: the vault, the caller, what the client does,
 * and the objects it reads. Each returns undefined when the user cancels.
 */
import * as vscode from 'vscode';
import { CLIENT_PRESETS, OPERATIONS } from '../../diagnosis/catalogue';
import type { CallerRef, ClientKind, NetworkOrigin } from '../../diagnosis/facts';
import { callerFromError } from '../input/callerInput';
import { objectNameFromResource, objectReferences } from '../input/objects';
import { isGuid, isVaultId, parseVaultReference } from '../input/references';
import type { ClusterSummary, IdentitySummary, VaultSummary } from '../resources';
import { UiError } from '../errors';

export interface PickedCaller {
  caller: CallerRef;
  label: string;
  observedError?: string;
  /** An object name the pasted error names, offered as the default object. */
  objectHint?: string;
}

export interface PickedWork {
  operations: string[];
  client?: ClientKind;
  label: string;
}

interface ValueItem<T> extends vscode.QuickPickItem {
  value?: T;
}

/** Picks a vault from the trees' vaults and the added ones, or reads an id or URI. */
export async function pickVault(vaults: readonly VaultSummary[], subscriptionName: (id: string) => string): Promise<{ id?: string; name?: string } | undefined> {
  const enter = vscode.l10n.t('$(edit) Enter a vault resource ID or URI...');
  const items: ValueItem<VaultSummary>[] = [
    { label: enter, alwaysShow: true },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...vaults.map((vault) => ({ label: vault.name, description: subscriptionName(vault.subscriptionId), detail: vault.id, value: vault })),
  ];

  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Diagnose 403: which vault?'),
    placeHolder: vscode.l10n.t('Vault that returns 403'),
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  if (picked.value) {
    return { id: picked.value.id };
  }

  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Vault resource ID or URI'),
    placeHolder: '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>',
    ignoreFocusOut: true,
    validateInput: (value) => validateVaultText(value),
  });
  if (!text) {
    return undefined;
  }
  const reference = parseVaultReference(text);
  return reference.kind === 'id' ? { id: reference.id } : { name: reference.name };
}

export function validateVaultText(value: string): string | undefined {
  if (!value.trim()) {
    return undefined;
  }
  try {
    parseVaultReference(value);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Picks the caller: a discovered identity, an object id, a client id, or the oid of a pasted error. */
export async function pickCaller(identities: readonly IdentitySummary[], vaultName: string): Promise<PickedCaller | undefined> {
  type Choice = 'objectId' | 'clientId' | 'error';
  const items: ValueItem<IdentitySummary | Choice>[] = [
    { label: vscode.l10n.t('$(clippy) Paste the error the client received...'), detail: vscode.l10n.t('The caller is read from its oid; the error is checked too.'), value: 'error', alwaysShow: true },
    { label: vscode.l10n.t('$(person) Enter an object (principal) ID...'), value: 'objectId', alwaysShow: true },
    { label: vscode.l10n.t('$(key) Enter an application (client) ID...'), value: 'clientId', alwaysShow: true },
    { label: vscode.l10n.t('Managed identities'), kind: vscode.QuickPickItemKind.Separator },
    ...identities.map((identity) => ({
      label: identity.name,
      description: identity.clientId,
      detail: identity.id,
      value: identity,
    })),
  ];

  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Diagnose 403 on {0}: who calls the vault?', vaultName),
    placeHolder: vscode.l10n.t('Identity, object id, client id or a pasted error'),
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked?.value) {
    return undefined;
  }

  const value = picked.value;
  if (typeof value !== 'string') {
    return { caller: { identity: value.id }, label: `${value.name} (${value.clientId})` };
  }
  if (value === 'error') {
    return readCallerFromError();
  }
  return readGuid(value);
}

async function readGuid(kind: 'objectId' | 'clientId'): Promise<PickedCaller | undefined> {
  const text = await vscode.window.showInputBox({
    title: kind === 'objectId' ? vscode.l10n.t('Object (principal) ID of the caller') : vscode.l10n.t('Application (client) ID of the caller'),
    placeHolder: '00000000-0000-0000-0000-000000000000',
    ignoreFocusOut: true,
    validateInput: (value) => (isGuid(value.trim()) ? undefined : vscode.l10n.t('Enter a GUID such as 6f1c2d3e-4b5a-4c6d-8e7f-90a1b2c3d4e5.')),
  });
  if (!text) {
    return undefined;
  }
  const id = text.trim();
  return kind === 'objectId'
    ? { caller: { objectId: id }, label: vscode.l10n.t('object id {0}', id) }
    : { caller: { clientId: id }, label: vscode.l10n.t('client id {0}', id) };
}

async function readCallerFromError(): Promise<PickedCaller | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Paste the error the client received'),
    placeHolder: vscode.l10n.t('{"error":{"code":"Forbidden","message":"Caller is not authorized ... Caller: appid=...;oid=..."}}'),
    ignoreFocusOut: true,
  });
  if (!text?.trim()) {
    return undefined;
  }

  const { caller, parsed } = callerFromError(text);
  const id = caller.objectId ?? caller.clientId ?? '';
  return {
    caller,
    label: caller.objectId ? vscode.l10n.t('object id {0} (from the error)', id) : vscode.l10n.t('client id {0} (from the error)', id),
    observedError: text,
    objectHint: objectNameFromResource(parsed.resource),
  };
}

/** Picks what the client does: a preset of a common client, or operations chosen one by one. */
export async function pickWork(): Promise<PickedWork | undefined> {
  const custom = 'custom';
  const items: ValueItem<(typeof CLIENT_PRESETS)[number] | typeof custom>[] = [
    ...CLIENT_PRESETS.map((preset) => ({
      label: preset.title,
      description: preset.operations.join(', '),
      detail: preset.note,
      value: preset,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: vscode.l10n.t('$(list-selection) Choose operations...'), value: custom, alwaysShow: true },
  ];

  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Diagnose 403: what does the client do?'),
    placeHolder: vscode.l10n.t('A common client, or the operations one by one'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked?.value) {
    return undefined;
  }
  if (picked.value !== custom) {
    return { operations: [...picked.value.operations], client: picked.value.client, label: picked.value.title };
  }

  const chosen = await vscode.window.showQuickPick(
    OPERATIONS.map((operation) => ({ label: operation.name, description: operation.restCall, detail: operation.dataAction })),
    { title: vscode.l10n.t('Operations the client performs, in order'), canPickMany: true, ignoreFocusOut: true, matchOnDetail: true },
  );
  if (!chosen || chosen.length === 0) {
    return undefined;
  }
  const operations = chosen.map((item) => item.label);
  return { operations, label: operations.join(', ') };
}

/** Prompts for the object names the operations act on; an empty input means none. */
export async function pickObjects(operations: readonly string[], hint: string | undefined): Promise<string[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Objects the client reads (optional)'),
    prompt: vscode.l10n.t('Names separated by commas, such as orders-api-key, orders-db-password. Leave empty to check the vault only.'),
    value: hint ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        objectReferences(value, operations);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
  if (text === undefined) {
    return undefined;
  }
  return objectReferences(text, operations);
}

/** Picks the vault an identity calls, from the discovered vaults or by id. */
export async function pickVaultForIdentity(
  vaults: readonly VaultSummary[],
  subscriptionName: (id: string) => string,
): Promise<string | undefined> {
  const picked = await pickVault(vaults, subscriptionName);
  if (!picked) {
    return undefined;
  }
  if (picked.id && isVaultId(picked.id)) {
    return picked.id;
  }
  const byName = vaults.find((vault) => vault.name.toLowerCase() === picked.name?.toLowerCase());
  if (!byName) {
    throw new UiError('not-found', vscode.l10n.t('No listed vault is named "{0}". Enter its resource ID instead.', picked.name ?? ''));
  }
  return byName.id;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const SUBNET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/**
 * Picks where the client runs: an AKS cluster (its node subnets), a subnet or a public address.
 * Key Vault checks the network before authorization, so without an origin the network checks of
 * a vault with a firewall or private endpoints stay unknown. Resolves `{}` for "not known".
 */
export async function pickOrigin(clusters: Promise<ClusterSummary[]>): Promise<NetworkOrigin | undefined> {
  type Choice = 'subnet' | 'publicIp' | 'unknown';
  const items = clusters.then((list): ValueItem<ClusterSummary | Choice>[] => [
    ...list.map((cluster) => ({ label: cluster.name, description: vscode.l10n.t('AKS cluster'), detail: cluster.id, value: cluster })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: vscode.l10n.t('$(symbol-namespace) A subnet (resource ID)...'), value: 'subnet', alwaysShow: true },
    { label: vscode.l10n.t('$(globe) A public IP address...'), value: 'publicIp', alwaysShow: true },
    { label: vscode.l10n.t('$(dash) Not known'), detail: vscode.l10n.t('Network checks of a vault with a firewall or private endpoints stay unknown.'), value: 'unknown', alwaysShow: true },
  ]);

  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Diagnose 403: where does the client run?'),
    placeHolder: vscode.l10n.t('The network the request comes from'),
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked?.value) {
    return undefined;
  }

  const value = picked.value;
  if (typeof value !== 'string') {
    return { clusterId: value.id };
  }
  if (value === 'unknown') {
    return {};
  }

  const text = await vscode.window.showInputBox({
    title: value === 'subnet' ? vscode.l10n.t('Subnet resource ID of the client') : vscode.l10n.t('Public IP address the client calls from'),
    placeHolder:
      value === 'subnet' ? '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>' : '203.0.113.10',
    ignoreFocusOut: true,
    validateInput: (input) => {
      const trimmed = input.trim();
      if (value === 'subnet') {
        return SUBNET_ID.test(trimmed) ? undefined : vscode.l10n.t('Enter a subnet resource ID ending in /virtualNetworks/<vnet>/subnets/<subnet>.');
      }
      return IPV4.test(trimmed) ? undefined : vscode.l10n.t('Enter an IPv4 address such as 203.0.113.10.');
    },
  });
  if (!text) {
    return undefined;
  }
  return value === 'subnet' ? { subnetId: text.trim() } : { publicIp: text.trim() };
}
