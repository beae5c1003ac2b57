/** Role assignments, role definitions and deny assignments as arm-authorization 9 returns them (`properties` flattened). */
import type { DenyAssignment, Permission, RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import type { DenyAssignmentFacts, RoleAssignmentFacts, RoleDefinitionFacts, RolePermission } from '../../diagnosis/facts';
import { assignDefined, isoDate, required, strings } from './values';

export function mapRoleAssignment(assignment: RoleAssignment): RoleAssignmentFacts {
  const id = required(assignment.id, 'id', 'A role assignment');
  const description = `The role assignment ${id}`;
  const facts: RoleAssignmentFacts = {
    id,
    scope: required(assignment.scope, 'scope', description),
    roleDefinitionId: required(assignment.roleDefinitionId, 'roleDefinitionId', description),
    principalId: required(assignment.principalId, 'principalId', description),
  };
  assignDefined(facts, {
    name: assignment.name,
    principalType: assignment.principalType,
    createdOn: isoDate(assignment.createdOn),
    updatedOn: isoDate(assignment.updatedOn),
  });
  assignCondition(facts, assignment);
  return facts;
}

export function mapRoleDefinition(definition: RoleDefinition): RoleDefinitionFacts {
  const id = required(definition.id, 'id', 'A role definition');
  const description = `The role definition ${id}`;
  const facts: RoleDefinitionFacts = {
    id,
    name: required(definition.name, 'name', description),
    roleName: required(definition.roleName, 'roleName', description),
    // arm-authorization renames the wire field `properties.type` to `roleType`.
    roleType: definition.roleType ?? 'CustomRole',
    assignableScopes: strings(definition.assignableScopes),
    permissions: (definition.permissions ?? []).map(mapPermission),
  };
  assignDefined(facts, { description: definition.description });
  return facts;
}

export function mapDenyAssignment(deny: DenyAssignment): DenyAssignmentFacts {
  const id = required(deny.id, 'id', 'A deny assignment');
  const facts: DenyAssignmentFacts = {
    id,
    scope: required(deny.scope, 'scope', `The deny assignment ${id}`),
    permissions: (deny.permissions ?? []).map(mapPermission),
    principals: (deny.principals ?? []).map(mapPrincipal),
    excludePrincipals: (deny.excludePrincipals ?? []).map(mapPrincipal),
    doNotApplyToChildScopes: deny.doNotApplyToChildScopes ?? false,
  };
  assignDefined(facts, { name: deny.name, denyAssignmentName: deny.denyAssignmentName, isSystemProtected: deny.isSystemProtected });
  return facts;
}

function mapPermission(permission: Permission & { condition?: string; conditionVersion?: string }): RolePermission {
  const facts: RolePermission = {
    actions: strings(permission.actions),
    notActions: strings(permission.notActions),
    dataActions: strings(permission.dataActions),
    notDataActions: strings(permission.notDataActions),
  };
  assignCondition(facts, permission);
  return facts;
}

interface Conditioned {
  condition?: string | null;
  conditionVersion?: string | null;
}

/** Copies an ABAC condition and its version where the source has the field, keeping an explicit null as null. */
function assignCondition(target: Conditioned, source: Conditioned): void {
  if (source.condition !== undefined) {
    target.condition = source.condition ?? null;
  }
  if (source.conditionVersion !== undefined) {
    target.conditionVersion = source.conditionVersion ?? null;
  }
}

function mapPrincipal(principal: { id?: string; type?: string }): { id: string; type?: string } {
  const facts: { id: string; type?: string } = { id: required(principal.id, 'id', 'A deny assignment principal') };
  assignDefined(facts, { type: principal.type });
  return facts;
}
