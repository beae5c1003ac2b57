/** ARM state of the requested secrets and keys (enabled, permitted key operations). */
import type { ObjectFacts } from '../../diagnosis/facts';
import { isNotFound } from '../errors';
import { mapKey, mapSecret } from '../map/objects';
import { recordGap, type CollectContext } from './context';

export async function readObjects(context: CollectContext): Promise<ObjectFacts[]> {
  const results = await Promise.all(context.request.objects.map((ref) => readObject(context, ref)));
  return results.filter((object): object is ObjectFacts => object !== undefined);
}

async function readObject(context: CollectContext, ref: string): Promise<ObjectFacts | undefined> {
  const [collection, name] = ref.split('/');
  if (collection !== 'secrets' && collection !== 'keys') {
    // NOTE: ARM has no certificate resource, so a certificate's state cannot be read without a
    // data-plane token, which this product never requests.
    context.log?.info(`Skipped ${ref}: ARM does not expose certificate state.`);
    return undefined;
  }

  try {
    const client = await context.clients.keyVault(context.vault.subscriptionId);
    const options = { abortSignal: context.signal };
    if (collection === 'secrets') {
      return mapSecret(ref, await client.secrets.get(context.vault.resourceGroup, context.vault.name, name, options));
    }
    return mapKey(ref, await client.keys.get(context.vault.resourceGroup, context.vault.name, name, options));
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    if (isNotFound(error)) {
      return { ref, exists: false };
    }
    recordGap(context, `objects:${ref}`, error, `Reading ${ref} in ${context.request.vaultId}`);
    return undefined;
  }
}
