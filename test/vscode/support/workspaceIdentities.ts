/**
 * Adds two user-assigned identities to a case for the signed-in workspace checks. `id-orders-viewer`
 * is assigned only Key Vault Reader on the case's vault, and `id-orders-healthy` is assigned Key
 * Vault Secrets User there. Each has a federated credential for its own ServiceAccount in the `orders` namespace.
 */
import type { Scenario } from '../../../src/scenario/types';

const ISSUER = 'https://westeurope.oic.prod-aks.azure.com/414971c0-e638-41d4-a02f-ff6a9c84845d/e2f0ced8-00d2-4667-947b-2402cdf2f215/';
const KEY_VAULT_READER = '21090545-7ca7-4776-b22c-e363652d74d2';
const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

export interface WorkspaceIdentity {
  name: string;
  clientId: string;
  principalId: string;
  /** The ServiceAccount in `orders` that its federated credential names. */
  serviceAccount: string;
  roleGuid: string;
  assignmentGuid: string;
}

export const VIEWER_IDENTITY: WorkspaceIdentity = {
  name: 'id-orders-viewer',
  clientId: '5b0e9a71-3c2d-4e8f-9a1b-2c3d4e5f6a71',
  principalId: '8c1f0b72-4d3e-4f9a-8b2c-3d4e5f6a7b82',
  serviceAccount: 'orders-viewer',
  roleGuid: KEY_VAULT_READER,
  assignmentGuid: '1e2d3c4b-5a69-4788-97a6-b5c4d3e2f193',
};

export const HEALTHY_IDENTITY: WorkspaceIdentity = {
  name: 'id-orders-healthy',
  clientId: '6c1f0b82-4d3e-4a9f-8b2c-3d4e5f6a7c92',
  principalId: '9d2a1c83-5e4f-4a0b-9c3d-4e5f6a7b8da3',
  serviceAccount: 'orders-healthy',
  roleGuid: KEY_VAULT_SECRETS_USER,
  assignmentGuid: '2f3e4d5c-6b7a-4899-a8b7-c6d5e4f3a2b4',
};

export function withWorkspaceIdentities(scenario: Scenario, identities: WorkspaceIdentity[] = [VIEWER_IDENTITY, HEALTHY_IDENTITY]): Scenario {
  const copy = structuredClone(scenario);
  const vaultId = copy.question.vault;
  const subscriptionId = vaultId.split('/')[2];
  const tenantId = copy.tenant.tenantId;

  for (const identity of identities) {
    const identityId = `/subscriptions/${subscriptionId}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity.name}`;
    copy.tenant.resources.push(
      {
        id: identityId,
        name: identity.name,
        type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
        location: 'westeurope',
        tags: {},
        properties: { isolationScope: 'None', tenantId, principalId: identity.principalId, clientId: identity.clientId },
      },
      {
        id: `${identityId}/federatedIdentityCredentials/fic-${identity.serviceAccount}`,
        name: `fic-${identity.serviceAccount}`,
        type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
        properties: { issuer: ISSUER, subject: `system:serviceaccount:orders:${identity.serviceAccount}`, audiences: ['api://AzureADTokenExchange'] },
      },
    );
    copy.tenant.roleAssignments ??= [];
    copy.tenant.roleAssignments.push({
      id: `${vaultId}/providers/Microsoft.Authorization/roleAssignments/${identity.assignmentGuid}`,
      name: identity.assignmentGuid,
      type: 'Microsoft.Authorization/roleAssignments',
      properties: {
        roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${identity.roleGuid}`,
        principalId: identity.principalId,
        principalType: 'ServicePrincipal',
        scope: vaultId,
        condition: null,
        conditionVersion: null,
        createdOn: '2026-10-20T08:27:45.1916260Z',
        updatedOn: '2026-10-20T08:27:45.1916260Z',
        createdBy: 'b3c0499f-07ac-4314-993d-8a8d9e3c425c',
        updatedBy: 'b3c0499f-07ac-4314-993d-8a8d9e3c425c',
        delegatedManagedIdentityResourceId: null,
        description: null,
      },
    });
    copy.directory.principals.push({ objectId: identity.principalId, appId: identity.clientId, type: 'ServicePrincipal', displayName: identity.name, memberOf: [] });
  }
  return copy;
}
