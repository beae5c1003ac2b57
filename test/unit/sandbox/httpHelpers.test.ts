import assert from 'node:assert/strict';

import { compilePathPattern, FaultSet } from '../../../sandbox/http/faults';
import { describeArmAction } from '../../../sandbox/http/faultResponse';
import { parseTarget } from '../../../sandbox/http/requestParsing';
import type { SandboxRequest } from '../../../sandbox/http/types';
import { applyAccessPolicyChange } from '../../../sandbox/routes/accessPolicies';
import { parseAuthorizationFilter } from '../../../sandbox/query/assignmentFilter';
import { timespanWindow } from '../../../sandbox/routes/logAnalytics';

function request(method: string, target: string): SandboxRequest {
  const parsed = parseTarget(target);
  return { method, path: parsed.path, query: parsed.query, headers: {}, body: '', transport: 'in-process' };
}

describe('sandbox request helpers', function () {
  it('parses request targets', function () {
    const parsed = parseTarget('https://sandbox.invalid//subscriptions/s1/?api-version=1&$filter=atScope()%20and%20x&api-version=2');

    assert.equal(parsed.path, '/subscriptions/s1');
    assert.equal(parsed.query.get('api-version'), '1');
    assert.equal(parsed.query.get('$filter'), 'atScope() and x');
    assert.equal(parseTarget('/').path, '/');
  });

  it('compiles path patterns', function () {
    const pattern = compilePathPattern('/subscriptions/*/providers/Microsoft.KeyVault/vaults');

    assert.equal(pattern.test('/subscriptions/s1/providers/microsoft.keyvault/VAULTS'), true);
    assert.equal(pattern.test('/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults'), false);
    assert.equal(compilePathPattern('**/roleAssignments/*').test('/subscriptions/s1/providers/Microsoft.Authorization/roleAssignments/x'), true);
    assert.equal(compilePathPattern('subscriptions').test('/subscriptions'), true);
  });

  it('counts fault rules down', function () {
    const faults = new FaultSet();
    faults.add({ method: 'GET', path: '/subscriptions', fault: { kind: 'drop' }, times: 2 });
    faults.add({ path: '/subscriptions', query: { 'api-version': /^2022/ }, fault: { kind: 'latency', ms: 5 } });

    assert.equal(faults.take(request('GET', '/subscriptions?api-version=2022-12-01')).length, 2);
    assert.equal(faults.take(request('POST', '/subscriptions?api-version=2019-11-01')).length, 0);
    assert.equal(faults.take(request('GET', '/subscriptions?api-version=2019-11-01')).length, 1);
    assert.equal(faults.take(request('GET', '/subscriptions?api-version=2019-11-01')).length, 0);
    assert.throws(() => faults.add({ path: '/x', fault: { kind: 'drop' }, times: 0 }), /positive integer/);
  });

  it('names the ARM action a request needs', function () {
    const vault = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';

    assert.deepEqual(describeArmAction('PUT', `${vault}/providers/Microsoft.Authorization/roleAssignments/g`), {
      action: 'Microsoft.Authorization/roleAssignments/write',
      scope: `${vault}/providers/Microsoft.Authorization/roleAssignments/g`,
    });
    assert.deepEqual(describeArmAction('GET', '/subscriptions/s1/providers/Microsoft.KeyVault/vaults'), { action: 'Microsoft.KeyVault/vaults/read', scope: '/subscriptions/s1' });
    assert.deepEqual(describeArmAction('GET', '/subscriptions/s1'), { action: 'Microsoft.Resources/subscriptions/read', scope: '/subscriptions/s1' });
  });

  it('parses authorization filters', function () {
    assert.deepEqual(parseAuthorizationFilter("atScope() and assignedTo('u1')", ['atScope', 'assignedTo']), { atScope: true, assignedTo: 'u1' });
    assert.deepEqual(parseAuthorizationFilter("roleName eq 'Key Vault Secrets User'", ['roleName']), { atScope: false, roleName: 'Key Vault Secrets User' });
    assert.throws(() => parseAuthorizationFilter("principalId eq 'u1'", ['atScope']), /not supported/);
    assert.throws(() => parseAuthorizationFilter("principalId eq 'a' and assignedTo('b')", ['principalId', 'assignedTo']), /one of them/);
  });

  it('changes access policies entry by entry', function () {
    const entry = (objectId: string, secrets: string[]) => ({ tenantId: 't', objectId, permissions: { secrets } });
    const current = [entry('a', ['get'])];

    assert.deepEqual(applyAccessPolicyChange(current, [entry('A', ['Get', 'list'])], 'add')[0].permissions.secrets, ['get', 'list']);
    assert.deepEqual(applyAccessPolicyChange(current, [entry('b', ['list'])], 'add').length, 2);
    assert.deepEqual(applyAccessPolicyChange(current, [entry('a', ['list'])], 'replace')[0].permissions.secrets, ['list']);
    assert.deepEqual(applyAccessPolicyChange(current, [entry('a', ['get'])], 'remove'), []);
  });

  it('reads Log Analytics timespans', function () {
    const now = new Date('2026-12-04T12:00:00Z');

    assert.deepEqual(timespanWindow('PT1H', now), [Date.parse('2026-12-04T11:00:00Z'), now.getTime()]);
    assert.deepEqual(timespanWindow('2026-12-01T00:00:00Z/P1D', now), [Date.parse('2026-12-01T00:00:00Z'), Date.parse('2026-12-02T00:00:00Z')]);
    assert.throws(() => timespanWindow('yesterday', now), /not valid/);
  });
});
