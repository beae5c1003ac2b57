/**
 * `PUT <vault>/accessPolicies/{add|replace|remove}` (Vaults - Update Access Policy): changes the
 * vault's access policies entry by entry. Entries match on tenant, object id and application id.
 */
import type { ArmResource } from '../../src/scenario/types';
import { ArmError, isRecord, json, parseJsonBody } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import type { SandboxResponse } from '../http/types';
import { lastSegment, normalizeScope, resourceGroupOf } from '../tenant/armId';

type PermissionKind = 'keys' | 'secrets' | 'certificates' | 'storage';

interface AccessPolicyEntry {
  tenantId: string;
  objectId: string;
  applicationId?: string | null;
  permissions: Partial<Record<PermissionKind, string[]>>;
}

const PERMISSION_KINDS: readonly PermissionKind[] = ['keys', 'secrets', 'certificates', 'storage'];

function sameEntry(a: AccessPolicyEntry, b: AccessPolicyEntry): boolean {
  const same = (x: unknown, y: unknown) => String(x ?? '').toLowerCase() === String(y ?? '').toLowerCase();
  return same(a.tenantId, b.tenantId) && same(a.objectId, b.objectId) && same(a.applicationId, b.applicationId);
}

function readEntries(body: Record<string, unknown>): AccessPolicyEntry[] {
  const properties = isRecord(body.properties) ? body.properties : undefined;
  const entries = properties?.accessPolicies;
  if (!Array.isArray(entries)) {
    throw new ArmError(400, 'BadRequest', 'The request needs properties.accessPolicies as an array of access policy entries.');
  }

  return entries.map((entry, index) => {
    if (!isRecord(entry) || typeof entry.tenantId !== 'string' || typeof entry.objectId !== 'string' || !isRecord(entry.permissions)) {
      throw new ArmError(400, 'BadRequest', `Access policy entry ${index} needs tenantId, objectId and permissions.`);
    }
    return entry as unknown as AccessPolicyEntry;
  });
}

/** Merges the permission lists of `change` into `target` (`add`) or takes them out (`remove`). */
function combine(target: AccessPolicyEntry, change: AccessPolicyEntry, operation: 'add' | 'remove'): AccessPolicyEntry {
  const permissions: Partial<Record<PermissionKind, string[]>> = {};

  for (const kind of PERMISSION_KINDS) {
    const current = target.permissions[kind] ?? [];
    const changed = (change.permissions[kind] ?? []).map((permission) => permission.toLowerCase());
    permissions[kind] = operation === 'add'
      ? [...current, ...(change.permissions[kind] ?? []).filter((permission) => !current.some((existing) => existing.toLowerCase() === permission.toLowerCase()))]
      : current.filter((permission) => !changed.includes(permission.toLowerCase()));
  }
  return { ...target, permissions };
}

function isEmpty(entry: AccessPolicyEntry): boolean {
  return PERMISSION_KINDS.every((kind) => (entry.permissions[kind] ?? []).length === 0);
}

export function applyAccessPolicyChange(current: AccessPolicyEntry[], changes: AccessPolicyEntry[], operation: string): AccessPolicyEntry[] {
  let policies = [...current];

  for (const change of changes) {
    const index = policies.findIndex((entry) => sameEntry(entry, change));
    if (operation === 'add') {
      policies = index < 0 ? [...policies, change] : policies.map((entry, i) => (i === index ? combine(entry, change, 'add') : entry));
    } else if (operation === 'replace') {
      policies = index < 0 ? [...policies, change] : policies.map((entry, i) => (i === index ? change : entry));
    } else if (index >= 0) {
      // `remove` takes out the listed permissions and drops an entry left with none.
      const reduced = combine(policies[index], change, 'remove');
      policies = isEmpty(reduced) ? policies.filter((_, i) => i !== index) : policies.map((entry, i) => (i === index ? reduced : entry));
    }
  }
  return policies;
}

function handleUpdateAccessPolicy(context: RouteContext): SandboxResponse {
  const vaultId = normalizeScope(context.match[1]);
  const operation = context.match[2].toLowerCase();
  const vault: ArmResource | undefined = context.state.getResource(vaultId);
  if (!vault) {
    throw new ArmError(404, 'ResourceNotFound',
      `The Resource 'Microsoft.KeyVault/vaults/${lastSegment(vaultId)}' under resource group '${resourceGroupOf(vaultId) ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }

  const changes = readEntries(parseJsonBody(context.request.body));
  const properties = (vault.properties ??= {});
  const current = Array.isArray(properties.accessPolicies) ? (properties.accessPolicies as AccessPolicyEntry[]) : [];
  properties.accessPolicies = applyAccessPolicyChange(current, changes, operation);

  return json(200, {
    id: `${vault.id}/accessPolicies/${operation}`,
    name: operation,
    type: 'Microsoft.KeyVault/vaults/accessPolicies',
    location: vault.location,
    properties: { accessPolicies: changes },
  });
}

export const accessPolicyRoutes: readonly Route[] = [
  {
    family: 'arm',
    methods: ['PUT'],
    pattern: /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+)\/accessPolicies\/(add|replace|remove)$/i,
    handle: handleUpdateAccessPolicy,
  },
];
