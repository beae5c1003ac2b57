import assert from 'node:assert/strict';

import { runKql } from '../../../sandbox/query/kqlEvaluate';
import { KqlError } from '../../../sandbox/query/kqlLexer';
import { parseKql } from '../../../sandbox/query/kqlParser';

const rows = [
  { id: '/a', name: 'kv-a', type: 'microsoft.keyvault/vaults', subscriptionId: 's1', properties: { enableRbacAuthorization: true, sku: { name: 'standard' } }, tags: { env: 'prod' } },
  { id: '/b', name: 'kv-b', type: 'microsoft.keyvault/vaults', subscriptionId: 's2', properties: { enableRbacAuthorization: false, sku: { name: 'premium' } }, tags: {} },
  { id: '/c', name: 'id-c', type: 'microsoft.managedidentity/userassignedidentities', subscriptionId: 's1', properties: {}, tags: {} },
];
const now = new Date('2026-12-04T12:00:00Z');

function run(query: string) {
  return runKql(parseKql(query), rows, now, Object.keys(rows[0]));
}

describe('sandbox KQL subset', function () {
  it('filters by type case-insensitively', function () {
    assert.deepEqual(run("Resources | where type =~ 'Microsoft.KeyVault/vaults'").rows.map((row) => row.name), ['kv-a', 'kv-b']);
    assert.deepEqual(run("Resources | where type == 'Microsoft.KeyVault/vaults'").rows, []);
  });

  it('combines conditions and lists', function () {
    const result = run("Resources | where type =~ 'microsoft.keyvault/vaults' and subscriptionId in ('s1', 's3') | project id");
    const negated = run("Resources | where subscriptionId !in ('s1')");
    const either = run("Resources | where name == 'kv-b' or (name startswith 'id-' and isnotempty(id))");

    assert.deepEqual(result.rows, [{ id: '/a' }]);
    assert.deepEqual(negated.rows.map((row) => row.name), ['kv-b']);
    assert.deepEqual(either.rows.map((row) => row.name), ['kv-b', 'id-c']);
  });

  it('projects nested paths with names', function () {
    const result = run("Resources | where properties.enableRbacAuthorization == true | project name, properties.sku.name, env = tags['env']");

    assert.deepEqual(result.columns, ['name', 'properties_sku_name', 'env']);
    assert.deepEqual(result.rows, [{ name: 'kv-a', properties_sku_name: 'standard', env: 'prod' }]);
  });

  it('orders, limits and counts', function () {
    assert.deepEqual(run('Resources | order by name asc | take 2').rows.map((row) => row.name), ['id-c', 'kv-a']);
    assert.deepEqual(run('Resources | sort by name').rows.map((row) => row.name), ['kv-b', 'kv-a', 'id-c']);
    assert.deepEqual(run('Resources | top 1 by name desc').rows.map((row) => row.name), ['kv-b']);
    assert.deepEqual(run("Resources | where type has 'keyvault' | count").rows, [{ Count: 2 }]);
  });

  it('compares times with ago()', function () {
    const events = [{ TimeGenerated: '2026-12-04T11:55:00Z' }, { TimeGenerated: '2026-12-03T11:55:00Z' }];
    const recent = runKql(parseKql('T | where TimeGenerated > ago(1h)'), events, now, ['TimeGenerated']);
    const fixed = runKql(parseKql('T | where TimeGenerated < datetime(2026-12-04)'), events, now, ['TimeGenerated']);

    assert.equal(recent.rows.length, 1);
    assert.equal(fixed.rows.length, 1);
  });

  it('rejects what it does not support', function () {
    assert.throws(() => parseKql('Resources | summarize count() by type'), KqlError);
    assert.throws(() => parseKql("Resources | where name == 'x"), KqlError);
    assert.throws(() => run('Resources | where unknownfunction(name)'), /unknownfunction/);
    assert.throws(() => parseKql('Resources | take'), /row count/);
  });
});
