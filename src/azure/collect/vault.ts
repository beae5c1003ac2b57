/** The vault itself. */
import type { VaultFacts } from '../../diagnosis/facts';
import { isNotFound } from '../errors';
import { mapVault } from '../map/vault';
import { recordGap, type CollectContext } from './context';

/** Reads the vault; undefined (with a `vault` gap) when it cannot be read or does not exist. */
export async function readVault(context: CollectContext): Promise<VaultFacts | undefined> {
  try {
    const client = await context.clients.keyVault(context.vault.subscriptionId);
    return mapVault(await client.vaults.get(context.vault.resourceGroup, context.vault.name, { abortSignal: context.signal }));
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    const description = isNotFound(error) ? `The vault ${context.request.vaultId} was not found` : `Reading the vault ${context.request.vaultId}`;
    recordGap(context, 'vault', error, description);
    return undefined;
  }
}

/** Reads the tenant that owns the vault's subscription, which is the caller's directory when nothing else names one. */
export async function readSubscriptionTenant(context: CollectContext): Promise<string | undefined> {
  try {
    const client = await context.clients.subscriptions();
    const subscription = await client.subscriptions.get(context.vault.subscriptionId, { abortSignal: context.signal });
    return subscription.tenantId;
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    context.log?.warn(`Reading the subscription ${context.vault.subscriptionId} failed, so the caller's tenant is unknown.`);
    return undefined;
  }
}
