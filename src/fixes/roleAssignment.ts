/**
 * Role assignment fixes: grant a role at a scope, or remove a stale assignment.
 */
import type { FixSpec } from '../diagnosis/finding';
import { isManagementGroupScope, lastSegment, subscriptionOfScope } from './armId';
import { value } from './commandLine';
import { roleAssignmentName } from './nameUuid';
import { renderScript } from './script';
import type { RenderedFix } from './types';

/** API version of Microsoft.Authorization role assignments and definitions used for writes. */
export const AUTHORIZATION_API_VERSION = '2022-04-01';

type CreateSpec = Extract<FixSpec, { kind: 'role-assignment-create' }>;
type DeleteSpec = Extract<FixSpec, { kind: 'role-assignment-delete' }>;

/**
 * Returns the role definition id ARM expects in a role assignment at this scope: subscription-prefixed
 * under a subscription, `/providers/...` at a management group or the root.
 */
export function roleDefinitionIdForScope(scope: string, roleDefinitionGuid: string): string {
  const subscriptionId = isManagementGroupScope(scope) ? undefined : subscriptionOfScope(scope);
  const prefix = subscriptionId ? `/subscriptions/${subscriptionId}` : '';
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionGuid}`;
}

/** Renders `az role assignment create` with ids only, and the PUT with a name derived from scope, role and principal. */
export function renderRoleAssignmentCreate(spec: CreateSpec): Omit<RenderedFix, 'title'> {
  const scope = trimScope(spec.scope);
  const script = renderScript([
    {
      command: [
        'az', 'role', 'assignment', 'create',
        '--assignee-object-id', value(spec.principalId),
        '--assignee-principal-type', value(spec.principalType),
        '--role', value(spec.roleDefinitionGuid),
        '--scope', value(scope),
      ],
    },
  ]);

  const name = roleAssignmentName(scope, spec.roleDefinitionGuid, spec.principalId);
  return {
    az: script.az,
    powershell: script.powershell,
    note: script.powershellWarning,
    arm: [
      {
        method: 'PUT',
        path: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        apiVersion: AUTHORIZATION_API_VERSION,
        body: {
          properties: {
            roleDefinitionId: roleDefinitionIdForScope(scope, spec.roleDefinitionGuid),
            principalId: spec.principalId,
            principalType: spec.principalType,
          },
        },
        description: `Assign the role ${spec.roleName} (${spec.roleDefinitionGuid}) to ${spec.principalType} ${spec.principalId} at ${scope}.`,
      },
    ],
  };
}

/** Renders `az role assignment delete --ids` and the DELETE of the assignment. */
export function renderRoleAssignmentDelete(spec: DeleteSpec): Omit<RenderedFix, 'title'> {
  const script = renderScript([{ command: ['az', 'role', 'assignment', 'delete', '--ids', value(spec.assignmentId)] }]);

  return {
    az: script.az,
    powershell: script.powershell,
    note: script.powershellWarning,
    arm: [
      {
        method: 'DELETE',
        path: spec.assignmentId,
        apiVersion: AUTHORIZATION_API_VERSION,
        description: `Delete the role assignment ${lastSegment(spec.assignmentId)} (${spec.assignmentId}).`,
      },
    ],
  };
}

/** Removes a trailing slash, except from the root scope `/`. */
function trimScope(scope: string): string {
  const trimmed = scope.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}
