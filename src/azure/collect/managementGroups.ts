/** Management groups above the vault's subscription, nearest first. */
import { record, records, text } from '../map/values';
import { recordGap, type CollectContext } from './context';
import { queryResources } from './resourceGraph';

/**
 * Reads `properties.managementGroupAncestorsChain` of the subscription's row in Resource Graph's
 * ResourceContainers table (one query, nearest group first). Returns undefined and adds a
 * `managementGroups` gap when it cannot be read.
 */
export async function readManagementGroupIds(context: CollectContext): Promise<string[] | undefined> {
  const subscriptionId = context.vault.subscriptionId;
  try {
    const rows = await queryResources(
      context,
      `ResourceContainers | where type =~ 'microsoft.resources/subscriptions' and subscriptionId =~ '${subscriptionId}'`,
    );
    const row = rows.find((candidate) => text(candidate.subscriptionId)?.toLowerCase() === subscriptionId.toLowerCase()) ?? rows[0];
    if (!row) {
      throw new Error(`Azure Resource Graph returned no row for the subscription ${subscriptionId}.`);
    }
    return records(record(row.properties).managementGroupAncestorsChain)
      .map((group) => text(group.name))
      .filter((name): name is string => name !== undefined)
      .map((name) => `/providers/Microsoft.Management/managementGroups/${name}`);
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    recordGap(context, 'managementGroups', error, `Reading the management groups above the subscription ${subscriptionId}`);
    return undefined;
  }
}
