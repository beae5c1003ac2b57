/**
 * Network resources from generic GETs (wire JSON, `properties` nested): private endpoints,
 * private DNS zones with their links and A records, and virtual networks.
 */
import type { PrivateDnsZoneFacts, PrivateEndpointFacts, VirtualNetworkFacts } from '../../diagnosis/facts';
import { assignDefined, record, records, required, strings, text, type Json } from './values';

export function mapPrivateEndpoint(resource: Json): PrivateEndpointFacts {
  const id = required(resource.id, 'id', 'A private endpoint');
  const properties = record(resource.properties);
  const connections = [...records(properties.privateLinkServiceConnections), ...records(properties.manualPrivateLinkServiceConnections)];
  const connection = record(connections[0]?.properties);

  const facts: PrivateEndpointFacts = {
    id,
    ipAddresses: records(properties.customDnsConfigs).flatMap((config) => strings(config.ipAddresses)),
  };
  assignDefined(facts, {
    subnetId: text(record(properties.subnet).id),
    status: text(record(connection.privateLinkServiceConnectionState).status),
    provisioningState: text(properties.provisioningState),
    privateLinkServiceId: text(connection.privateLinkServiceId),
  });
  return facts;
}

export function mapPrivateDnsZone(zone: Json, links: Json[], aRecords: Json[]): PrivateDnsZoneFacts {
  const id = required(zone.id, 'id', 'A private DNS zone');
  const description = `A record of the zone ${id}`;
  return {
    id,
    name: required(zone.name, 'name', `The private DNS zone ${id}`),
    links: links.map((link) => {
      const properties = record(link.properties);
      const facts: PrivateDnsZoneFacts['links'][number] = {
        id: required(link.id, 'id', `A virtual network link of ${id}`),
        virtualNetworkId: required(record(properties.virtualNetwork).id, 'properties.virtualNetwork.id', `The link ${String(link.id)}`),
      };
      assignDefined(facts, {
        registrationEnabled: typeof properties.registrationEnabled === 'boolean' ? properties.registrationEnabled : undefined,
        state: text(properties.virtualNetworkLinkState),
      });
      return facts;
    }),
    aRecords: aRecords.map((recordSet) => ({
      name: required(recordSet.name, 'name', description),
      ipv4Addresses: records(record(recordSet.properties).aRecords)
        .map((entry) => text(entry.ipv4Address))
        .filter((address): address is string => address !== undefined),
    })),
  };
}

export function mapVirtualNetwork(resource: Json): VirtualNetworkFacts {
  const id = required(resource.id, 'id', 'A virtual network');
  const properties = record(resource.properties);
  return {
    id,
    subnets: records(properties.subnets).map((subnet) => {
      const subnetProperties = record(subnet.properties);
      const facts: VirtualNetworkFacts['subnets'][number] = {
        id: required(subnet.id, 'id', `A subnet of ${id}`),
        serviceEndpoints: records(subnetProperties.serviceEndpoints)
          .map((endpoint) => text(endpoint.service))
          .filter((service): service is string => service !== undefined),
      };
      assignDefined(facts, { addressPrefix: text(subnetProperties.addressPrefix) ?? strings(subnetProperties.addressPrefixes)[0] });
      return facts;
    }),
    peeredVnetIds: records(properties.virtualNetworkPeerings)
      .map((peering) => text(record(record(peering.properties).remoteVirtualNetwork).id))
      .filter((peer): peer is string => peer !== undefined),
    dnsServers: strings(record(properties.dhcpOptions).dnsServers),
  };
}
