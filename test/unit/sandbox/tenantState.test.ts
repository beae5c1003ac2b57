import assert from 'node:assert/strict';

import { TenantState } from '../../../sandbox/tenant/tenantState';
import type { Scenario } from '../../../src/scenario/types';

const root = '/providers/Microsoft.Management/managementGroups/t1';
const platform = '/providers/Microsoft.Management/managementGroups/platform';
const vault = '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1';

function scenario(): Scenario {
  return {
    schema: 'kv-scenario/1',
    now: '2026-12-04T12:00:00Z',
    tenant: {
      tenantId: 't1',
      managementGroups: [
        { id: root, parent: null, children: [platform] },
        { id: platform, parent: root, children: ['/subscriptions/s1'] },
      ],
      subscriptions: [{ subscriptionId: 's1', displayName: 'S1', tenantId: 't1', state: 'Enabled' }],
      resources: [{ id: vault, name: 'kv1', type: 'Microsoft.KeyVault/vaults', location: 'northeurope', properties: {} }],
    },
    directory: {
      principals: [
        { objectId: 'user', appId: null, type: 'User', displayName: 'User', memberOf: ['g1'] },
        { objectId: 'g1', appId: null, type: 'Group', displayName: 'G1', memberOf: ['g2'] },
        { objectId: 'g2', appId: null, type: 'Group', displayName: 'G2', memberOf: ['g1'] },
      ],
    },
    question: { vault, caller: { objectId: 'user' }, operations: ['secrets/get'] },
  };
}

describe('sandbox tenant state', function () {
  it('walks ancestors through management groups', function () {
    const state = new TenantState(scenario());

    assert.deepEqual(state.ancestorsOf(`${vault}/secrets/a`), [vault, '/subscriptions/s1/resourceGroups/rg1', '/subscriptions/s1', platform, root, '/']);
    assert.deepEqual(state.ancestorsOf(root), ['/']);
    assert.deepEqual(state.ancestorsOf('/'), []);
  });

  it('compares scopes case-insensitively', function () {
    const state = new TenantState(scenario());

    assert.equal(state.isAtOrAbove('/SUBSCRIPTIONS/s1', vault), true);
    assert.equal(state.isAtOrAbove(platform, vault), true);
    assert.equal(state.isAtOrAbove(vault, '/subscriptions/s1'), false);
    assert.equal(state.isBelow(`${vault}/secrets/a`, '/subscriptions/S1/resourcegroups/RG1'), true);
    assert.equal(state.isBelow(vault, vault), false);
  });

  it('expands groups transitively despite cycles', function () {
    const state = new TenantState(scenario());

    assert.deepEqual(state.transitiveGroupsOf('user'), ['g1', 'g2']);
    assert.deepEqual(state.transitiveGroupsOf('unknown'), []);
  });

  it('implies resource groups from ids', function () {
    const state = new TenantState(scenario());

    const group = state.resourceGroups.get('/subscriptions/s1/resourcegroups/rg1');
    assert.equal(group?.name, 'rg1');
    assert.equal(group?.location, 'northeurope');
  });

  it('runs its clock from the scenario time', function () {
    const state = new TenantState(scenario());

    const elapsed = state.now().getTime() - Date.parse('2026-12-04T12:00:00Z');
    assert.ok(elapsed >= 0, `elapsed ${elapsed} ms`);
    assert.ok(elapsed < 5000, `elapsed ${elapsed} ms`);
  });

  it('copies the scenario', function () {
    const input = scenario();
    const state = new TenantState(input);

    (state.getResource(vault)?.properties as Record<string, unknown>).changed = true;

    assert.equal(input.tenant.resources[0].properties?.changed, undefined);
  });
});
