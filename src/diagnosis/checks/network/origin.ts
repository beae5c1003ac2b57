/**
 * The caller's network origin: its subnets (and so virtual networks) and its public
 * address, from the request, the cluster's node pools or the address a pasted error shows.
 */
import type { AccessFacts, VirtualNetworkFacts } from '../../facts';
import type { ParsedError } from '../../observedError';
import { isIpv4, isPrivateAddress } from './addresses';

export interface CallerOrigin {
  subnetIds: string[];
  virtualNetworkIds: string[];
  publicIp?: string;
  /** Source of the origin in plain words, for the findings. */
  source: string;
}

/** `/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>` -> the virtual network's id. */
export function virtualNetworkOf(subnetId: string): string {
  const index = subnetId.toLowerCase().indexOf('/subnets/');
  return index < 0 ? subnetId : subnetId.slice(0, index);
}

export function sameResource(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function originOf(facts: AccessFacts, error: ParsedError | undefined): CallerOrigin {
  const from = facts.request.from;
  const fromCluster = facts.cluster && (!from?.clusterId || sameResource(from.clusterId, facts.cluster.id)) ? facts.cluster.nodeSubnetIds : [];
  const subnetIds = from?.subnetId ? [from.subnetId] : fromCluster;

  // The address Key Vault reported is the most direct evidence, when it is a public one.
  const seen = error?.clientAddress && isIpv4(error.clientAddress) && !isPrivateAddress(error.clientAddress) ? error.clientAddress : undefined;
  const publicIp = from?.publicIp ?? seen;

  const sources: string[] = [];
  if (from?.subnetId) {
    sources.push('the subnet named in the request');
  } else if (fromCluster.length > 0) {
    sources.push("the cluster's node pool subnets");
  }
  if (from?.publicIp) {
    sources.push('the public address named in the request');
  } else if (seen) {
    sources.push('the client address Key Vault reported');
  }

  return {
    subnetIds,
    virtualNetworkIds: [...new Set(subnetIds.map((subnet) => virtualNetworkOf(subnet).toLowerCase()))],
    publicIp,
    source: sources.join(' and ') || 'unknown',
  };
}

export function findVirtualNetwork(facts: AccessFacts, id: string): VirtualNetworkFacts | undefined {
  return facts.network.virtualNetworks.find((network) => sameResource(network.id, id));
}

/** True when the networks are the same or directly peered (either side lists the other). */
export function connected(facts: AccessFacts, a: string, b: string): boolean {
  if (sameResource(a, b)) return true;
  const left = findVirtualNetwork(facts, a);
  const right = findVirtualNetwork(facts, b);
  return Boolean(left?.peeredVnetIds.some((peer) => sameResource(peer, b)) || right?.peeredVnetIds.some((peer) => sameResource(peer, a)));
}
