/**
 * Azure RBAC scopes: an assignment at a scope applies to that scope and everything below it, from
 * management groups through subscription, resource group and vault down to single secrets, keys
 * and certificates. Scopes compare case-insensitively (Key Vault reports them lower-cased).
 */

export const MANAGEMENT_GROUP_PREFIX = '/providers/microsoft.management/managementgroups/';

/** Lower-cases a scope and removes a trailing slash, so scopes compare as plain strings. */
export function normalizeScope(scope: string): string {
  const lower = scope.trim().toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

export function isManagementGroupScope(scope: string): boolean {
  return normalizeScope(scope).startsWith(MANAGEMENT_GROUP_PREFIX);
}

/**
 * Tests whether `scope` contains `resource` (is the same scope or an ancestor of it).
 * A management group contains the resource when it is one of `managementGroupIds`, the
 * management groups above the vault's subscription; the root scope `/` contains everything.
 */
export function scopeContains(scope: string, resource: string, managementGroupIds: readonly string[]): boolean {
  const outer = normalizeScope(scope);
  const inner = normalizeScope(resource);

  if (outer === '/') {
    return true;
  }
  if (outer.startsWith(MANAGEMENT_GROUP_PREFIX)) {
    return managementGroupIds.some((id) => normalizeScope(id) === outer);
  }
  return inner === outer || inner.startsWith(`${outer}/`);
}

export function sameScope(a: string, b: string): boolean {
  return normalizeScope(a) === normalizeScope(b);
}

/** Returns the scope of one object in a vault: `<vault id>/secrets/<name>` for the reference `secrets/<name>`. */
export function objectScope(vaultId: string, objectRef: string): string {
  let end = vaultId.length;
  while (end > 0 && vaultId.charCodeAt(end - 1) === 0x2f) {
    end -= 1;
  }
  let start = 0;
  while (start < objectRef.length && objectRef.charCodeAt(start) === 0x2f) {
    start += 1;
  }
  return `${vaultId.slice(0, end)}/${objectRef.slice(start)}`;
}

/** Tests whether a scope lies strictly below the vault (an object scope such as `<vault>/secrets/<name>`). */
export function isBelowVault(scope: string, vaultId: string): boolean {
  return normalizeScope(scope).startsWith(`${normalizeScope(vaultId)}/`);
}

/** Returns the last segment of an id: the GUID of a role definition id, or the name of a resource. */
export function lastSegment(id: string): string {
  const trimmed = id.trim();
  let end = trimmed.length;
  while (end > 0 && trimmed.charCodeAt(end - 1) === 0x2f) {
    end -= 1;
  }
  return trimmed.slice(trimmed.lastIndexOf('/', end - 1) + 1, end);
}
