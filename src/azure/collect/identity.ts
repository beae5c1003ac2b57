/** Federated credentials of a user-assigned identity. */
import type { FederatedCredentialFacts } from '../../diagnosis/facts';
import { listAll } from '../clients';
import { requireResourceId } from '../ids';
import { mapFederatedCredential } from '../map/identity';
import { recordGap, type CollectContext } from './context';

/** Lists the identity's federated credentials; undefined (with a `federatedCredentials:<id>` gap) when they cannot be read. */
export async function readFederatedCredentials(context: CollectContext, identityId: string): Promise<FederatedCredentialFacts[] | undefined> {
  const parsed = requireResourceId(identityId, 'Microsoft.ManagedIdentity', 'userAssignedIdentities', 'identity id');
  try {
    const client = await context.clients.managedIdentity(parsed.subscriptionId);
    const credentials = await listAll(client.federatedIdentityCredentials.list(parsed.resourceGroup, parsed.name, { abortSignal: context.signal }));
    return credentials.map(mapFederatedCredential);
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    recordGap(context, `federatedCredentials:${identityId}`, error, `Listing the federated credentials of ${identityId}`);
    return undefined;
  }
}
