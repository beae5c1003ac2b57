/**
 * Reads the federated credentials of one user-assigned identity outside a full collection, for the
 * editor's signed-in checks of the workspace's ServiceAccounts.
 */
import type { FederatedCredentialFacts } from '../diagnosis/facts';
import { AzureClients, listAll } from './clients';
import type { AzureEnv } from './env';
import { requireResourceId } from './ids';
import { mapFederatedCredential } from './map/identity';

/**
 * Lists the federated credentials of the identity `identityId`
 * (`/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`).
 * Throws for an invalid id, a failed request or cancellation, so the caller decides what a gap means.
 */
export async function readFederatedCredentials(identityId: string, env: AzureEnv, signal?: AbortSignal): Promise<FederatedCredentialFacts[]> {
  const parsed = requireResourceId(identityId, 'Microsoft.ManagedIdentity', 'userAssignedIdentities', 'identity id');
  const client = await new AzureClients(env).managedIdentity(parsed.subscriptionId);
  const credentials = await listAll(client.federatedIdentityCredentials.list(parsed.resourceGroup, parsed.name, { abortSignal: signal }), `The federated credentials of ${identityId}`);
  return credentials.map(mapFederatedCredential);
}
