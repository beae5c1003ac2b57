import assert from 'node:assert/strict';

import { startSandbox, type Sandbox } from '../../../sandbox/index';
import { INHERITANCE, inheritanceScenario, sendJson } from './helpers';

const WORKSPACE = '6f1f0c4e-3c1d-4a57-9d1e-2b8f0e0d1a11';

type QueryResult = { tables: { name: string; columns: { name: string; type: string }[]; rows: unknown[][] }[] };

function auditRow(minutesBeforeNow: number, operation: string, result: string, callerObjectId: string) {
  return {
    TimeGenerated: new Date(Date.parse('2026-12-04T12:00:00Z') - minutesBeforeNow * 60_000).toISOString(),
    ResourceProvider: 'MICROSOFT.KEYVAULT',
    Resource: 'KV-ORDERS-PROD',
    OperationName: operation,
    ResultSignature: result,
    httpStatusCode_d: result === 'Forbidden' ? 403 : 200,
    identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g: callerObjectId,
  };
}

describe('sandbox Log Analytics query API', function () {
  let sandbox: Sandbox;

  before(async function () {
    const scenario = inheritanceScenario();
    scenario.tenant.logAnalytics = [{
      workspaceId: `/subscriptions/${INHERITANCE.subscriptionId}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops`,
      customerId: WORKSPACE,
      tables: {
        AzureDiagnostics: [
          auditRow(5, 'SecretGet', 'Forbidden', INHERITANCE.caller),
          auditRow(10, 'SecretList', 'OK', INHERITANCE.caller),
          auditRow(3 * 24 * 60, 'SecretGet', 'Forbidden', INHERITANCE.admin),
        ],
      },
    }];
    sandbox = await startSandbox({ scenario, https: false });
  });

  after(async function () {
    await sandbox.stop();
  });

  const query = (body: Record<string, unknown>, workspace = WORKSPACE) => sendJson(sandbox, 'POST', `/v1/workspaces/${workspace}/query`, body);

  it('filters, projects and limits rows', async function () {
    const response = await query({
      query: "AzureDiagnostics | where ResourceProvider == 'MICROSOFT.KEYVAULT' and ResultSignature == 'Forbidden' | project TimeGenerated, OperationName, httpStatusCode_d | take 10",
    });
    const table = (response.body as unknown as QueryResult).tables[0];

    assert.equal(response.status, 200);
    assert.equal(table.name, 'PrimaryResult');
    assert.deepEqual(table.columns, [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'OperationName', type: 'string' },
      { name: 'httpStatusCode_d', type: 'long' },
    ]);
    assert.equal(table.rows.length, 2);
  });

  it('applies the timespan and ago()', async function () {
    const byTimespan = await query({ query: 'AzureDiagnostics', timespan: 'P1D' });
    const byAgo = await query({ query: 'AzureDiagnostics | where TimeGenerated > ago(7m) | order by TimeGenerated desc' });

    assert.equal((byTimespan.body as unknown as QueryResult).tables[0].rows.length, 2);
    assert.equal((byAgo.body as unknown as QueryResult).tables[0].rows.length, 1);
  });

  it('rejects unsupported queries and unknown workspaces', async function () {
    const unsupported = await query({ query: 'AzureDiagnostics | summarize count() by OperationName' });
    const unknownTable = await query({ query: 'AZKVAuditLogs | take 1' });
    const unknownWorkspace = await query({ query: 'AzureDiagnostics' }, '00000000-0000-0000-0000-000000000000');

    assert.equal(unsupported.status, 400);
    assert.match(JSON.stringify(unsupported.body), /summarize/);
    assert.equal(unknownTable.status, 400);
    assert.equal(unknownWorkspace.status, 404);
  });

  it('accepts the query as a GET parameter', async function () {
    const response = await sendJson(sandbox, 'GET', `/v1/workspaces/${WORKSPACE}/query?query=${encodeURIComponent('AzureDiagnostics | count')}`);

    assert.equal(response.status, 200);
    assert.deepEqual((response.body as unknown as QueryResult).tables[0].rows, [[3]]);
  });
});
