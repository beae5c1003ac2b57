/**
 * Terse hand-built AccessFacts for unit tests: an RBAC vault reachable over the public network,
 * and a caller that is a user-assigned managed identity with no grants. Tests add role
 * assignments, access policies and gaps to the returned object.
 */
import { buildContext } from '../../../../src/diagnosis/diagnose';
import type { CheckContext } from '../../../../src/diagnosis/context';
import { FACTS_SCHEMA, type AccessFacts, type AccessPolicyEntry, type RoleAssignmentFacts } from '../../../../src/diagnosis/facts';
import type { CauseCode, Finding, Severity } from '../../../../src/diagnosis/finding';

export const NOW = '2026-12-04T12:00:00Z';
export const TENANT = '11111111-1111-4111-8111-111111111111';
export const SUBSCRIPTION = '22222222-2222-4222-8222-222222222222';
export const SUBSCRIPTION_ID = `/subscriptions/${SUBSCRIPTION}`;
export const RESOURCE_GROUP_ID = `${SUBSCRIPTION_ID}/resourceGroups/rg-app`;
export const VAULT_NAME = 'kv-app-prod';
export const VAULT_ID = `${RESOURCE_GROUP_ID}/providers/Microsoft.KeyVault/vaults/${VAULT_NAME}`;
export const OTHER_VAULT_ID = `${RESOURCE_GROUP_ID}/providers/Microsoft.KeyVault/vaults/kv-other`;
export const MANAGEMENT_GROUP_ID = '/providers/Microsoft.Management/managementGroups/mg-platform';
export const ROOT_GROUP_ID = `/providers/Microsoft.Management/managementGroups/${TENANT}`;
export const IDENTITY_ID = `${SUBSCRIPTION_ID}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app`;
export const PRINCIPAL_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
export const CLIENT_ID = 'cccccccc-0000-4000-8000-000000000001';
export const GROUP_ID = '99999999-0000-4000-8000-000000000001';
export const OTHER_PRINCIPAL_ID = 'bbbbbbbb-0000-4000-8000-000000000002';

export const ROLES = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  keyVaultContributor: 'f25e0fa2-a7c8-4377-a976-54943a77a395',
  keyVaultAdministrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  keyVaultReader: '21090545-7ca7-4776-b22c-e363652d74d2',
  secretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  secretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  certificateUser: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba',
  certificatesOfficer: 'a4417e6f-fecd-4de8-b567-7b0420556985',
  cryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424',
  cryptoOfficer: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603',
  cryptoServiceEncryptionUser: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  purgeOperator: 'a68e7c17-0ab2-4c09-9a58-125dae29748c',
} as const;

export interface FactsOptions {
  rbac?: boolean | null;
  operations?: string[];
  objects?: string[];
}

/** Fresh facts: RBAC vault (unless `rbac` gives another model), caller id-app, no grants, no gaps. */
export function makeFacts(options: FactsOptions = {}): AccessFacts {
  return {
    schema: FACTS_SCHEMA,
    now: NOW,
    request: {
      vaultId: VAULT_ID,
      caller: { identity: IDENTITY_ID },
      operations: options.operations ?? ['secrets/get'],
      objects: options.objects ?? ['secrets/db-password'],
    },
    vault: {
      id: VAULT_ID,
      name: VAULT_NAME,
      location: 'westeurope',
      tenantId: TENANT,
      vaultUri: `https://${VAULT_NAME}.vault.azure.net/`,
      enableRbacAuthorization: options.rbac === undefined ? true : options.rbac,
      publicNetworkAccess: 'Enabled',
      networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
      accessPolicies: [],
      privateEndpointConnections: [],
    },
    caller: {
      principalId: PRINCIPAL_ID,
      clientId: CLIENT_ID,
      tenantId: TENANT,
      principalType: 'ServicePrincipal',
      identityId: IDENTITY_ID,
      displayName: 'id-app',
      createdAt: '2026-01-10T08:00:00Z',
      groupIds: [],
    },
    identities: [
      { id: IDENTITY_ID, name: 'id-app', principalId: PRINCIPAL_ID, clientId: CLIENT_ID, tenantId: TENANT, createdAt: '2026-01-10T08:00:00Z', federatedCredentials: [] },
    ],
    directory: {
      principals: [{ objectId: PRINCIPAL_ID, clientId: CLIENT_ID, type: 'ServicePrincipal', displayName: 'id-app' }],
      missingObjectIds: [],
    },
    roleAssignments: [],
    roleDefinitions: [],
    denyAssignments: [],
    managementGroupIds: [MANAGEMENT_GROUP_ID, ROOT_GROUP_ID],
    objects: (options.objects ?? ['secrets/db-password']).map((ref) => ({ ref, id: `${VAULT_ID}/${ref}`, exists: true, enabled: true })),
    network: { privateEndpoints: [], privateDnsZones: [], virtualNetworks: [] },
    gaps: [],
  };
}

let counter = 0;

/** Builds a role assignment of `role` (GUID) at `scope`, to the caller unless `extra.principalId` names another principal. */
export function roleAssignment(role: string, scope: string, extra: Partial<RoleAssignmentFacts> = {}): RoleAssignmentFacts {
  counter += 1;
  const name = `${counter.toString(16).padStart(8, '0')}-1111-4111-8111-111111111111`;
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    scope,
    roleDefinitionId: `${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
    principalId: PRINCIPAL_ID,
    principalType: 'ServicePrincipal',
    condition: null,
    conditionVersion: null,
    createdOn: '2026-06-01T09:00:00Z',
    updatedOn: '2026-06-01T09:00:00Z',
    ...extra,
  };
}

/** Builds an access policy entry of the vault's tenant for `objectId`. */
export function accessPolicy(objectId: string, permissions: AccessPolicyEntry['permissions'], extra: Partial<AccessPolicyEntry> = {}): AccessPolicyEntry {
  return { tenantId: TENANT, objectId, permissions, ...extra };
}

export function objectId(ref: string): string {
  return `${VAULT_ID}/${ref}`;
}

export function contextOf(facts: AccessFacts): CheckContext {
  return buildContext(facts);
}

/** Filters findings by code, and optionally by severity. */
export function withCode(findings: readonly Finding[], code: CauseCode, severity?: Severity): Finding[] {
  return findings.filter((finding) => finding.code === code && (severity === undefined || finding.severity === severity));
}

/** Lists the codes of findings with the severity, for assertions on what fired. */
export function codesWith(findings: readonly Finding[], severity: Severity): CauseCode[] {
  return findings.filter((finding) => finding.severity === severity).map((finding) => finding.code);
}
