/**
 * Built-in role definitions, always present in the sandbox at every scope. The data is a snapshot
 * of Azure's built-in roles that matter for Key Vault (sandbox/data/builtinRoles.json).
 */
import builtinRoleData from '../data/builtinRoles.json';

import type { ArmResource } from '../../src/scenario/types';

interface BuiltinRoleRecord {
  id: string;
  roleName: string;
  description: string;
  permissions: unknown[];
}

const ROLE_DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';

export const BUILTIN_ROLES: readonly BuiltinRoleRecord[] = (builtinRoleData as BuiltinRoleRecord[]).map((role) => ({
  id: role.id,
  roleName: role.roleName,
  description: role.description,
  permissions: role.permissions,
}));

/**
 * Returns the id prefix ARM gives a role definition read at `scope`: subscription-prefixed at or
 * below a subscription, tenant-level (`/providers/...`) at a management group or the root.
 */
export function roleDefinitionPrefix(scope: string): string {
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  const base = subscription ? `/subscriptions/${subscription}` : '';
  return `${base}/providers/Microsoft.Authorization/roleDefinitions/`;
}

/** Builds the full ARM body of a built-in role as read at `scope`. */
export function builtinRoleBody(role: BuiltinRoleRecord, scope: string): ArmResource {
  return {
    id: roleDefinitionPrefix(scope) + role.id,
    name: role.id,
    type: ROLE_DEFINITION_TYPE,
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: structuredClone(role.permissions),
    },
  };
}

export function findBuiltinRole(guid: string): BuiltinRoleRecord | undefined {
  const lower = guid.toLowerCase();
  return BUILTIN_ROLES.find((role) => role.id.toLowerCase() === lower);
}
