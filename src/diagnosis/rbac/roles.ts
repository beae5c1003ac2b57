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

/**
 * Resolves a role definition id to its permissions. Definitions in the facts win over the
 * snapshot because they were read live. Returns undefined when neither contains the role (or the
 * snapshot could not confirm its permissions): the caller must report that, never guess.
 */
export function resolveRole(roleDefinitionId: string, facts: AccessFacts): ResolvedRole | undefined {
  const guid = roleGuidOf(roleDefinitionId);

  const custom = facts.roleDefinitions.find(
    (definition) => definition.name.toLowerCase() === guid || roleGuidOf(definition.id) === guid,
  );
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
