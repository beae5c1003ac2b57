import assert from 'node:assert/strict';
import type { AuditDenialGroup } from '../../../src/diagnosis/facts';
import type { RecentDenials } from '../../../src/diagnosis/finding';
import { denialCallerLabel, denialDiagnoseArguments, denialOperationLabel, reportDenials } from '../../../src/ui/denials';
import { isReportModel, parseWebviewMessage, type ReportModel } from '../../../src/ui/report/protocol';

const VAULT_ID = '/subscriptions/22222222-2222-4222-8222-222222222222/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app-prod';
const OBJECT_ID = 'dddddddd-0000-4000-8000-000000000004';
const CLIENT_ID = 'eeeeeeee-0000-4000-8000-000000000005';

function group(overrides: Partial<AuditDenialGroup> = {}): AuditDenialGroup {
  return {
    operationName: 'SecretGet',
    operation: 'secrets/get',
    reason: 'ForbiddenByRbac',
    callerObjectId: OBJECT_ID,
    callerClientId: CLIENT_ID,
    count: 2,
    firstSeen: '2026-12-04T11:40:00.000Z',
    lastSeen: '2026-12-04T11:50:00.000Z',
    ...overrides,
  };
}

describe('recent denials view', () => {
  it('labels the caller and operation', () => {
    assert.equal(denialCallerLabel(group()), `oid ${OBJECT_ID} appid ${CLIENT_ID}`);
    assert.equal(denialCallerLabel(group({ callerObjectId: undefined, callerClientId: undefined, managedIdentityResourceId: '/subscriptions/x/userAssignedIdentities/agentpool' })), '(agentpool)');
    assert.equal(denialCallerLabel(group({ callerObjectId: undefined, callerClientId: undefined })), 'caller not logged');
    assert.equal(denialOperationLabel(group()), 'SecretGet (secrets/get)');
    assert.equal(denialOperationLabel(group({ operationName: 'Authentication', operation: undefined })), 'Authentication');
  });

  it('diagnoses the logged caller and operation', () => {
    assert.deepEqual(denialDiagnoseArguments(VAULT_ID, group({ object: 'secrets/db-password' })), {
      vaultId: VAULT_ID,
      caller: { objectId: OBJECT_ID },
      operations: ['secrets/get'],
      objects: ['secrets/db-password'],
      showReport: true,
    });
  });

  it('falls back to the client id and the request operations', () => {
    const args = denialDiagnoseArguments(VAULT_ID, group({ callerObjectId: undefined, operation: undefined, operationName: 'Authentication' }), ['secrets/list']);

    assert.deepEqual(args?.caller, { clientId: CLIENT_ID });
    assert.deepEqual(args?.operations, ['secrets/list']);
  });

  it('cannot diagnose without a caller or operation', () => {
    assert.equal(denialDiagnoseArguments(VAULT_ID, group({ callerObjectId: undefined, callerClientId: undefined })), undefined);
    assert.equal(denialDiagnoseArguments(VAULT_ID, group({ operation: undefined, operationName: 'Authentication' })), undefined);
  });

  it('builds a report section the webview accepts', () => {
    const denials: RecentDenials = {
      workspaceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law',
      table: 'AZKVAuditLogs',
      window: { start: '2026-12-03T12:00:00.000Z', end: '2026-12-04T12:00:00.000Z' },
      truncated: false,
      groups: [group({ clientAddress: '10.0.0.4' }), group({ callerObjectId: undefined, callerClientId: undefined })],
    };
    const section = reportDenials(denials, ['secrets/get']);
    const labels = Object.fromEntries(
      ['verdict', 'vault', 'caller', 'operations', 'objects', 'factsTakenAt', 'copyBash', 'copyPowerShell', 'runBash', 'runPowerShell', 'apply', 'armWrites', 'evidence', 'missingFacts', 'copy', 'exportMarkdown', 'saveFacts', 'rediagnose', 'noFindings', 'workspaceEdit', 'fixes', 'checkByHand', 'recentDenials', 'diagnoseDenial', 'noDenials', 'denialsTruncated', 'severity.blocker', 'severity.warning', 'severity.info', 'severity.ok', 'severity.unknown'].map((key) => [key, key]),
    );
    const model = { verdict: 'blocked', headline: 'h', vaultId: VAULT_ID, callerLabel: 'c', operations: [], objects: [], now: 'n', families: [], live: true, labels, recentDenials: section } as unknown as ReportModel;

    assert.equal(section.window, '2026-12-03T12:00:00.000Z - 2026-12-04T12:00:00.000Z');
    assert.equal(section.groups[0]?.canDiagnose, true);
    assert.equal(section.groups[0]?.clientAddress, '10.0.0.4');
    assert.equal(section.groups[1]?.canDiagnose, false);
    assert.equal(isReportModel(model), true);
    assert.equal(isReportModel({ ...model, recentDenials: { ...section, groups: [{ id: 'x' }] } }), false);
  });

  it('accepts only numeric denial ids from the webview', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'diagnoseDenial', denialId: '3' }), { type: 'diagnoseDenial', denialId: '3' });
    assert.equal(parseWebviewMessage({ type: 'diagnoseDenial', denialId: '../3' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'diagnoseDenial' }), undefined);
  });
});
