import assert from 'node:assert/strict';
import { InvalidResourceIdError, isManagementGroupScope, lastSegment, parseResourceId, subscriptionOfScope } from '../../../src/fixes/armId';
import { uuidV5 } from '../../../src/fixes/nameUuid';

describe('uuidV5', () => {
  it('matches the RFC 9562 example', () => {
    // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
    assert.equal(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('rejects a malformed namespace', () => {
    assert.throws(() => uuidV5('not-a-uuid', 'x'), /Invalid namespace UUID "not-a-uuid"/);
  });
});

describe('parseResourceId', () => {
  const subnet = '/subscriptions/s1/resourceGroups/rg (1)/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes';

  it('splits a child resource id', () => {
    assert.deepEqual(parseResourceId(subnet, 'Microsoft.Network/virtualNetworks'), {
      subscriptionId: 's1',
      resourceGroup: 'rg (1)',
      name: 'vnet',
      type: 'Microsoft.Network/virtualNetworks',
      children: [{ type: 'subnets', name: 'nodes' }],
    });
  });

  it('matches segment names and types case-insensitively', () => {
    const parts = parseResourceId('/SUBSCRIPTIONS/s/RESOURCEGROUPS/rg/PROVIDERS/microsoft.keyvault/VAULTS/kv', 'Microsoft.KeyVault/vaults');
    assert.equal(parts.name, 'kv');
  });

  it('rejects a name, a wrong type and a truncated id', () => {
    assert.throws(() => parseResourceId('kv-orders', 'Microsoft.KeyVault/vaults'), InvalidResourceIdError);
    assert.throws(() => parseResourceId(subnet, 'Microsoft.KeyVault/vaults'), /expected a Microsoft\.KeyVault\/vaults resource id/);
    assert.throws(() => parseResourceId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets'), InvalidResourceIdError);
  });
});

describe('scope helpers', () => {
  it('tell management groups and subscriptions apart', () => {
    assert.equal(isManagementGroupScope('/providers/Microsoft.Management/managementGroups/root'), true);
    assert.equal(isManagementGroupScope('/subscriptions/s'), false);
    assert.equal(subscriptionOfScope('/subscriptions/s1/resourceGroups/rg'), 's1');
    assert.equal(subscriptionOfScope('/'), undefined);
  });

  it('return the last segment without a trailing slash', () => {
    assert.equal(lastSegment('/providers/Microsoft.Authorization/roleDefinitions/abc/'), 'abc');
  });
});
