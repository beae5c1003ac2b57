/**
 * ARM resource ids: parsing and the forms the SDK clients take. ARM compares ids
 * case-insensitively, so every comparison here ignores case.
 */

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup?: string;
  /** Provider namespace, such as `Microsoft.KeyVault`. */
  provider?: string;
  /** Resource type path after the provider, such as `vaults` or `vaults/secrets`. */
  type?: string;
  /** The last name segment. */
  name?: string;
  /** Name segments in order, one per type segment. */
  names: string[];
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}...]`; undefined when it is not one. */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const parts = id.split('/').filter((part) => part !== '');
  if (parts.length < 2 || parts[0].toLowerCase() !== 'subscriptions') {
    return undefined;
  }

  const result: ParsedResourceId = { subscriptionId: parts[1], names: [] };
  let index = 2;
  if (parts[index]?.toLowerCase() === 'resourcegroups' && parts[index + 1]) {
    result.resourceGroup = parts[index + 1];
    index += 2;
  }
  if (parts[index]?.toLowerCase() !== 'providers' || !parts[index + 1]) {
    return index === parts.length ? result : undefined;
  }

  result.provider = parts[index + 1];
  const rest = parts.slice(index + 2);
  if (rest.length === 0 || rest.length % 2 !== 0) {
    return undefined;
  }
  const types: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    types.push(rest[i]);
    result.names.push(rest[i + 1]);
  }
  result.type = types.join('/');
  result.name = result.names[result.names.length - 1];
  return result;
}

/** Parses an id and checks its provider and type, or throws an error naming the expected form. */
export function requireResourceId(id: string, provider: string, type: string, label: string): ParsedResourceId & { resourceGroup: string; name: string } {
  const parsed = parseResourceId(id);
  if (
    !parsed ||
    !parsed.resourceGroup ||
    !parsed.name ||
    parsed.provider?.toLowerCase() !== provider.toLowerCase() ||
    parsed.type?.toLowerCase() !== type.toLowerCase()
  ) {
    throw new Error(
      `Invalid ${label} "${id}": expected /subscriptions/<id>/resourceGroups/<group>/providers/${provider}/${type}/<name>.`,
    );
  }
  return parsed as ParsedResourceId & { resourceGroup: string; name: string };
}

/** Removes the leading slash, because arm-authorization's `scope` parameters add one themselves. */
export function scopeArgument(id: string): string {
  return id.replace(/^\/+/, '');
}

/** ARM ids are case-insensitive. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** True when `scope` is `id` or one of its ancestors. */
export function scopeContains(scope: string, id: string): boolean {
  const normalizedScope = scope.replace(/\/+$/, '').toLowerCase();
  const normalizedId = id.toLowerCase();
  return normalizedScope === '' || normalizedId === normalizedScope || normalizedId.startsWith(`${normalizedScope}/`);
}

/** Returns the trailing GUID of a role definition id, in lower case. */
export function roleGuid(roleDefinitionId: string): string {
  return roleDefinitionId.split('/').filter(Boolean).pop()?.toLowerCase() ?? '';
}

/** Encodes each path segment of an id for a URL (ARM returns ids unencoded). */
export function encodePath(id: string): string {
  return id
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
