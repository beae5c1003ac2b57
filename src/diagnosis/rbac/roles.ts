/**
 * Role definitions as the evaluator needs them: built-in roles from the shipped snapshot, custom
 * roles from the facts. Role definition ids are compared by their trailing GUID, because ARM
 * returns the same role as `/subscriptions/<s>/providers/...` or `/providers/...`.
 */
import { lookupBuiltInRoleByGuid } from '../builtinRoles';
import type { AccessFacts, RoleDefinitionFacts, RolePermission } from '../facts';
import { lastSegment } from './scope';

export interface ResolvedRole {
  /** The role's GUID, lower case. */
  guid: string;
  roleName: string;
  builtIn: boolean;
  permissions: RolePermission[];
  /** The custom role's definition as read from ARM (for fixes that rewrite it). */
  definition?: RoleDefinitionFacts;
}

/** Returns the GUID of a role definition id, lower case. */
export function roleGuidOf(roleDefinitionId: string): string {
  return lastSegment(roleDefinitionId).toLowerCase();
}

interface RoleCache {
  length: number;
  /** The first definition whose name or id ends in the GUID, by lower-cased GUID. */
  definitions: Map<string, RoleDefinitionFacts>;
  resolved: Map<string, ResolvedRole | undefined>;
}

// Keyed by the facts' definition array, which stays the same across the facts built for many callers.
const roleCaches = new WeakMap<readonly RoleDefinitionFacts[], RoleCache>();

function roleCacheOf(definitions: readonly RoleDefinitionFacts[]): RoleCache {
  const cached = roleCaches.get(definitions);
  if (cached && cached.length === definitions.length) {
    return cached;
  }

  const cache: RoleCache = { length: definitions.length, definitions: new Map(), resolved: new Map() };
  for (const definition of definitions) {
    for (const guid of [definition.name?.toLowerCase(), roleGuidOf(definition.id ?? '')]) {
      if (guid !== undefined && !cache.definitions.has(guid)) {
        cache.definitions.set(guid, definition);
      }
    }
  }
  roleCaches.set(definitions, cache);
  return cache;
}

/**
 * Resolves a role definition id to its permissions. Definitions in the facts win over the
 * snapshot because they were read live. Returns undefined when neither contains the role (or the
 * snapshot could not confirm its permissions): the caller must report that, never guess.
 */
export function resolveRole(roleDefinitionId: string, facts: AccessFacts): ResolvedRole | undefined {
  return resolveRoleByGuid(roleGuidOf(roleDefinitionId), facts);
}

/**
 * Resolves a lower-case role GUID like `resolveRole`. Results are cached per definition array,
 * so callers get the same `ResolvedRole` object for the same role and must not modify it.
 */
export function resolveRoleByGuid(guid: string, facts: AccessFacts): ResolvedRole | undefined {
  const cache = roleCacheOf(facts.roleDefinitions);
  if (cache.resolved.has(guid)) {
    return cache.resolved.get(guid);
  }

  const resolved = resolveUncached(guid, cache.definitions.get(guid));
  cache.resolved.set(guid, resolved);
  return resolved;
}

function resolveUncached(guid: string, custom: RoleDefinitionFacts | undefined): ResolvedRole | undefined {
  if (custom) {
    return {
      guid,
      roleName: custom.roleName,
      builtIn: custom.roleType === 'BuiltInRole',
      permissions: custom.permissions,
      definition: custom,
    };
  }

  const builtIn = lookupBuiltInRoleByGuid(guid);
  if (builtIn && builtIn.permissions) {
    return { guid, roleName: builtIn.roleName, builtIn: true, permissions: builtIn.permissions };
  }
  return undefined;
}

/** Describes a role by name and GUID: `Key Vault Reader (21090545-...)`. */
export function describeRole(role: ResolvedRole): string {
  return `${role.roleName} (${role.guid})`;
}
