/**
 * Fixes for access policy findings. An entry always names the principal (object) id, never the
 * client id, and its permissions are merged with what the caller's entry already has, because
 * `az keyvault set-policy` replaces the permission list of each collection it is given.
 */
import type { OperationSpec } from '../context';
import type { AccessFacts, AccessPolicyEntry } from '../facts';
import type { Fix, FixSpec } from '../finding';
import { vaultIdOf } from '../rbac/targets';
import { mergePermissions } from './permissions';

/** Merges `base`'s permissions with those the operations need, per collection. */
export function mergedPermissions(base: AccessPolicyEntry | undefined, operations: readonly OperationSpec[]): Pick<Extract<FixSpec, { kind: 'access-policy-set' }>, 'secrets' | 'keys' | 'certificates'> {
  const result: Pick<Extract<FixSpec, { kind: 'access-policy-set' }>, 'secrets' | 'keys' | 'certificates'> = {};
  for (const collection of ['secrets', 'keys', 'certificates'] as const) {
    const merged = mergePermissions(collection, base?.permissions[collection], operations);
    if (merged.length > 0) {
      result[collection] = merged;
    }
  }
  return result;
}

function describePermissions(permissions: ReturnType<typeof mergedPermissions>): string {
  return (['secrets', 'keys', 'certificates'] as const)
    .filter((collection) => permissions[collection])
    .map((collection) => `${collection} ${(permissions[collection] ?? []).join(', ')}`)
    .join(', and ');
}

/** Builds the fix that sets an access policy entry for the caller's principal id with the merged permissions. */
export function accessPolicySetFix(facts: AccessFacts, base: AccessPolicyEntry | undefined, operations: readonly OperationSpec[], note?: string): Fix | undefined {
  const principalId = facts.caller.principalId;
  if (!principalId) {
    return undefined;
  }

  const permissions = mergedPermissions(base, operations);
  const spec: FixSpec = { kind: 'access-policy-set', vaultId: vaultIdOf(facts), objectId: principalId, ...permissions };
  // The new entry always carries the vault's own tenant, whatever tenant a wrong entry had.
  if (facts.vault?.tenantId) {
    spec.tenantId = facts.vault.tenantId;
  }
  return {
    title: `Set an access policy for ${principalId} with ${describePermissions(permissions)}`,
    spec,
    note: note ?? 'Access policies apply at once, though a client that got 403 may need to retry.',
  };
}

export function accessPolicyDeleteFix(facts: AccessFacts, entry: AccessPolicyEntry, title: string, note: string): Fix {
  // ARM's accessPolicies/remove matches the entry by tenant and removes the permissions it is given.
  const spec: FixSpec = {
    kind: 'access-policy-delete',
    vaultId: vaultIdOf(facts),
    objectId: entry.objectId,
    tenantId: entry.tenantId,
    permissions: { ...entry.permissions },
  };
  if (entry.applicationId) {
    spec.applicationId = entry.applicationId;
  }
  return { title, spec, note };
}
