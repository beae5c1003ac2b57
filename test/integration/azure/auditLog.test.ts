/**
 * Recent denials from Key Vault's audit log, collected through the Log Analytics query client
 * against the sandbox over HTTPS. The logged caller feeds the caller comparison, and a vault
 * without an audit setting gets the enable command. Query failures become gaps, never failures.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectWithStats } from '../../../src/azure/collect';
import { readRecentDenials } from '../../../src/azure/recentDenials';
import { InvalidRequestError } from '../../../src/azure/request';
import { diagnose } from '../../../src/diagnosis/diagnose';
import type { Diagnosis, Finding } from '../../../src/diagnosis/finding';
import { renderFix } from '../../../src/fixes/render';
import type { Scenario } from '../../../src/scenario/types';
import { loadCase, startHttps, type HttpsRun } from './support';

const FIXTURE = path.resolve(__dirname, '../../fixtures/scenarios/audit-log-kubelet-caller.json');
const SHOULD_WORK_CASE = 'aks-workload-secrets-user-should-work';
const QUERY_PATH = '/v1/subscriptions/*/resourceGroups/*/providers/Microsoft.OperationalInsights/workspaces/*/query';

const KUBELET_OBJECT_ID = 'e4022cb0-4474-4f6f-b5bf-02d2ab6e5f81';
const WORKLOAD_OBJECT_ID = '3711f5df-218d-40b3-ad7e-2209ba3132ad';
const VAULT = '/subscriptions/c42ab405-d70c-4996-bf77-fa649b94c39b/resourceGroups/rg-catalog/providers/Microsoft.KeyVault/vaults/kv-catalog-prod';
const WORKSPACE = '/subscriptions/c42ab405-d70c-4996-bf77-fa649b94c39b/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops-prod';

/** Retries that give up at once, so a 500 fault turns into a gap quickly. */
const FAST_RETRY = { maxRetries: 1, retryDelayMs: 1, maxRetryDelayMs: 2 };

/** The fixture's `expect` block, which the scenario type leaves out because the product never reads it. */
interface Expect {
  verdict: string;
  blockers: string[];
  absent: string[];
}

function loadFixture(): Scenario {
  return JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Scenario;
}

function fixtureExpect(): Expect {
  return (JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { expect: Expect }).expect;
}

/** Joins a command split over lines with bash continuations, as a user pasting it runs it. */
function oneLine(command: string | undefined): string | undefined {
  return command?.replace(/ \\\n\s+/g, ' ');
}

function findingsWith(diagnosis: Diagnosis, code: string): Finding[] {
  return diagnosis.findings.filter((finding) => finding.code === code);
}

/** Copies the scenario without the diagnostic setting and its workspace data. */
function withoutAuditSetting(scenario: Scenario): Scenario {
  const copy = structuredClone(scenario);
  copy.tenant.resources = copy.tenant.resources.filter((resource) => resource.type !== 'Microsoft.Insights/diagnosticSettings');
  delete copy.tenant.logAnalytics;
  return copy;
}

describe('audit log collection', function () {
  this.timeout(30_000);
  let run: HttpsRun | undefined;

  afterEach(async () => {
    await run?.sandbox.stop();
    run = undefined;
  });

  it('finds caller-mismatch from logged denials', async () => {
    const expected = fixtureExpect();
    run = await startHttps(loadFixture());
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const diagnosis = diagnose(facts);
    const mismatch = findingsWith(diagnosis, 'caller-mismatch')[0];

    assert.equal(facts.request.observedError, undefined);
    assert.equal(diagnosis.verdict, expected.verdict);
    assert.deepEqual(expected.blockers, ['caller-mismatch']);
    assert.equal(mismatch?.severity, 'blocker');
    assert.ok(mismatch?.evidence.some((line) => line.startsWith('audit log: 3× SecretGet') && line.includes(KUBELET_OBJECT_ID)), JSON.stringify(mismatch?.evidence));
    assert.match(mismatch?.detail ?? '', /audit record/);
    for (const code of expected.absent) {
      assert.ok(!diagnosis.findings.some((finding) => finding.code === code && (finding.severity === 'blocker' || finding.severity === 'warning')), code);
    }
  });

  it('keeps the query bounded and resource-specific', async () => {
    run = await startHttps(loadFixture());
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const queries = run.sandbox.log.filter((record) => /\/query$/i.test(record.path));

    assert.equal(queries.length, 1);
    assert.equal(queries[0]?.method, 'POST');
    assert.match(queries[0]?.path ?? '', /\/v1\/subscriptions\/.*\/workspaces\/law-ops-prod\/query$/i);
    assert.equal(facts.auditLog?.table, 'AZKVAuditLogs');
    assert.deepEqual(facts.auditLog?.window, { start: '2026-12-03T12:00:00.000Z', end: '2026-12-04T12:00:00.000Z' });
    assert.equal(facts.auditLog?.rowLimit, 200);
    assert.equal(facts.auditLog?.truncated, false);
  });

  it('reports recent denials in the diagnosis', async () => {
    run = await startHttps(loadFixture());
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const denials = diagnose(facts).recentDenials;

    // The success and the denial from three days before the clock stay out.
    assert.equal(denials?.workspaceId, WORKSPACE);
    assert.equal(denials?.groups.length, 1);
    assert.equal(denials?.groups[0]?.callerObjectId, KUBELET_OBJECT_ID);
    assert.equal(denials?.groups[0]?.count, 3);
    assert.equal(denials?.groups[0]?.reason, 'ForbiddenByRbac');
    assert.equal(denials?.groups[0]?.operation, 'secrets/get');
    assert.equal(denials?.groups[0]?.object, 'secrets/catalog-db-connection');
  });

  it('falls back to AzureDiagnostics when the layout is unknown', async () => {
    const scenario = loadFixture();
    const setting = scenario.tenant.resources.find((resource) => resource.type === 'Microsoft.Insights/diagnosticSettings');
    (setting?.properties as Record<string, unknown>).logAnalyticsDestinationType = null;
    const workspace = scenario.tenant.logAnalytics?.[0];
    assert.ok(workspace);
    workspace.tables = {
      AzureDiagnostics: [
        {
          TimeGenerated: '2026-12-04T11:50:00Z',
          ResourceId: VAULT.toUpperCase(),
          ResourceProvider: 'MICROSOFT.KEYVAULT',
          Category: 'AuditEvent',
          OperationName: 'SecretGet',
          ResultSignature: 'Forbidden',
          ResultDescription: 'Caller is not authorized to perform action on resource.',
          httpStatusCode_d: 403,
          CallerIPAddress: '10.31.0.37',
          identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g: KUBELET_OBJECT_ID,
          identity_claim_appid_g: '238d3527-8614-4a29-9748-040436eb5356',
        },
      ],
    };
    run = await startHttps(scenario);
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const queries = run.sandbox.log.filter((record) => /\/query$/i.test(record.path));

    assert.deepEqual(queries.map((record) => record.status), [400, 200]);
    assert.equal(facts.auditLog?.table, 'AzureDiagnostics');
    assert.equal(facts.gaps.length, 0, JSON.stringify(facts.gaps));
    assert.equal(findingsWith(diagnose(facts), 'caller-mismatch')[0]?.severity, 'blocker');
  });

  it('offers the enable command naming a workspace', async () => {
    run = await startHttps(withoutAuditSetting(loadFixture()));
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const diagnosis = diagnose(facts);
    const finding = findingsWith(diagnosis, 'audit-log-unavailable')[0];
    const fix = finding?.fixes[0] ? renderFix(finding.fixes[0]) : undefined;

    assert.equal(facts.auditLog?.destination, 'none');
    assert.equal(finding?.severity, 'info');
    assert.equal(
      oneLine(fix?.az),
      `az monitor diagnostic-settings create --name kv-doctor-audit --resource ${VAULT} --workspace ${WORKSPACE} --logs '[{"category":"AuditEvent","enabled":true}]'`,
    );
    assert.equal(fix?.arm?.[0]?.path, `${VAULT}/providers/Microsoft.Insights/diagnosticSettings/kv-doctor-audit`);
    assert.equal(diagnosis.verdict, 'should-work');
    assert.equal(diagnosis.recentDenials, undefined);
  });

  it('offers the enable command with a placeholder', async () => {
    run = await startHttps(loadCase(SHOULD_WORK_CASE));
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const finding = findingsWith(diagnose(facts), 'audit-log-unavailable')[0];
    const fix = finding?.fixes[0] ? renderFix(finding.fixes[0]) : undefined;

    assert.equal(facts.auditLog?.candidateWorkspaceId, undefined);
    assert.equal(
      oneLine(fix?.az),
      `az monitor diagnostic-settings create --name kv-doctor-audit --resource ${VAULT} --workspace '<log-analytics-workspace-resource-id>' --logs '[{"category":"AuditEvent","enabled":true}]'`,
    );
    assert.match(fix?.note ?? '', /replace <log-analytics-workspace-resource-id>/);
    assert.equal(fix?.arm, undefined);
  });

  it('reads recent denials without a diagnosis', async () => {
    run = await startHttps(loadFixture());
    const result = await readRecentDenials(VAULT, run.env, { now: run.options.now });
    const paths = run.sandbox.log.map((record) => record.path).filter((entry) => !/oauth2|openid-configuration/.test(entry));

    assert.deepEqual(result.gaps, []);
    assert.equal(result.auditLog?.denials?.length, 1);
    assert.equal(result.auditLog?.denials?.[0]?.callerObjectId, KUBELET_OBJECT_ID);
    assert.equal(paths.length, 2, JSON.stringify(paths));
    await assert.rejects(readRecentDenials('kv-catalog-prod', run.env), InvalidRequestError);
  });

  it('skips the audit log when asked', async () => {
    run = await startHttps(loadFixture());
    const { facts } = await collectWithStats(run.request, run.env, { ...run.options, auditLog: false });

    assert.equal(facts.auditLog, undefined);
    assert.ok(!run.sandbox.log.some((record) => /diagnosticSettings|\/query$/i.test(record.path)));
    assert.equal(findingsWith(diagnose(facts), 'caller-mismatch').length, 0);
  });

  describe('query faults', () => {
    const faults = [
      { name: '403', fault: { kind: 'forbidden' as const }, status: 403 },
      { name: '500', fault: { kind: 'status' as const, status: 500 }, status: 500 },
      // The HTML page arrives with status 200, so the client fails reading it.
      { name: 'malformed body', fault: { kind: 'malformed' as const }, status: 200 },
    ];

    for (const { name, fault, status } of faults) {
      it(`${name} becomes an audit gap`, async () => {
        run = await startHttps(loadFixture(), FAST_RETRY);
        run.sandbox.inject({ method: 'POST', path: QUERY_PATH, fault });
        const { facts } = await collectWithStats(run.request, run.env, run.options);
        const diagnosis = diagnose(facts);
        const gap = facts.gaps.find((candidate) => candidate.fact === 'auditLog');
        const audit = findingsWith(diagnosis, 'audit-log-unavailable')[0];
        const incomplete = findingsWith(diagnosis, 'facts-incomplete')[0];

        assert.ok(gap, JSON.stringify(facts.gaps));
        assert.equal(gap.status, status, JSON.stringify(gap));
        assert.equal(facts.gaps.length, 1, JSON.stringify(facts.gaps));
        assert.equal(facts.auditLog?.denials, undefined);
        assert.equal(audit?.severity, 'info');
        assert.deepEqual(audit?.missing, ['auditLog']);
        assert.match(audit?.detail ?? '', /proves nothing/);
        assert.ok(incomplete?.missing?.includes('auditLog'));
        assert.equal(findingsWith(diagnosis, 'caller-mismatch').length, 0);
        assert.equal(diagnosis.recentDenials, undefined);
        assert.ok(!diagnosis.findings.some((finding) => finding.severity === 'ok' && finding.code === 'audit-log-unavailable'));
      });
    }

    it('403 on the diagnostic settings becomes an audit gap', async () => {
      run = await startHttps(loadFixture(), FAST_RETRY);
      run.sandbox.inject({ method: 'GET', path: '**/providers/Microsoft.Insights/diagnosticSettings', fault: { kind: 'forbidden' } });
      const { facts } = await collectWithStats(run.request, run.env, run.options);
      const audit = findingsWith(diagnose(facts), 'audit-log-unavailable')[0];

      assert.equal(facts.gaps.find((gap) => gap.fact === 'auditLog')?.status, 403);
      assert.equal(facts.auditLog, undefined);
      assert.match(audit?.detail ?? '', /diagnostic settings/);
      assert.ok(!run.sandbox.log.some((record) => /\/query$/i.test(record.path)));
    });
  });

  it('leaves the workload diagnosis alone for the should-work case', async () => {
    run = await startHttps(loadCase(SHOULD_WORK_CASE));
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const diagnosis = diagnose(facts);

    assert.equal(diagnosis.verdict, 'should-work');
    assert.equal(diagnosis.principalId, WORKLOAD_OBJECT_ID);
  });
});
