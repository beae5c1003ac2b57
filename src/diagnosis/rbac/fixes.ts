/**
 * Fixes for Azure RBAC findings: least-privilege role assignments for the caller's principal id
 * (never its client id), at vault scope unless the request is about one object and lists nothing.
 */
import type { OperationSpec } from '../context';
import type { AccessFacts, RoleDefinitionFacts } from '../facts';
import type { Fix } from '../finding';
import { isManagementGroupScope } from './scope';
import { leastPrivilegeRoles } from './leastPrivilege';
import { callerPrincipalType } from './membership';
import { requestTargets, vaultIdOf } from './targets';

/** Control-plane actions that people put under `actions` meaning the data actions they correspond to. */
const DATA_ACTIONS_FOR_CONTROL_PLANE_ACTION: Record<string, string[]> = {
  'microsoft.keyvault/vaults/secrets/read': [
    'Microsoft.KeyVault/vaults/secrets/getSecret/action',
    'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
  ],
  'microsoft.keyvault/vaults/secrets/write': ['Microsoft.KeyVault/vaults/secrets/setSecret/action'],
  'microsoft.keyvault/vaults/keys/read': ['Microsoft.KeyVault/vaults/keys/read'],
  'microsoft.keyvault/vaults/keys/write': ['Microsoft.KeyVault/vaults/keys/create/action'],
};

/**
 * Returns the data actions an entry under `actions` was meant to grant, when it names one Key Vault object
 * permission without a wildcard (`Microsoft.KeyVault/vaults/keys/read`, or a data action itself);
 * empty for ordinary control-plane actions and wildcards.
 */
export function intendedDataActions(action: string, knownDataActions: readonly string[]): string[] {
  const key = action.trim().toLowerCase();
  if (key.includes('*') || !key.startsWith('microsoft.keyvault/vaults/')) {
    return [];
  }
  const mapped = DATA_ACTIONS_FOR_CONTROL_PLANE_ACTION[key];
  if (mapped) {
    return mapped;
  }
  const same = knownDataActions.find((dataAction) => dataAction.toLowerCase() === key);
  return same ? [same] : [];
}

/** Role assignments that allow every requested operation of the given collections, for the caller. */
export function roleAssignmentFixes(facts: AccessFacts, operations: readonly OperationSpec[]): Fix[] {
  const principalId = facts.caller.principalId;
  if (!principalId) {
    return [];
  }

  const vaultId = vaultIdOf(facts);
  const { principalType, assumed } = callerPrincipalType(facts);
  const typeNote = assumed ? ' The principal type was not read, so ServicePrincipal is assumed (managed identities are service principals).' : '';
  const fixes: Fix[] = [];

  const targets = requestTargets(facts, operations);
  const objectRefs = [...new Set(targets.map((target) => target.objectRef?.toLowerCase()))];
  const singleObject = objectRefs.length === 1 && objectRefs[0] !== undefined ? targets[0]?.objectRef : undefined;

  for (const choice of leastPrivilegeRoles(operations, facts.request.client)) {
    const names = choice.operations.map((operation) => operation.name).join(', ');
    fixes.push({
      title: `Assign ${choice.roleName} to ${principalId} on the vault`,
      spec: {
        kind: 'role-assignment-create',
        principalId,
        principalType,
        roleDefinitionGuid: choice.guid,
        roleName: choice.roleName,
        scope: vaultId,
      },
      note: `Allows ${names}. Role assignments can take up to 10 minutes to apply.${typeNote}`,
    });

    if (singleObject && singleObject.toLowerCase().startsWith(`${choice.operations[0]?.collection}/`)) {
      fixes.push({
        title: `Or assign ${choice.roleName} to ${principalId} on ${singleObject} only`,
        spec: {
          kind: 'role-assignment-create',
          principalId,
          principalType,
          roleDefinitionGuid: choice.guid,
          roleName: choice.roleName,
          scope: `${vaultId}/${singleObject}`,
        },
        note: `Narrower: allows ${names} on this one object and nothing else in the vault.${typeNote}`,
      });
    }
  }
  return fixes;
}

/**
 * Rewrites a custom role so Key Vault object permissions listed under `actions` become the data
 * actions they were meant to be. Returns undefined when the role contains no such entry.
 */
export function customRoleFix(definition: RoleDefinitionFacts, knownDataActions: readonly string[]): Fix | undefined {
  let moved: string[] = [];

  const permissions = definition.permissions.map((block) => {
    const actions: string[] = [];
    const dataActions = [...block.dataActions];
    for (const action of block.actions) {
      const intended = intendedDataActions(action, knownDataActions);
      if (intended.length === 0) {
        actions.push(action);
        continue;
      }
      moved = [...moved, action];
      for (const dataAction of intended) {
        if (!dataActions.some((existing) => existing.toLowerCase() === dataAction.toLowerCase())) {
          dataActions.push(dataAction);
        }
      }
    }
    return { actions, notActions: [...block.notActions], dataActions, notDataActions: [...block.notDataActions] };
  });

  if (moved.length === 0) {
    return undefined;
  }

  const managementGroupScopes = definition.assignableScopes.filter(isManagementGroupScope);
  const scopeNote =
    managementGroupScopes.length > 0
      ? ` Azure rejects custom roles with dataActions that are assignable at a management group, so replace ${managementGroupScopes.join(', ')} in assignableScopes with subscriptions.`
      : '';
  return {
    title: `Move ${moved.join(', ')} from actions to dataActions in the custom role ${definition.roleName}`,
    spec: {
      kind: 'role-definition-update',
      roleDefinitionId: definition.id,
      roleName: definition.roleName,
      description: definition.description,
      assignableScopes: [...definition.assignableScopes],
      permissions,
    },
    note: `Under actions these entries only authorize Azure Resource Manager calls, never the Key Vault data plane. Every assignment of this role changes with it.${scopeNote}`,
  };
}
