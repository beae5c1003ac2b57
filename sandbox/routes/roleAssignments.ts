/**
 * Role assignments at any scope (API 2022-04-01 semantics): list with ARM's filters and
 * inheritance through resource groups, subscriptions and management groups; GET, PUT (with
 * ARM's duplicate, principal and role checks) and DELETE.
 */
import type { ArmResource } from '../../src/scenario/types';
import { queryValue } from '../http/faults';
import { armListBody } from '../http/paging';
import { ArmError, isRecord, json, noContent, parseJsonBody } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import type { SandboxResponse } from '../http/types';
import { parseAuthorizationFilter } from '../query/assignmentFilter';
import { lastSegment, normalizeScope, sameId, subscriptionOf } from '../tenant/armId';
import { findBuiltinRole } from '../tenant/builtinRoles';
import type { TenantState } from '../tenant/tenantState';
import { requireSubscription } from './subscriptions';

const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function propertiesOf(assignment: ArmResource): Record<string, unknown> {
  return assignment.properties ?? {};
}

/** Returns the role GUID at the end of a role definition id, which is how ARM compares role definitions. */
export function roleGuidOf(roleDefinitionId: unknown): string {
  return typeof roleDefinitionId === 'string' ? lastSegment(roleDefinitionId).toLowerCase() : '';
}

/**
 * Returns the role assignments a list at `scope` includes. Without `atScope()` they sit at, above
 * or below the scope, and with it at or above only. `principalId eq` matches one object
 * exactly; `assignedTo()` adds the groups the principal belongs to, transitively.
 */
export function listRoleAssignments(state: TenantState, scope: string, filterText: string | undefined): ArmResource[] {
  const filter = parseAuthorizationFilter(filterText, ['atScope', 'principalId', 'assignedTo']);

  let principals: string[] | undefined;
  if (filter.assignedTo !== undefined) {
    if (state.findPrincipal(filter.assignedTo)?.type === 'Group') {
      throw new ArmError(400, 'UnsupportedQuery',
        `assignedTo('${filter.assignedTo}') names a group. assignedTo() takes a user or service principal; use principalId eq '${filter.assignedTo}' for a group.`);
    }
    principals = [filter.assignedTo, ...state.transitiveGroupsOf(filter.assignedTo)];
  } else if (filter.principalId !== undefined) {
    principals = [filter.principalId];
  }

  return [...state.roleAssignments.values()].filter((assignment) => {
    const properties = propertiesOf(assignment);
    const assignmentScope = String(properties.scope ?? '');
    const inScope = state.isAtOrAbove(assignmentScope, scope) || (!filter.atScope && state.isBelow(assignmentScope, scope));
    const forPrincipal = principals === undefined || principals.some((id) => sameId(id, String(properties.principalId ?? '')));
    return inScope && forPrincipal;
  });
}

/** Returns whether a role definition with this GUID exists, built-in or custom. */
function roleExists(state: TenantState, roleGuid: string): boolean {
  return findBuiltinRole(roleGuid) !== undefined || state.customRoles.has(roleGuid);
}

function putRoleAssignment(context: RouteContext, scope: string, name: string): SandboxResponse {
  const state = context.state;
  const body = parseJsonBody(context.request.body);
  const properties = isRecord(body.properties) ? body.properties : undefined;
  if (!properties) {
    throw new ArmError(400, 'InvalidRequestContent', 'The role assignment needs a properties object with roleDefinitionId and principalId.');
  }

  const subscriptionId = subscriptionOf(scope);
  if (subscriptionId) {
    requireSubscription(state, subscriptionId);
  }
  if (!GUID.test(name)) {
    throw new ArmError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  }

  const principalId = String(properties.principalId ?? '');
  if (!GUID.test(principalId)) {
    throw new ArmError(400, 'InvalidPrincipalId', `A valid principal ID must be provided for role assignment; '${principalId}' is not a GUID.`);
  }

  // NOTE: ARM also checks that the scope exists and that a custom role's assignableScopes cover
  // it; the sandbox checks neither.
  const roleGuid = roleGuidOf(properties.roleDefinitionId);
  if (!roleExists(state, roleGuid)) {
    throw new ArmError(400, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${roleGuid}' does not exist.`);
  }

  const id = `${scope === '/' ? '' : scope}/providers/${ROLE_ASSIGNMENT_TYPE}/${name}`;
  const condition = typeof properties.condition === 'string' ? properties.condition : null;
  const existing = [...state.roleAssignments.values()].find((assignment) => sameId(assignment.id, id));
  if (existing) {
    const previous = propertiesOf(existing);
    const unchanged = roleGuidOf(previous.roleDefinitionId) === roleGuid && sameId(String(previous.principalId), principalId) && (previous.condition ?? null) === condition;
    if (!unchanged) {
      throw new ArmError(400, 'RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.');
    }
    return json(200, existing);
  }

  const principal = state.findPrincipal(principalId);
  const principalType = typeof properties.principalType === 'string' ? properties.principalType : undefined;
  if (!principal && principalType === undefined) {
    throw new ArmError(400, 'PrincipalNotFound',
      `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${state.tenantId}. Check that you have the correct principal ID. ` +
      'If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. ' +
      'In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group. See https://aka.ms/docs-principaltype');
  }
  if (principal && principalType !== undefined && principal.type !== principalType) {
    throw new ArmError(400, 'UnmatchedPrincipalType',
      `The PrincipalId '${principalId.replace(/-/g, '')}' has type '${principal.type}' , which is different from specified PrincipalType '${principalType}'.`);
  }

  const duplicate = [...state.roleAssignments.values()].find((candidate) => {
    const candidateProperties = propertiesOf(candidate);
    return sameId(String(candidateProperties.scope ?? ''), scope) && roleGuidOf(candidateProperties.roleDefinitionId) === roleGuid &&
      sameId(String(candidateProperties.principalId ?? ''), principalId) && (candidateProperties.condition ?? null) === condition;
  });
  if (duplicate) {
    throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  }

  const now = state.now().toISOString();
  const actor = context.caller?.objectId ?? context.operator.objectId;
  const created: ArmResource = {
    id,
    name,
    type: ROLE_ASSIGNMENT_TYPE,
    properties: {
      roleDefinitionId: properties.roleDefinitionId,
      principalId,
      principalType: principalType ?? principal?.type,
      scope,
      condition,
      conditionVersion: condition === null ? null : properties.conditionVersion ?? '2.0',
      createdOn: now,
      updatedOn: now,
      createdBy: actor,
      updatedBy: actor,
      delegatedManagedIdentityResourceId: properties.delegatedManagedIdentityResourceId ?? null,
      description: properties.description ?? null,
    },
  };
  state.roleAssignments.set(id.toLowerCase(), created);
  return json(201, created);
}

function handleItem(context: RouteContext): SandboxResponse {
  const scope = normalizeScope(context.match[1]);
  const name = context.match[2];
  const id = `${scope === '/' ? '' : scope}/providers/${ROLE_ASSIGNMENT_TYPE}/${name}`;
  const state = context.state;
  // Tests may add assignments under any map key, so look them up by their id.
  const entry = [...state.roleAssignments].find(([, assignment]) => sameId(assignment.id, id));
  const existing = entry?.[1];

  switch (context.request.method.toUpperCase()) {
    case 'PUT':
      return putRoleAssignment(context, scope, name);
    case 'DELETE':
      if (!entry) {
        return noContent();
      }
      state.roleAssignments.delete(entry[0]);
      return json(200, existing);
    default:
      if (!existing) {
        throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
      }
      return json(200, existing);
  }
}

export const roleAssignmentRoutes: readonly Route[] = [
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments$/i,
    handle: (context) => {
      const scope = normalizeScope(context.match[1]);
      const subscriptionId = subscriptionOf(scope);
      if (subscriptionId) {
        requireSubscription(context.state, subscriptionId);
      }

      const assignments = listRoleAssignments(context.state, scope, queryValue(context.request.query, '$filter'));
      return json(200, armListBody(assignments, context));
    },
  },
  {
    family: 'arm',
    methods: ['GET', 'PUT', 'DELETE'],
    pattern: /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i,
    handle: handleItem,
  },
];
