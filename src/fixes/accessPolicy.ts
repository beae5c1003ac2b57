/**
 * Access policy fixes for vaults that do not use Azure RBAC.
 */
import type { FixSpec } from '../diagnosis/finding';
import { parseResourceId } from './armId';
import { value, type Word } from './commandLine';
import { withNotes } from './notes';
import { renderScript } from './script';
import type { RenderedFix } from './types';

/** API version of Microsoft.KeyVault used for vault writes. */
export const KEY_VAULT_API_VERSION = '2026-02-01';

type SetSpec = Extract<FixSpec, { kind: 'access-policy-set' }>;
type DeleteSpec = Extract<FixSpec, { kind: 'access-policy-delete' }>;

/** `--name <vault> --resource-group <group> --subscription <id>`: works whatever the default subscription is. */
export function vaultFlags(vaultId: string): Word[] {
  const vault = parseResourceId(vaultId, 'Microsoft.KeyVault/vaults');
  return ['--name', value(vault.name), '--resource-group', value(vault.resourceGroup), '--subscription', value(vault.subscriptionId)];
}

/**
 * Renders `az keyvault set-policy` and the PUT to `accessPolicies/add`.
 *
 * set-policy replaces each permission list it is given, and `add` merges into the entry, so the
 * spec's lists are the entry's complete lists after the fix.
 */
export function renderAccessPolicySet(spec: SetSpec): Omit<RenderedFix, 'title'> {
  const words: Word[] = ['az', 'keyvault', 'set-policy', ...vaultFlags(spec.vaultId), '--object-id', value(spec.objectId)];
  const permissions: { secrets?: string[]; keys?: string[]; certificates?: string[] } = {};

  if (spec.secrets && spec.secrets.length > 0) {
    words.push('--secret-permissions', ...spec.secrets.map(value));
    permissions.secrets = spec.secrets;
  }
  if (spec.keys && spec.keys.length > 0) {
    words.push('--key-permissions', ...spec.keys.map(value));
    permissions.keys = spec.keys;
  }
  if (spec.certificates && spec.certificates.length > 0) {
    words.push('--certificate-permissions', ...spec.certificates.map(value));
    permissions.certificates = spec.certificates;
  }

  const script = renderScript([{ command: words }]);
  const notes = script.powershellWarning ? [script.powershellWarning] : [];
  const result: Omit<RenderedFix, 'title'> = { az: script.az, powershell: script.powershell };

  if (spec.tenantId) {
    result.arm = [
      {
        method: 'PUT',
        path: `${spec.vaultId}/accessPolicies/add`,
        apiVersion: KEY_VAULT_API_VERSION,
        body: { properties: { accessPolicies: [{ tenantId: spec.tenantId, objectId: spec.objectId, permissions }] } },
        description: `Add ${describePermissions(permissions)} to the access policy of object ${spec.objectId} on ${spec.vaultId}.`,
      },
    ];
  } else {
    notes.push("Only the az command is offered: this fix does not carry the vault's tenant id, which the ARM request needs.");
  }

  return withNotes(result, notes);
}

/**
 * Renders `az keyvault delete-policy` and the PUT to `accessPolicies/remove`.
 *
 * delete-policy matches tenant, object id and application id (empty when not given), so a
 * compound entry needs `--application-id`. ARM's `remove` takes away the permissions it is sent
 * and drops an entry left with none, so the request repeats the entry's current permissions.
 */
export function renderAccessPolicyDelete(spec: DeleteSpec): Omit<RenderedFix, 'title'> {
  const words: Word[] = ['az', 'keyvault', 'delete-policy', ...vaultFlags(spec.vaultId), '--object-id', value(spec.objectId)];
  if (spec.applicationId) {
    words.push('--application-id', value(spec.applicationId));
  }

  // delete-policy fails with "No matching policies found" once the entry is gone, so the command
  // runs only while the vault still lists it. Object ids are compared as ARM stores them.
  const match = spec.applicationId
    ? `objectId=='${spec.objectId}' && applicationId=='${spec.applicationId}'`
    : `objectId=='${spec.objectId}' && !applicationId`;
  const check: Word[] = ['az', 'keyvault', 'show', ...vaultFlags(spec.vaultId), '--query', value(`properties.accessPolicies[?${match}].objectId`), '--output', 'tsv'];
  const script = renderScript([{ guarded: { check, command: words } }]);
  const notes = script.powershellWarning ? [script.powershellWarning] : [];
  const result: Omit<RenderedFix, 'title'> = { az: script.az, powershell: script.powershell };

  if (spec.tenantId && spec.permissions) {
    const entry = {
      tenantId: spec.tenantId,
      objectId: spec.objectId,
      ...(spec.applicationId ? { applicationId: spec.applicationId } : {}),
      permissions: spec.permissions,
    };
    result.arm = [
      {
        method: 'PUT',
        path: `${spec.vaultId}/accessPolicies/remove`,
        apiVersion: KEY_VAULT_API_VERSION,
        body: { properties: { accessPolicies: [entry] } },
        description: `Remove the access policy of object ${spec.objectId}${spec.applicationId ? ` with application ${spec.applicationId}` : ''} from ${spec.vaultId}.`,
      },
    ];
  } else {
    notes.push("Only the az command is offered: this fix does not carry the entry's tenant id and current permissions, which the ARM request needs.");
  }

  return withNotes(result, notes);
}

function describePermissions(permissions: { secrets?: string[]; keys?: string[]; certificates?: string[] }): string {
  const parts = Object.entries(permissions).map(([collection, names]) => `${collection}: ${(names ?? []).join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'no permissions';
}
