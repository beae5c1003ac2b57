import assert from 'node:assert/strict';

import {
  isCollectionPath,
  isManagementGroupId,
  normalizeScope,
  resourceGroupOf,
  resourceTypeOf,
  structuralParent,
  subscriptionOf,
} from '../../../sandbox/tenant/armId';

const vault = '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1';

describe('sandbox ARM id arithmetic', function () {
  it('normalizes scopes', function () {
    assert.equal(normalizeScope('//subscriptions//s1/'), '/subscriptions/s1');
    assert.equal(normalizeScope(''), '/');
    assert.equal(normalizeScope('/'), '/');
    assert.equal(normalizeScope('subscriptions/s1'), '/subscriptions/s1');
  });

  it('finds structural parents', function () {
    assert.equal(structuralParent(`${vault}/secrets/s`), vault);
    assert.equal(structuralParent(vault), '/subscriptions/s1/resourceGroups/rg1');
    assert.equal(structuralParent('/subscriptions/s1/resourceGroups/rg1'), '/subscriptions/s1');
    assert.equal(structuralParent(`${vault}/providers/Microsoft.Insights/diagnosticSettings/d`), vault);
    assert.equal(structuralParent('/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/r'), '/subscriptions/s1');
    assert.equal(structuralParent('/subscriptions/s1'), undefined);
    assert.equal(structuralParent('/providers/Microsoft.Management/managementGroups/mg'), undefined);
  });

  it('reads types, subscriptions and groups', function () {
    assert.equal(resourceTypeOf(`${vault}/secrets/s`), 'Microsoft.KeyVault/vaults/secrets');
    assert.equal(resourceTypeOf(`${vault}/providers/Microsoft.Insights/diagnosticSettings/d`), 'Microsoft.Insights/diagnosticSettings');
    assert.equal(resourceTypeOf('/subscriptions/s1/resourceGroups/rg1'), undefined);
    assert.equal(subscriptionOf(vault), 's1');
    assert.equal(resourceGroupOf(vault.replace('resourceGroups', 'resourcegroups')), 'rg1');
    assert.equal(resourceGroupOf('/subscriptions/s1'), undefined);
  });

  it('tells lists from items', function () {
    assert.equal(isCollectionPath('/subscriptions/s1/providers/Microsoft.KeyVault/vaults'), true);
    assert.equal(isCollectionPath(vault), false);
    assert.equal(isCollectionPath(`${vault}/secrets`), true);
    assert.equal(isCollectionPath('/subscriptions/s1/resourceGroups/rg1'), false);
    assert.equal(isManagementGroupId('/providers/Microsoft.Management/managementGroups/mg'), true);
    assert.equal(isManagementGroupId('/providers/Microsoft.Management/managementGroups/mg/subscriptions/s1'), false);
  });
});
