/**
 * ARM resource id arithmetic. Ids compare case-insensitively, as ARM compares them. A scope is
 * `/` (the tenant root), a management group, a subscription, a resource group or a resource id
 * (including extension resources such as `<vault>/providers/Microsoft.Insights/diagnosticSettings/x`).
 */

const MANAGEMENT_GROUP_PREFIX = '/providers/microsoft.management/managementgroups/';

export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Collapses repeated slashes, drops a trailing slash and maps the empty scope to `/`. */
export function normalizeScope(scope: string): string {
  const collapsed = ('/' + scope).replace(/\/{2,}/g, '/').replace(/\/$/, '');
  return collapsed === '' ? '/' : collapsed;
}

export function isManagementGroupId(scope: string): boolean {
  const lower = scope.toLowerCase();
  return lower.startsWith(MANAGEMENT_GROUP_PREFIX) && !lower.slice(MANAGEMENT_GROUP_PREFIX.length).includes('/');
}

export function managementGroupName(scope: string): string {
  return scope.slice(MANAGEMENT_GROUP_PREFIX.length);
}

/** Returns the subscription GUID in an id, or undefined for tenant and management group scopes. */
export function subscriptionOf(id: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
}

/** Returns the resource group name in an id, or undefined above resource group level. */
export function resourceGroupOf(id: string): string | undefined {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(id)?.[1];
}

export function lastSegment(id: string): string {
  const parts = id.split('/');
  return parts[parts.length - 1];
}

/**
 * Returns the containing scope by ARM's id rules alone: a child resource's parent resource, a
 * top-level resource's resource group (or subscription), a resource group's subscription.
 * Subscriptions, management groups and `/` get undefined, because their parents depend on the
 * management group tree.
 */
export function structuralParent(scope: string): string | undefined {
  const normalized = normalizeScope(scope);
  if (normalized === '/' || isManagementGroupId(normalized) || /^\/subscriptions\/[^/]+$/i.test(normalized)) {
    return undefined;
  }

  const resourceGroupMatch = /^(\/subscriptions\/[^/]+)\/resourceGroups\/[^/]+$/i.exec(normalized);
  if (resourceGroupMatch) {
    return resourceGroupMatch[1];
  }

  const providersAt = normalized.toLowerCase().lastIndexOf('/providers/');
  if (providersAt < 0) {
    return undefined;
  }

  // After the last `/providers/` come the namespace and then type/name pairs. A nested resource
  // drops its last pair; a top-level one (namespace, type, name) belongs to what precedes `/providers/`.
  const segments = normalized.slice(providersAt + '/providers/'.length).split('/');
  if (segments.length > 3) {
    return normalized.split('/').slice(0, -2).join('/');
  }
  const before = normalized.slice(0, providersAt);
  return before === '' ? '/' : before;
}

/**
 * Returns the resource type of an id (`Microsoft.KeyVault/vaults/secrets`), or undefined for
 * scopes that are not resources (subscriptions, resource groups, `/`).
 */
export function resourceTypeOf(id: string): string | undefined {
  const normalized = normalizeScope(id);
  const providersAt = normalized.toLowerCase().lastIndexOf('/providers/');
  if (providersAt < 0) {
    return undefined;
  }

  const segments = normalized.slice(providersAt + '/providers/'.length).split('/');
  const typeNames = segments.slice(1).filter((_, index) => index % 2 === 0);
  return [segments[0], ...typeNames].join('/');
}

/** Returns whether the path after the last `/providers/` ends on a type (a list) rather than a name. */
export function isCollectionPath(path: string): boolean {
  const normalized = normalizeScope(path);
  const providersAt = normalized.toLowerCase().lastIndexOf('/providers/');
  if (providersAt < 0) {
    return false;
  }

  const segments = normalized.slice(providersAt + '/providers/'.length).split('/');
  return segments.length >= 2 && segments.length % 2 === 0;
}
