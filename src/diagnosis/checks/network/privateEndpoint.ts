/**
 * The private endpoint path: an Approved and Succeeded private endpoint connection in the
 * caller's virtual network (or one peered with it), and private DNS that resolves the vault's
 * name to that endpoint. Traffic on this path skips `publicNetworkAccess` and the firewall.
 */
import type { CheckContext } from '../../context';
import type { PrivateDnsZoneFacts, PrivateEndpointConnectionFacts, PrivateEndpointFacts, VaultFacts } from '../../facts';
import type { Finding, Fix } from '../../finding';
import { resourceName } from '../identity/findings';
import { networkFinding, undecided } from './findings';
import { connected, findVirtualNetwork, sameResource, virtualNetworkOf, type CallerOrigin } from './origin';

export interface PrivateRoute {
  /** An approved endpoint is reachable from the caller's network and its DNS resolves to it. */
  works: boolean;
  /** The caller's network can reach an endpoint of this vault, so the private path is the one meant. */
  intended: boolean;
  /**
   * Facts whose gaps leave the private path undecided (`privateEndpoints`, `network`): the caller
   * may reach an endpoint that could not be read, so a closed public path proves no block.
   */
  unknownFacts: string[];
  findings: Finding[];
}

/** Private DNS zone for Key Vault in each cloud, by the suffix of the vault's URI. */
export function privateZoneName(vault: VaultFacts): string {
  const uri = vault.vaultUri?.toLowerCase() ?? '';
  if (uri.includes('.vault.azure.cn')) return 'privatelink.vaultcore.azure.cn';
  if (uri.includes('.vault.usgovcloudapi.net')) return 'privatelink.vaultcore.usgovcloudapi.net';
  return 'privatelink.vaultcore.azure.net';
}

function isApproved(connection: PrivateEndpointConnectionFacts): boolean {
  const provisioned = connection.provisioningState === undefined || connection.provisioningState.toLowerCase() === 'succeeded';
  return connection.status?.toLowerCase() === 'approved' && provisioned;
}

interface Endpoint {
  connection: PrivateEndpointConnectionFacts;
  endpoint?: PrivateEndpointFacts;
}

function stateFinding(vault: VaultFacts, blocked: Endpoint[], anyApproved: boolean): Finding {
  const fixes: Fix[] = [];
  const details: string[] = [];
  for (const { connection } of blocked) {
    const name = resourceName(connection.id);
    const status = connection.status ?? 'unknown';
    if (status.toLowerCase() === 'pending') {
      fixes.push({
        title: `Approve the private endpoint connection ${name}`,
        spec: { kind: 'private-endpoint-connection-approve', vaultId: vault.id, connectionName: name },
        note: 'Approving needs Microsoft.KeyVault/vaults/privateEndpointConnectionsApproval/action on the vault.',
      });
      details.push(`${name} is Pending: the vault owner has not approved it.`);
    } else if (status.toLowerCase() === 'rejected' || status.toLowerCase() === 'disconnected') {
      details.push(`${name} is ${status}; such a connection cannot be approved again, so create a new private endpoint.`);
    } else {
      details.push(`${name} has status ${status} and provisioning state ${connection.provisioningState ?? 'unknown'}; only Approved and Succeeded carries traffic.`);
    }
  }

  return networkFinding({
    code: 'network-private-endpoint-state',
    severity: anyApproved ? 'info' : 'blocker',
    title: anyApproved ? 'Another private endpoint connection of the vault is not usable' : "The private endpoint in the caller's network does not carry traffic",
    detail: details.join(' '),
    evidence: blocked.map(({ connection }) => connection.id),
    fixes,
  });
}

/** Checks the zone, its link to the caller's network and the A record; returns findings and whether DNS works. */
function dnsFindings(context: CheckContext, vault: VaultFacts, origin: CallerOrigin, endpoints: Endpoint[]): { findings: Finding[]; works: boolean } {
  const zoneName = privateZoneName(vault);
  const gap = context.gap('privateDns');
  const zones = context.facts.network.privateDnsZones.filter((zone) => zone.name.toLowerCase() === zoneName);
  if (zones.length === 0) {
    return {
      works: false,
      findings: [
        networkFinding({
          code: 'network-private-dns',
          severity: gap ? 'unknown' : 'blocker',
          title: gap ? 'The private DNS zones could not be read' : `No private DNS zone ${zoneName} was found`,
          detail: gap
            ? `Whether ${zoneName} resolves the vault to its private endpoint is unknown: ${gap.error}.`
            : `Without the zone ${zoneName} linked to the caller's network, ${vault.name} resolves to its public address and the request does not use the private endpoint.`,
          missing: gap ? ['privateDns'] : undefined,
        }),
      ],
    };
  }

  const findings: Finding[] = [];
  const customDns = origin.virtualNetworkIds.filter((id) => (findVirtualNetwork(context.facts, id)?.dnsServers.length ?? 0) > 0);
  const linkedZone = zones.find((zone) => zone.links.some((link) => origin.virtualNetworkIds.some((network) => sameResource(link.virtualNetworkId, network))));
  const zone: PrivateDnsZoneFacts = linkedZone ?? zones[0];
  let works = true;

  if (customDns.length > 0 && !linkedZone) {
    findings.push(
      networkFinding({
        code: 'network-private-dns',
        severity: 'warning',
        title: "The caller's network uses custom DNS servers",
        detail: `${customDns.join(', ')} uses its own DNS servers, so a link of ${zoneName} to the network is not what resolves the vault. The servers must forward vault.azure.net and vaultcore.azure.net to Azure DNS (168.63.129.16) in a network linked to the zone; this cannot be verified from ARM.`,
        evidence: customDns,
      }),
    );
  } else if (!linkedZone) {
    works = false;
    const network = origin.virtualNetworkIds[0];
    const peeredLink = zone.links.find((link) => origin.virtualNetworkIds.some((own) => connected(context.facts, own, link.virtualNetworkId)));
    findings.push(
      networkFinding({
        code: 'network-private-dns',
        severity: 'blocker',
        title: `${zoneName} is not linked to the caller's virtual network`,
        detail:
          `Queries from ${network} do not see the zone, so ${vault.name}.vault.azure.net resolves to the public address and the private endpoint is bypassed.` +
          (peeredLink ? ` The zone is linked to the peered network ${peeredLink.virtualNetworkId}, but peering does not share private DNS zones.` : ''),
        evidence: [zone.id],
        fixes: [
          {
            title: `Link ${zoneName} to ${resourceName(network)}`,
            spec: { kind: 'private-dns-link-create', zoneId: zone.id, virtualNetworkId: findVirtualNetwork(context.facts, network)?.id ?? network, linkName: `link-${resourceName(network)}` },
          },
        ],
      }),
    );
  }

  const record = zone.aRecords.find((candidate) => candidate.name.toLowerCase() === vault.name.toLowerCase());
  const addresses = endpoints.flatMap(({ endpoint }) => endpoint?.ipAddresses ?? []);
  if (!record || (addresses.length > 0 && !record.ipv4Addresses.some((address) => addresses.includes(address)))) {
    works = false;
    const address = addresses[0];
    findings.push(
      networkFinding({
        code: 'network-private-dns',
        severity: 'blocker',
        title: record ? `The A record ${vault.name} points at another address` : `${zoneName} has no A record for ${vault.name}`,
        detail: record
          ? `The record resolves to ${record.ipv4Addresses.join(', ')}, but the private endpoint's address is ${addresses.join(', ')}.`
          : `The zone needs an A record named with the bare vault name (${vault.name}) pointing at the private endpoint's address${address ? ` ${address}` : ''}.`,
        evidence: [zone.id],
        fixes: address
          ? [
              {
                title: `Add ${address} to the A record ${vault.name}`,
                spec: { kind: 'private-dns-a-record-add', zoneId: zone.id, recordName: vault.name, ipv4Address: address },
                note: record ? `Remove the stale address ${record.ipv4Addresses.join(', ')} from the record as well.` : undefined,
              },
            ]
          : [],
      }),
    );
  }

  if (works && findings.length === 0) {
    findings.push(
      networkFinding({
        code: 'network-private-dns',
        severity: 'ok',
        title: `${zoneName} resolves ${vault.name} to its private endpoint`,
        detail: `The zone is linked to the caller's network and the A record ${vault.name} points at ${record?.ipv4Addresses.join(', ')}.`,
        evidence: [zone.id],
      }),
    );
  }
  // A zone whose links or records could not be read may be the one that resolves the vault.
  const undecidedFindings = gap ? findings.map((finding) => undecided(finding, ['privateDns'], `no unread ${zoneName} zone resolves ${vault.name}`, `privateDns could not be read (${gap.error})`)) : findings;
  return { findings: undecidedFindings, works: works && customDns.length === 0 };
}

export function evaluatePrivateRoute(context: CheckContext, vault: VaultFacts, origin: CallerOrigin): PrivateRoute {
  const connections = vault.privateEndpointConnections;
  if (connections.length === 0 || origin.virtualNetworkIds.length === 0) {
    return { works: false, intended: false, unknownFacts: [], findings: [] };
  }

  const endpoints: Endpoint[] = connections.map((connection) => ({
    connection,
    endpoint: context.facts.network.privateEndpoints.find((endpoint) => sameResource(endpoint.id, connection.privateEndpointId)),
  }));
  const unknownPlace = endpoints.filter(({ endpoint }) => !endpoint?.subnetId);
  const reachable = endpoints.filter(
    ({ endpoint }) => endpoint?.subnetId && origin.virtualNetworkIds.some((network) => connected(context.facts, network, virtualNetworkOf(endpoint.subnetId as string))),
  );

  if (reachable.length === 0) {
    return unreachableRoute(context, origin, unknownPlace);
  }

  const approved = reachable.filter(({ connection }) => isApproved(connection));
  const blocked = reachable.filter(({ connection }) => !isApproved(connection));
  const findings: Finding[] = [];
  if (blocked.length > 0) {
    findings.push(stateFinding(vault, blocked, approved.length > 0));
  }
  if (approved.length === 0) {
    return { works: false, intended: true, unknownFacts: [], findings };
  }

  findings.push(
    networkFinding({
      code: 'network-private-endpoint-state',
      severity: 'ok',
      title: "The private endpoint in the caller's network is approved",
      detail: approved.map(({ connection }) => `${resourceName(connection.id)} is Approved and Succeeded.`).join(' '),
      evidence: approved.map(({ connection }) => connection.id),
    }),
  );
  const dns = dnsFindings(context, vault, origin, approved);
  return { works: dns.works, intended: true, unknownFacts: [], findings: [...findings, ...dns.findings] };
}

/**
 * Returns the route when no endpoint is known to be reachable from the caller's network. That is
 * proven only when every endpoint and every network of the caller (with its peerings) was read.
 * Otherwise the route is undecided, and `unknownFacts` names the facts that are missing.
 */
function unreachableRoute(context: CheckContext, origin: CallerOrigin, unknownPlace: Endpoint[]): PrivateRoute {
  if (unknownPlace.length > 0) {
    const gap = context.gap('privateEndpoints');
    return {
      works: false,
      intended: false,
      unknownFacts: ['privateEndpoints'],
      findings: [
        networkFinding({
          code: 'network-private-endpoint-state',
          severity: 'unknown',
          title: 'Where the private endpoints sit is not known',
          detail: `The vault has private endpoint connections, but their endpoints${gap ? ` could not be read (${gap.error})` : ' were not read'}, so whether the caller's network reaches one is unknown.`,
          evidence: unknownPlace.map(({ connection }) => connection.id),
          missing: ['privateEndpoints'],
        }),
      ],
    };
  }

  // Peerings are listed on the caller's network, so an unread network hides a peered endpoint.
  const networkGap = context.gap('network');
  const unread = origin.virtualNetworkIds.filter((id) => !findVirtualNetwork(context.facts, id));
  if (networkGap && unread.length > 0) {
    return {
      works: false,
      intended: false,
      unknownFacts: ['network'],
      findings: [
        networkFinding({
          code: 'network-private-endpoint-state',
          severity: 'unknown',
          title: "Whether the caller's network is peered with a private endpoint's network is not known",
          detail: `The vault's private endpoints are in other virtual networks, and ${unread.join(', ')} could not be read (${networkGap.error}), so its peerings are unknown.`,
          evidence: unread,
          missing: ['network'],
        }),
      ],
    };
  }
  return { works: false, intended: false, unknownFacts: [], findings: [] };
}
