/**
 * Role definitions at any scope: built-in roles, always present with an id prefixed by the
 * requested scope's subscription, and the tenant's custom roles. Lists take the `roleName eq` and
 * `type eq` filters; single roles are read by GUID or full id; custom roles can be written and
 * deleted. The caller's effective permissions are served here too.
 */
import type { ArmResource } from '../../src/scenario/types';
import { queryValue } from '../http/faults';
import { armListBody } from '../http/paging';
import { ArmError, isRecord, json, noContent, parseJsonBody } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import type { SandboxResponse } from '../http/types';
import { parseAuthorizationFilter } from '../query/assignmentFilter';
import { normalizeScope, sameId } from '../tenant/armId';
import { BUILTIN_ROLES, builtinRoleBody, findBuiltinRole, roleDefinitionPrefix } from '../tenant/builtinRoles';
import type { TenantState } from '../tenant/tenantState';

/** Returns whether a custom role can be assigned at `scope` or is defined below it. */
function customRoleVisibleAt(state: TenantState, role: ArmResource, scope: string): boolean {
  const assignableScopes = role.properties?.assignableScopes;
  if (!Array.isArray(assignableScopes)) {
    return false;
  }
  return assignableScopes.some((candidate) => typeof candidate === 'string' && (state.isAtOrAbove(candidate, scope) || state.isBelow(candidate, scope)));
}

export function listRoleDefinitions(state: TenantState, scope: string, filterText: string | undefined): ArmResource[] {
  const filter = parseAuthorizationFilter(filterText, ['roleName', 'roleType']);
  const builtins = BUILTIN_ROLES.map((role) => builtinRoleBody(role, scope));
  const customs = [...state.customRoles.values()].filter((role) => customRoleVisibleAt(state, role, scope));

  return [...builtins, ...customs].filter((role) => {
    const properties = role.properties ?? {};
    const nameMatches = filter.roleName === undefined || sameId(String(properties.roleName ?? ''), filter.roleName);
    const typeMatches = filter.roleType === undefined || sameId(String(properties.type ?? ''), filter.roleType);
    return nameMatches && typeMatches;
  });
}

function getRoleDefinition(state: TenantState, scope: string, guid: string): ArmResource {
  const builtin = findBuiltinRole(guid);
  if (builtin) {
    return builtinRoleBody(builtin, scope);
  }

  const custom = state.customRoles.get(guid.toLowerCase());
  if (!custom) {
    throw new ArmError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${guid}' does not exist.`);
  }
  return custom;
}

function putCustomRole(context: RouteContext, scope: string, guid: string): SandboxResponse {
  const state = context.state;
  if (findBuiltinRole(guid)) {
    throw new ArmError(400, 'RoleDefinitionUpdateNotPermitted', `The role definition '${guid}' is a built-in role and cannot be changed. Create a custom role with a new GUID.`);
  }

  const body = parseJsonBody(context.request.body);
  const properties = isRecord(body.properties) ? body.properties : {};
  const roleName = properties.roleName;
  const assignableScopes = properties.assignableScopes;
  if (typeof roleName !== 'string' || roleName === '') {
    throw new ArmError(400, 'InvalidRoleDefinitionName', 'The role definition needs properties.roleName.');
  }
  if (!Array.isArray(assignableScopes) || assignableScopes.length === 0) {
    throw new ArmError(400, 'InvalidAssignableScopes', 'The role definition needs at least one scope in properties.assignableScopes.');
  }

  const sameName = [...state.customRoles.values()].find((role) => sameId(String(role.properties?.roleName ?? ''), roleName) && !sameId(role.name, guid));
  if (sameName) {
    throw new ArmError(409, 'RoleDefinitionWithSameNameExists', `A custom role with the name '${roleName}' already exists (${sameName.name}). Use another name or update that role.`);
  }

  const existing = state.customRoles.get(guid.toLowerCase());
  const now = state.now().toISOString();
  const actor = context.caller?.objectId ?? context.operator.objectId;
  const role: ArmResource = {
    id: existing?.id ?? roleDefinitionPrefix(scope) + guid,
    name: existing?.name ?? guid,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName,
      type: 'CustomRole',
      description: properties.description ?? null,
      assignableScopes,
      permissions: Array.isArray(properties.permissions) ? properties.permissions : [],
      createdOn: existing?.properties?.createdOn ?? now,
      updatedOn: now,
      createdBy: existing?.properties?.createdBy ?? actor,
      updatedBy: actor,
    },
  };
  state.customRoles.set(guid.toLowerCase(), role);

  // ARM returns 201 for updates as well as creations (the REST spec lists only 201), and az 2.45
  // rejects a 200 with "Operation returned an invalid status 'OK'".
  return json(201, role);
}

function handleItem(context: RouteContext): SandboxResponse {
  const scope = normalizeScope(context.match[1]);
  const guid = context.match[2];
  const state = context.state;

  switch (context.request.method.toUpperCase()) {
    case 'PUT':
      return putCustomRole(context, scope, guid);
    case 'DELETE': {
      const existing = state.customRoles.get(guid.toLowerCase());
      if (!existing) {
        return noContent();
      }
      state.customRoles.delete(guid.toLowerCase());
      return json(200, existing);
    }
    default:
      return json(200, getRoleDefinition(state, scope, guid));
  }
}

export const roleDefinitionRoutes: readonly Route[] = [
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions$/i,
    handle: (context) => {
      const scope = normalizeScope(context.match[1]);
      const roles = listRoleDefinitions(context.state, scope, queryValue(context.request.query, '$filter'));
      return json(200, armListBody(roles, context));
    },
  },
  {
    family: 'arm',
    methods: ['GET', 'PUT', 'DELETE'],
    pattern: /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i,
    handle: handleItem,
  },
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^(.*)\/providers\/Microsoft\.Authorization\/permissions$/i,
    // The operator has every right unless a fault rule takes it away.
    handle: () => json(200, { value: [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }] }),
  },
];
