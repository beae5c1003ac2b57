/**
 * Network facts: the caller's virtual network, the vault's private endpoints, and the private DNS
 * zones for Key Vault's private link zone with their virtual network links and A records.
 */
import type { PrivateDnsZoneFacts, PrivateEndpointFacts, VaultFacts, VirtualNetworkFacts } from '../../diagnosis/facts';
import { parseResourceId, sameId } from '../ids';
import { mapPrivateDnsZone, mapPrivateEndpoint, mapVirtualNetwork } from '../map/network';
import { text, type Json } from '../map/values';
import { recordGap, type CollectContext } from './context';
import { queryResources } from './resourceGraph';

/** API versions of the generic network reads (Microsoft.Network 2024-05-01; private DNS 2024-06-01). */
export const NETWORK_API = '2024-05-01';
export const PRIVATE_DNS_API = '2024-06-01';

/** Reads the virtual networks that hold these subnets; a failure adds a `network` gap. */
export async function readVirtualNetworks(context: CollectContext, subnetIds: string[]): Promise<VirtualNetworkFacts[]> {
  const vnetIds = [...new Set(subnetIds.map(virtualNetworkOf).filter((id): id is string => id !== undefined))];

  return readNetworkResources(context, vnetIds, mapVirtualNetwork, 'network', 'the virtual network');
}

/**
 * Finds the private DNS zones named like the cloud's Key Vault private link zone in every
 * subscription the account can read (one Resource Graph query). When Resource Graph is refused,
 * lists the zones of the given subscriptions instead. Returns zone resources (id, name).
 */
export async function findPrivateLinkZones(context: CollectContext, subscriptionIds: string[]): Promise<Json[] | undefined> {
  const zoneName = context.clients.env.cloud.privateLinkZone.toLowerCase();
  const matches = (zone: Json) => text(zone.name)?.toLowerCase() === zoneName;

  try {
    const rows = await queryResources(context, `Resources | where type =~ 'microsoft.network/privatednszones'`);
    return rows.filter(matches);
  } catch (graphError) {
    if (context.signal?.aborted) {
      throw graphError;
    }
    context.log?.warn(`Azure Resource Graph refused the private DNS zone query; listing zones per subscription instead.`);

    try {
      const lists = await Promise.all(
        [...new Set(subscriptionIds)].map((subscriptionId) =>
          context.clients.armList(`/subscriptions/${subscriptionId}/providers/Microsoft.Network/privateDnsZones`, PRIVATE_DNS_API, { abortSignal: context.signal }),
        ),
      );
      return lists.flat().filter(matches);
    } catch (error) {
      if (context.signal?.aborted) {
        throw error;
      }
      recordGap(context, 'privateDns', error, `Listing private DNS zones named ${zoneName}`);
      return undefined;
    }
  }
}

/** Reads the links and A records of each zone. */
export async function readZoneDetails(context: CollectContext, zones: Json[]): Promise<PrivateDnsZoneFacts[]> {
  const details = await Promise.all(
    zones.map(async (zone) => {
      const zoneId = text(zone.id);
      if (!zoneId) {
        return undefined;
      }
      try {
        const options = { abortSignal: context.signal };
        const [links, aRecords] = await Promise.all([
          context.clients.armList(`${zoneId}/virtualNetworkLinks`, PRIVATE_DNS_API, options),
          context.clients.armList(`${zoneId}/A`, PRIVATE_DNS_API, options),
        ]);
        return mapPrivateDnsZone(zone, links, aRecords);
      } catch (error) {
        if (context.signal?.aborted) {
          throw error;
        }
        recordGap(context, 'privateDns', error, `Reading the links and A records of ${zoneId}`);
        return undefined;
      }
    }),
  );
  return details.filter((zone): zone is PrivateDnsZoneFacts => zone !== undefined);
}

/** Reads the private endpoints the vault's connections name. */
export async function readPrivateEndpoints(context: CollectContext, vault: VaultFacts): Promise<PrivateEndpointFacts[]> {
  const ids = [...new Set(vault.privateEndpointConnections.map((connection) => connection.privateEndpointId).filter((id): id is string => id !== undefined))];

  return readNetworkResources(context, ids, mapPrivateEndpoint, 'privateEndpoints', 'the private endpoint');
}

/**
 * Reads each resource with a generic GET at NETWORK_API, in parallel. A failed read adds a gap for
 * `fact` and leaves that resource out; a cancellation is raised.
 */
async function readNetworkResources<T>(context: CollectContext, ids: string[], map: (resource: Json) => T, fact: string, noun: string): Promise<T[]> {
  const results = await Promise.all(
    ids.map(async (id) => {
      try {
        return map(await context.clients.armGet(id, NETWORK_API, { abortSignal: context.signal }));
      } catch (error) {
        if (context.signal?.aborted) {
          throw error;
        }
        recordGap(context, fact, error, `Reading ${noun} ${id}`);
        return undefined;
      }
    }),
  );
  return results.filter((result): result is Awaited<T> => result !== undefined);
}

/** True when a request to the vault can go through a private endpoint, so DNS and endpoint state matter. */
export function usesPrivateLink(vault: VaultFacts): boolean {
  return vault.privateEndpointConnections.length > 0 || vault.publicNetworkAccess?.toLowerCase() === 'disabled';
}

/** Returns the virtual network id of a subnet id, or undefined when the id is not a subnet. */
export function virtualNetworkOf(subnetId: string): string | undefined {
  const parsed = parseResourceId(subnetId);
  if (!parsed || parsed.type?.toLowerCase() !== 'virtualnetworks/subnets') {
    return undefined;
  }
  const index = subnetId.toLowerCase().lastIndexOf('/subnets/');
  return subnetId.slice(0, index);
}

export function containsNetwork(networks: VirtualNetworkFacts[], vnetId: string): boolean {
  return networks.some((network) => sameId(network.id, vnetId));
}
