import * as assert from 'node:assert/strict';
import type { Vault } from '@azure/arm-keyvault';
import { MalformedResponseError } from '../../../src/azure/errors';
import { mapRoleAssignment } from '../../../src/azure/map/authorization';
import { mapCluster } from '../../../src/azure/map/cluster';
import { mapDirectoryObject } from '../../../src/azure/map/directory';
import { mapPrivateDnsZone, mapPrivateEndpoint, mapVirtualNetwork } from '../../../src/azure/map/network';
import { mapVault } from '../../../src/azure/map/vault';

const VAULT_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';

function vault(properties: Record<string, unknown>): Vault {
  return { id: VAULT_ID, name: 'kv', properties: { tenantId: 't', sku: { family: 'A', name: 'standard' }, ...properties } } as unknown as Vault;
}

describe('ARM to facts mapping', () => {
  it('maps an absent RBAC flag to null', () => {
    const facts = mapVault(vault({}));

    assert.equal(facts.enableRbacAuthorization, null);
    assert.deepEqual(facts.accessPolicies, []);
    assert.equal(facts.networkAcls, undefined);
  });

  it('maps firewall rules and connections', () => {
    const facts = mapVault(
      vault({
        enableRbacAuthorization: true,
        networkAcls: { defaultAction: 'Deny', bypass: 'None', ipRules: [{ value: '203.0.113.7/32' }], virtualNetworkRules: [{ id: '/subnet/a' }] },
        privateEndpointConnections: [
          { id: 'flat', privateEndpoint: { id: 'pe1' }, privateLinkServiceConnectionState: { status: 'Pending' } },
          { id: 'nested', properties: { privateEndpoint: { id: 'pe2' }, privateLinkServiceConnectionState: { status: 'Approved' }, provisioningState: 'Succeeded' } },
        ],
      }),
    );

    assert.deepEqual(facts.networkAcls, { ipRules: ['203.0.113.7/32'], virtualNetworkRules: [{ id: '/subnet/a' }], bypass: 'None', defaultAction: 'Deny' });
    assert.deepEqual(facts.privateEndpointConnections, [
      { id: 'flat', privateEndpointId: 'pe1', status: 'Pending' },
      { id: 'nested', privateEndpointId: 'pe2', status: 'Approved', provisioningState: 'Succeeded' },
    ]);
  });

  it('rejects a vault without a tenant', () => {
    assert.throws(() => mapVault({ id: VAULT_ID, name: 'kv', properties: {} } as unknown as Vault), MalformedResponseError);
  });

  it('rejects a role assignment without a principal', () => {
    assert.throws(() => mapRoleAssignment({ id: 'ra', scope: VAULT_ID, roleDefinitionId: 'rd' }), /has no principalId/);
  });

  it('maps dates of role assignments to ISO text', () => {
    const facts = mapRoleAssignment({ id: 'ra', scope: VAULT_ID, roleDefinitionId: 'rd', principalId: 'p', createdOn: new Date('2026-12-04T11:57:00Z') });

    assert.equal(facts.createdOn, '2026-12-04T11:57:00.000Z');
  });

  it('maps a cluster with its identities', () => {
    const facts = mapCluster({
      id: '/c',
      name: 'aks',
      identity: { principalId: 'cp' },
      properties: {
        oidcIssuerProfile: { enabled: true, issuerURL: 'https://issuer/' },
        securityProfile: { workloadIdentity: { enabled: false } },
        identityProfile: { kubeletidentity: { clientId: 'kc', objectId: 'ko' } },
        addonProfiles: { azureKeyvaultSecretsProvider: { enabled: false, identity: { clientId: 'ac' } } },
        agentPoolProfiles: [{ vnetSubnetID: '/s1' }, { vnetSubnetID: '/s1' }, {}],
      },
    });

    assert.deepEqual(facts, {
      id: '/c',
      name: 'aks',
      nodeSubnetIds: ['/s1'],
      oidcIssuerEnabled: true,
      oidcIssuerUrl: 'https://issuer/',
      workloadIdentityEnabled: false,
      clusterPrincipalId: 'cp',
      kubeletIdentity: { clientId: 'kc', objectId: 'ko' },
    });
  });

  it('maps network resources', () => {
    const endpoint = mapPrivateEndpoint({
      id: '/pe',
      properties: {
        subnet: { id: '/subnet' },
        provisioningState: 'Succeeded',
        manualPrivateLinkServiceConnections: [{ properties: { privateLinkServiceId: VAULT_ID, privateLinkServiceConnectionState: { status: 'Pending' } } }],
        customDnsConfigs: [{ ipAddresses: ['10.0.0.4'] }, { ipAddresses: ['10.0.0.5'] }],
      },
    });
    const zone = mapPrivateDnsZone(
      { id: '/zone', name: 'privatelink.vaultcore.azure.net' },
      [{ id: '/link', properties: { virtualNetwork: { id: '/vnet' }, registrationEnabled: false, virtualNetworkLinkState: 'Completed' } }],
      [{ name: 'kv', properties: { aRecords: [{ ipv4Address: '10.0.0.4' }] } }],
    );
    const network = mapVirtualNetwork({
      id: '/vnet',
      properties: {
        subnets: [{ id: '/vnet/subnets/a', properties: { addressPrefix: '10.0.0.0/24', serviceEndpoints: [{ service: 'Microsoft.KeyVault' }] } }],
        virtualNetworkPeerings: [{ properties: { remoteVirtualNetwork: { id: '/hub' } } }],
        dhcpOptions: { dnsServers: ['10.1.0.4'] },
      },
    });

    assert.deepEqual(endpoint, { id: '/pe', ipAddresses: ['10.0.0.4', '10.0.0.5'], subnetId: '/subnet', status: 'Pending', provisioningState: 'Succeeded', privateLinkServiceId: VAULT_ID });
    assert.deepEqual(zone.links, [{ id: '/link', virtualNetworkId: '/vnet', registrationEnabled: false, state: 'Completed' }]);
    assert.deepEqual(zone.aRecords, [{ name: 'kv', ipv4Addresses: ['10.0.0.4'] }]);
    assert.deepEqual(network, { id: '/vnet', subnets: [{ id: '/vnet/subnets/a', serviceEndpoints: ['Microsoft.KeyVault'], addressPrefix: '10.0.0.0/24' }], peeredVnetIds: ['/hub'], dnsServers: ['10.1.0.4'] });
  });

  it('maps Graph object types to ARM principal types', () => {
    assert.equal(mapDirectoryObject({ id: 'u', '@odata.type': '#microsoft.graph.user' }).type, 'User');
    assert.equal(mapDirectoryObject({ id: 's', '@odata.type': '#microsoft.graph.servicePrincipal', appId: 'a' }).clientId, 'a');
    assert.equal(mapDirectoryObject({ id: 'x', '@odata.type': '#microsoft.graph.application' }).type, undefined);
  });
});
