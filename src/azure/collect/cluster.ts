/** The AKS cluster the caller runs in, and the identities its nodes carry. */
import type { ClusterFacts, IdentityFacts } from '../../diagnosis/facts';
import { formatError } from '../errors';
import { parseResourceId, sameId } from '../ids';
import { mapCluster, nodeResourceGroup } from '../map/cluster';
import { mapIdentity } from '../map/identity';
import { record, text, type Json } from '../map/values';
import { recordGap, type CollectContext } from './context';

/** Microsoft.ContainerService and Microsoft.Compute API versions of the generic reads. */
export const CLUSTER_API = '2024-10-01';
export const SCALE_SET_API = '2024-07-01';

export interface ClusterRead {
  facts: ClusterFacts;
  /** The raw resource, for the node resource group. */
  resource: Json;
}

export async function readCluster(context: CollectContext, clusterId: string): Promise<ClusterRead | undefined> {
  try {
    const resource = await context.clients.armGet(clusterId, CLUSTER_API, { abortSignal: context.signal });
    return { facts: mapCluster(resource), resource };
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    recordGap(context, 'cluster', error, `Reading the cluster ${clusterId}`);
    return undefined;
  }
}

/**
 * Reads the kubelet and Key Vault secrets provider identities the cluster names, skipping ids in
 * `known`. A failure is logged, not a gap, because the cluster facts already carry the client and
 * object ids the checks compare. The read adds only creation dates.
 */
export async function readClusterIdentities(context: CollectContext, cluster: ClusterFacts, known: IdentityFacts[]): Promise<IdentityFacts[]> {
  const ids = [cluster.kubeletIdentity?.resourceId, cluster.secretsProviderIdentity?.resourceId]
    .filter((id): id is string => id !== undefined)
    .filter((id, index, all) => all.findIndex((other) => sameId(other, id)) === index)
    .filter((id) => !known.some((identity) => sameId(identity.id, id)));

  const identities = await Promise.all(
    ids.map(async (id) => {
      const parsed = parseResourceId(id);
      if (!parsed?.resourceGroup || !parsed.name) {
        return undefined;
      }
      try {
        const client = await context.clients.managedIdentity(parsed.subscriptionId);
        return mapIdentity(await client.userAssignedIdentities.get(parsed.resourceGroup, parsed.name, { abortSignal: context.signal }));
      } catch (error) {
        if (context.signal?.aborted) {
          throw error;
        }
        context.log?.warn(`Reading the cluster identity ${id} failed: ${formatError(error)}`);
        return undefined;
      }
    }),
  );
  return identities.filter((identity): identity is IdentityFacts => identity !== undefined);
}

/**
 * Client ids of the identities attached to the cluster's node scale sets: the kubelet and secrets
 * provider identities AKS attaches, plus any user-assigned identity attached by hand (read from
 * the scale sets in the node resource group). When the scale sets cannot be read, returns the
 * ones AKS attaches and logs why.
 */
export async function readNodeIdentityClientIds(context: CollectContext, read: ClusterRead): Promise<string[]> {
  const clientIds = new Set<string>();
  for (const ref of [read.facts.kubeletIdentity, read.facts.secretsProviderIdentity]) {
    if (ref?.clientId) {
      clientIds.add(ref.clientId.toLowerCase());
    }
  }

  const group = nodeResourceGroup(read.resource);
  const subscriptionId = parseResourceId(read.facts.id)?.subscriptionId;
  if (!group || !subscriptionId) {
    return [...clientIds];
  }

  try {
    const scaleSets = await context.clients.armList(
      `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachineScaleSets`,
      SCALE_SET_API,
      { abortSignal: context.signal },
    );
    for (const scaleSet of scaleSets) {
      for (const attached of Object.values(record(record(scaleSet.identity).userAssignedIdentities))) {
        const clientId = text(record(attached).clientId);
        if (clientId) {
          clientIds.add(clientId.toLowerCase());
        }
      }
    }
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    context.log?.warn(`Listing the scale sets in ${group} failed, so only the identities AKS attaches are known: ${formatError(error)}`);
  }
  return [...clientIds];
}

