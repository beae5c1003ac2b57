/** State shared by the readers of one collection: clients, the request, gaps and the request count. */
import type { AccessRequest, Gap } from '../../diagnosis/facts';
import type { AzureClients } from '../clients';
import type { Logger } from '../env';
import { formatError, gapFromError } from '../errors';
import type { ParsedResourceId } from '../ids';

export interface CollectStats {
  /** ARM and Graph requests sent (retries not counted; token requests go through the credential, not counted). */
  requests: number;
  /** Sequential waves that sent at least one request. */
  waves: number;
  /** Requests per wave, in wave order. */
  requestsPerWave: number[];
}

export interface CollectContext {
  clients: AzureClients;
  request: AccessRequest;
  vault: ParsedResourceId & { resourceGroup: string; name: string };
  signal?: AbortSignal;
  log?: Logger;
  gaps: Gap[];
}

/** Adds a gap for `fact` and logs the error with the ids involved. */
export function recordGap(context: CollectContext, fact: string, error: unknown, description: string): void {
  context.gaps.push(gapFromError(fact, error, description));
  context.log?.warn(`${description}: ${formatError(error)}`);
}

/**
 * Runs a reader and turns any error into a gap for `fact`, so one failed read never stops the
 * others. Returns undefined when the read failed.
 */
export async function guarded<T>(context: CollectContext, fact: string, description: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    recordGap(context, fact, error, description);
    return undefined;
  }
}
