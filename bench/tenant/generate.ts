/**
 * A generated tenant of a large organisation, deterministic for a given seed: subscriptions,
 * vaults and user-assigned identities spread unevenly across them, plus groups and users. The
 * discovery benchmark serves it from the sandbox, and the engine benchmark adds role
 * assignments over it.
 */
import type { ArmResource, Scenario, ScenarioPrincipal } from '../../src/scenario/types';
import { SCENARIO_SCHEMA } from '../../src/scenario/types';
import { SeededRandom } from '../random';

export interface TenantSize {
  subscriptions: number;
  vaults: number;
  identities: number;
  groups: number;
  users: number;
}

export const LARGE_TENANT: TenantSize = { subscriptions: 300, vaults: 3000, identities: 2000, groups: 300, users: 1000 };

export interface GeneratedVault {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
}

export interface GeneratedIdentity extends GeneratedVault {
  principalId: string;
  clientId: string;
}

export interface GeneratedTenant {
  tenantId: string;
  subscriptionIds: string[];
  /** Resource group ids, `/subscriptions/<s>/resourceGroups/<name>`. */
  resourceGroupIds: string[];
  vaults: GeneratedVault[];
  identities: GeneratedIdentity[];
  groupIds: string[];
  userIds: string[];
}

/** Resource groups per subscription. */
const GROUPS_PER_SUBSCRIPTION = 4;
const LOCATIONS = ['westeurope', 'northeurope', 'eastus2', 'uksouth'];

export function generateTenant(size: TenantSize, seed: number): GeneratedTenant {
  const random = new SeededRandom(seed);
  const tenantId = random.guid();
  const subscriptionIds = Array.from({ length: size.subscriptions }, () => random.guid());
  const resourceGroupIds = subscriptionIds.flatMap((subscriptionId) =>
    Array.from({ length: GROUPS_PER_SUBSCRIPTION }, (_, index) => `/subscriptions/${subscriptionId}/resourceGroups/rg-app-${index}`),
  );

  // Squaring a uniform draw puts more resources in the first subscriptions, as in real tenants
  // where a few platform subscriptions hold most vaults.
  const placeIn = () => {
    const draw = random.nextUint32() / 2 ** 32;
    return resourceGroupIds[Math.floor(draw * draw * resourceGroupIds.length)] as string;
  };

  const vaults = Array.from({ length: size.vaults }, (_, index) => {
    const group = placeIn();
    const name = `kv-${index.toString().padStart(5, '0')}-${random.nextUint32().toString(36).slice(0, 5)}`;
    return { ...splitGroupId(group), id: `${group}/providers/Microsoft.KeyVault/vaults/${name}`, name };
  });
  const identities = Array.from({ length: size.identities }, (_, index) => {
    const group = placeIn();
    const name = `id-workload-${index.toString().padStart(5, '0')}`;
    return { ...splitGroupId(group), id: `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`, name, principalId: random.guid(), clientId: random.guid() };
  });

  return {
    tenantId,
    subscriptionIds,
    resourceGroupIds,
    vaults,
    identities,
    groupIds: Array.from({ length: size.groups }, () => random.guid()),
    userIds: Array.from({ length: size.users }, () => random.guid()),
  };
}

function splitGroupId(groupId: string): { subscriptionId: string; resourceGroup: string } {
  const parts = groupId.split('/');
  return { subscriptionId: parts[2] as string, resourceGroup: parts[4] as string };
}

/** Builds the sandbox scenario for the tenant: ARM bodies for every vault and identity, and the directory. */
export function tenantScenario(tenant: GeneratedTenant): Scenario {
  const resources: ArmResource[] = [
    ...tenant.vaults.map((vault, index) => ({
      id: vault.id,
      name: vault.name,
      type: 'Microsoft.KeyVault/vaults',
      location: LOCATIONS[index % LOCATIONS.length] as string,
      tags: {},
      properties: {
        sku: { family: 'A', name: 'standard' },
        tenantId: tenant.tenantId,
        accessPolicies: [],
        enableRbacAuthorization: index % 5 !== 0,
        vaultUri: `https://${vault.name}.vault.azure.net/`,
        publicNetworkAccess: index % 7 === 0 ? 'Disabled' : 'Enabled',
        networkAcls: { bypass: 'AzureServices', defaultAction: index % 3 === 0 ? 'Deny' : 'Allow', ipRules: [], virtualNetworkRules: [] },
        provisioningState: 'Succeeded',
      },
    })),
    ...tenant.identities.map((identity, index) => ({
      id: identity.id,
      name: identity.name,
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      location: LOCATIONS[index % LOCATIONS.length] as string,
      tags: {},
      properties: { tenantId: tenant.tenantId, principalId: identity.principalId, clientId: identity.clientId },
    })),
  ];

  const principals: ScenarioPrincipal[] = [
    ...tenant.identities.map((identity) => ({ objectId: identity.principalId, appId: identity.clientId, type: 'ServicePrincipal', displayName: identity.name, memberOf: [] })),
    ...tenant.groupIds.map((objectId, index) => ({ objectId, appId: null, type: 'Group', displayName: `grp-team-${index}`, memberOf: [] })),
    ...tenant.userIds.map((objectId, index) => ({ objectId, appId: null, type: 'User', displayName: `user-${index}`, memberOf: [] })),
  ];

  const firstVault = tenant.vaults[0];
  if (!firstVault) {
    throw new Error('The generated tenant has no vault; give a size with at least one vault.');
  }
  return {
    schema: SCENARIO_SCHEMA,
    now: '2026-12-04T12:00:00Z',
    tenant: {
      tenantId: tenant.tenantId,
      subscriptions: tenant.subscriptionIds.map((subscriptionId, index) => ({
        id: `/subscriptions/${subscriptionId}`,
        subscriptionId,
        displayName: `sub-${index.toString().padStart(3, '0')}`,
        tenantId: tenant.tenantId,
        state: 'Enabled',
      })),
      resources,
      roleAssignments: [],
    },
    directory: { principals },
    // The sandbox needs a question to load; discovery never reads it.
    question: { vault: firstVault.id, caller: { objectId: tenant.userIds[0] ?? tenant.tenantId }, operations: ['secrets/get'] },
  };
}
