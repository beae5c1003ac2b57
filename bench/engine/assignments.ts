/**
 * Role assignments, custom roles and deny assignments over a generated tenant, in the form the
 * engine reads (`AccessFacts`). The mix is an estimate of a large organisation. Most
 * assignments are at vaults, the others at resource groups, subscriptions and single secrets.
 * Half go to managed identities and the rest to groups and users, a few with ABAC conditions.
 */
import type { DenyAssignmentFacts, RoleAssignmentFacts, RoleDefinitionFacts } from '../../src/diagnosis/facts';
import { SeededRandom } from '../random';
import type { GeneratedTenant } from '../tenant/generate';

/** Built-in role GUIDs, as the shipped snapshot names them. */
const ROLES = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  keyVaultAdministrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  keyVaultReader: '21090545-7ca7-4776-b22c-e363652d74d2',
  secretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  secretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  cryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424',
  certificateUser: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba',
} as const;

/** The secret every evaluation requests, and the one that secret-scoped assignments name. */
export const SECRET_NAME = 'app-secret';

const SECRET_CONDITION =
  "((!(ActionMatches{'Microsoft.KeyVault/vaults/secrets/getSecret/action'})) OR (@Resource[Microsoft.KeyVault/vaults/secrets:name] StringEquals 'app-secret'))";

export interface TenantAuthorization {
  roleAssignments: RoleAssignmentFacts[];
  roleDefinitions: RoleDefinitionFacts[];
  denyAssignments: DenyAssignmentFacts[];
  managementGroupIds: string[];
}

export function generateAuthorization(tenant: GeneratedTenant, count: number, seed: number): TenantAuthorization {
  const random = new SeededRandom(seed);
  const customRoles = customRoleDefinitions(tenant, random);
  const dataRoles = [ROLES.secretsUser, ROLES.secretsUser, ROLES.secretsOfficer, ROLES.keyVaultReader, ROLES.cryptoUser, ROLES.certificateUser, ROLES.keyVaultAdministrator];
  const controlRoles = [ROLES.reader, ROLES.reader, ROLES.contributor, ROLES.owner];

  const roleAssignments: RoleAssignmentFacts[] = [];
  for (let index = 0; index < count; index += 1) {
    const draw = random.int(100);
    let scope: string;
    let role: string;
    if (draw < 5) {
      scope = `/subscriptions/${random.pick(tenant.subscriptionIds)}`;
      role = random.pick(controlRoles);
    } else if (draw < 25) {
      scope = random.pick(tenant.resourceGroupIds);
      role = random.int(3) === 0 ? random.pick(controlRoles) : random.pick(dataRoles);
    } else if (draw < 85) {
      scope = random.pick(tenant.vaults).id;
      role = random.int(10) === 0 ? (random.pick(customRoles).name as string) : random.pick(dataRoles);
    } else {
      scope = `${random.pick(tenant.vaults).id}/secrets/${SECRET_NAME}`;
      role = ROLES.secretsUser;
    }

    const principal = pickPrincipal(tenant, random);
    const subscriptionId = scope.split('/')[2] ?? tenant.subscriptionIds[0];
    const assignment: RoleAssignmentFacts = {
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${random.guid()}`,
      scope,
      roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId: principal.id,
      principalType: principal.type,
      createdOn: '2026-06-01T09:00:00Z',
    };
    if (role === ROLES.secretsUser && random.int(50) === 0) {
      assignment.condition = SECRET_CONDITION;
      assignment.conditionVersion = '2.0';
    }
    roleAssignments.push(assignment);
  }

  return {
    roleAssignments,
    roleDefinitions: customRoles,
    denyAssignments: denyAssignments(tenant, random),
    managementGroupIds: [`/providers/Microsoft.Management/managementGroups/${tenant.tenantId}`],
  };
}

function pickPrincipal(tenant: GeneratedTenant, random: SeededRandom): { id: string; type: string } {
  const draw = random.int(10);
  if (draw < 5) {
    return { id: random.pick(tenant.identities).principalId, type: 'ServicePrincipal' };
  }
  if (draw < 8) {
    return { id: random.pick(tenant.groupIds), type: 'Group' };
  }
  return { id: random.pick(tenant.userIds), type: 'User' };
}

/** Custom roles with wildcards and exclusions, the shapes that make evaluation more than a lookup. */
function customRoleDefinitions(tenant: GeneratedTenant, random: SeededRandom): RoleDefinitionFacts[] {
  const shapes: { roleName: string; dataActions: string[]; notDataActions: string[]; actions: string[] }[] = [
    { roleName: 'App Secrets Reader', dataActions: ['Microsoft.KeyVault/vaults/secrets/*'], notDataActions: ['Microsoft.KeyVault/vaults/secrets/setSecret/action'], actions: [] },
    { roleName: 'Key Reader (control plane)', dataActions: [], notDataActions: [], actions: ['Microsoft.KeyVault/vaults/keys/read'] },
    { roleName: 'Vault Data Everything But Purge', dataActions: ['Microsoft.KeyVault/vaults/*'], notDataActions: ['Microsoft.KeyVault/vaults/*/purge/action'], actions: ['Microsoft.KeyVault/vaults/read'] },
  ];
  return shapes.map((shape) => {
    const guid = random.guid();
    return {
      id: `/subscriptions/${tenant.subscriptionIds[0]}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
      name: guid,
      roleName: shape.roleName,
      roleType: 'CustomRole',
      assignableScopes: [`/providers/Microsoft.Management/managementGroups/${tenant.tenantId}`],
      permissions: [{ actions: shape.actions, notActions: [], dataActions: shape.dataActions, notDataActions: shape.notDataActions }],
    };
  });
}

/** Creates a deny assignment on each of twenty subscriptions that denies secret writes to everyone but one group. */
function denyAssignments(tenant: GeneratedTenant, random: SeededRandom): DenyAssignmentFacts[] {
  return tenant.subscriptionIds.slice(0, 20).map((subscriptionId) => ({
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/denyAssignments/${random.guid()}`,
    scope: `/subscriptions/${subscriptionId}`,
    permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/secrets/setSecret/action'], notDataActions: [] }],
    principals: [{ id: '00000000-0000-0000-0000-000000000000', type: 'SystemDefined' }],
    excludePrincipals: [{ id: random.pick(tenant.groupIds), type: 'Group' }],
    doNotApplyToChildScopes: false,
  }));
}
