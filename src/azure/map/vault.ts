/** Key Vault as arm-keyvault 5 returns it: `properties` nested, private endpoint connections flattened. */
import type { Vault } from '@azure/arm-keyvault';
import type { AccessPolicyEntry, PrivateEndpointConnectionFacts, VaultFacts } from '../../diagnosis/facts';
import { assignDefined, isoDate, record, records, required, strings, text } from './values';

export function mapVault(vault: Vault): VaultFacts {
  const id = required(vault.id, 'id', 'The vault');
  const properties = record(vault.properties);
  const description = `The vault ${id}`;

  const facts: VaultFacts = {
    id,
    name: required(vault.name, 'name', description),
    tenantId: required(properties.tenantId, 'properties.tenantId', description),
    // Absent means the vault predates the property and uses access policies.
    enableRbacAuthorization: typeof properties.enableRbacAuthorization === 'boolean' ? properties.enableRbacAuthorization : null,
    accessPolicies: records(properties.accessPolicies).map((entry) => mapAccessPolicy(entry, description)),
    privateEndpointConnections: records(properties.privateEndpointConnections).map(mapConnection),
  };

  assignDefined(facts, {
    location: vault.location,
    vaultUri: text(properties.vaultUri),
    publicNetworkAccess: text(properties.publicNetworkAccess),
    createdAt: isoDate(vault.systemData?.createdAt),
    lastModifiedAt: isoDate(vault.systemData?.lastModifiedAt),
  });

  if (properties.networkAcls !== undefined && properties.networkAcls !== null) {
    const acls = record(properties.networkAcls);
    facts.networkAcls = {
      ipRules: records(acls.ipRules).map((rule) => text(rule.value)).filter((value): value is string => value !== undefined),
      virtualNetworkRules: records(acls.virtualNetworkRules).map((rule) => ({
        id: required(rule.id, 'id', `A virtual network rule of ${id}`),
        ...(typeof rule.ignoreMissingVnetServiceEndpoint === 'boolean' ? { ignoreMissingVnetServiceEndpoint: rule.ignoreMissingVnetServiceEndpoint } : {}),
      })),
    };
    assignDefined(facts.networkAcls, { bypass: text(acls.bypass), defaultAction: text(acls.defaultAction) });
  }
  return facts;
}

function mapAccessPolicy(entry: Record<string, unknown>, description: string): AccessPolicyEntry {
  const permissions = record(entry.permissions);
  const policy: AccessPolicyEntry = {
    tenantId: required(entry.tenantId, 'tenantId in an access policy', description),
    objectId: required(entry.objectId, 'objectId in an access policy', description),
    permissions: {
      keys: strings(permissions.keys),
      secrets: strings(permissions.secrets),
      certificates: strings(permissions.certificates),
      storage: strings(permissions.storage),
    },
  };
  if (entry.applicationId !== undefined) {
    policy.applicationId = text(entry.applicationId) ?? null;
  }
  return policy;
}

function mapConnection(connection: Record<string, unknown>): PrivateEndpointConnectionFacts {
  // The SDK flattens `properties`; the wire shape nests it. Accept both.
  const source = connection.properties !== undefined ? { ...connection, ...record(connection.properties) } : connection;
  const state = record(source.privateLinkServiceConnectionState);
  const facts: PrivateEndpointConnectionFacts = { id: required(source.id, 'id', 'A private endpoint connection') };
  assignDefined(facts, {
    privateEndpointId: text(record(source.privateEndpoint).id),
    status: text(state.status),
    description: text(state.description),
    provisioningState: text(source.provisioningState),
  });
  return facts;
}
