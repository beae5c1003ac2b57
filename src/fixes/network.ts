/**
 * Network fixes outside the vault: subnet service endpoints and private DNS.
 */
import type { FixSpec } from '../diagnosis/finding';
import { childName, parseResourceId } from './armId';
import { value } from './commandLine';
import { withNotes } from './notes';
import { renderScript } from './script';
import type { RenderedFix } from './types';

/** API version of Microsoft.Network/privateDnsZones used for writes. */
export const PRIVATE_DNS_API_VERSION = '2024-06-01';

/** Time to live of the A record, in seconds: what a private endpoint's DNS zone group writes. */
const PRIVATE_ENDPOINT_RECORD_TTL_SECONDS = 10;

type ServiceEndpointSpec = Extract<FixSpec, { kind: 'subnet-service-endpoint' }>;
type DnsLinkSpec = Extract<FixSpec, { kind: 'private-dns-link-create' }>;
type DnsRecordSpec = Extract<FixSpec, { kind: 'private-dns-a-record-add' }>;

const KEY_VAULT_SERVICE_ENDPOINT = 'Microsoft.KeyVault';

/**
 * Renders `az network vnet subnet update --service-endpoints` with the subnet's existing endpoints
 * plus Microsoft.KeyVault, because az replaces the list.
 *
 * No ARM request: a subnet PUT replaces the whole subnet (address prefix, network security group,
 * route table, delegations), so az's read-modify-write is the safe way.
 */
export function renderSubnetServiceEndpoint(spec: ServiceEndpointSpec): Omit<RenderedFix, 'title'> {
  const vnet = parseResourceId(spec.subnetId, 'Microsoft.Network/virtualNetworks');
  const subnetName = childName(spec.subnetId, vnet, 'subnets');
  const hasKeyVault = spec.existingServiceEndpoints.some((endpoint) => endpoint.toLowerCase() === KEY_VAULT_SERVICE_ENDPOINT.toLowerCase());
  const endpoints = hasKeyVault ? spec.existingServiceEndpoints : [...spec.existingServiceEndpoints, KEY_VAULT_SERVICE_ENDPOINT];

  const script = renderScript([
    {
      command: [
        'az', 'network', 'vnet', 'subnet', 'update',
        '--resource-group', value(vnet.resourceGroup),
        '--vnet-name', value(vnet.name),
        '--name', value(subnetName),
        '--subscription', value(vnet.subscriptionId),
        '--service-endpoints', ...endpoints.map(value),
      ],
    },
  ]);

  return withNotes({ az: script.az, powershell: script.powershell }, [
    script.powershellWarning,
    'Apply this with az: it reads the subnet and keeps the rest of its configuration.',
  ]);
}

/** Renders `az network private-dns link vnet create` and the PUT of the virtual network link. */
export function renderPrivateDnsLink(spec: DnsLinkSpec): Omit<RenderedFix, 'title'> {
  const zone = parseResourceId(spec.zoneId, 'Microsoft.Network/privateDnsZones');
  const script = renderScript([
    {
      command: [
        'az', 'network', 'private-dns', 'link', 'vnet', 'create',
        '--resource-group', value(zone.resourceGroup),
        '--zone-name', value(zone.name),
        '--name', value(spec.linkName),
        '--virtual-network', value(spec.virtualNetworkId),
        '--registration-enabled', 'false',
        '--subscription', value(zone.subscriptionId),
      ],
    },
  ]);

  return withNotes(
    {
      az: script.az,
      powershell: script.powershell,
      arm: [
        {
          method: 'PUT',
          path: `${spec.zoneId}/virtualNetworkLinks/${spec.linkName}`,
          apiVersion: PRIVATE_DNS_API_VERSION,
          body: { location: 'global', properties: { virtualNetwork: { id: spec.virtualNetworkId }, registrationEnabled: false } },
          description: `Link the private DNS zone ${zone.name} to the virtual network ${spec.virtualNetworkId}.`,
        },
      ],
    },
    [script.powershellWarning],
  );
}

/**
 * Renders `az network private-dns record-set a add-record` and a PUT of the record set.
 *
 * The two differ on purpose: az adds the address to whatever the record contains, while the PUT
 * sets the record to exactly this address, which is what a vault's private endpoint needs.
 */
export function renderPrivateDnsRecord(spec: DnsRecordSpec): Omit<RenderedFix, 'title'> {
  const zone = parseResourceId(spec.zoneId, 'Microsoft.Network/privateDnsZones');
  const script = renderScript([
    {
      command: [
        'az', 'network', 'private-dns', 'record-set', 'a', 'add-record',
        '--resource-group', value(zone.resourceGroup),
        '--zone-name', value(zone.name),
        '--record-set-name', value(spec.recordName),
        '--ipv4-address', value(spec.ipv4Address),
        '--subscription', value(zone.subscriptionId),
      ],
    },
  ]);

  return withNotes(
    {
      az: script.az,
      powershell: script.powershell,
      arm: [
        {
          method: 'PUT',
          path: `${spec.zoneId}/A/${spec.recordName}`,
          apiVersion: PRIVATE_DNS_API_VERSION,
          body: { properties: { ttl: PRIVATE_ENDPOINT_RECORD_TTL_SECONDS, aRecords: [{ ipv4Address: spec.ipv4Address }] } },
          description: `Set the A record ${spec.recordName} in ${zone.name} to ${spec.ipv4Address}, replacing any other address in it.`,
        },
      ],
    },
    [
      script.powershellWarning,
      'If the record already points at another address, remove that address too (az network private-dns record-set a remove-record).',
    ],
  );
}
