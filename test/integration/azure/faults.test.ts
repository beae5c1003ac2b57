/**
 * Fault injection: a failed read becomes a gap that names the fact, and the verdict is
 * `unknown` instead of `should-work`. The case used would otherwise be `should-work`, so every
 * change of verdict comes from the fault.
 */
import * as assert from 'node:assert/strict';
import { collectWithStats } from '../../../src/azure/collect';
import { diagnose } from '../../../src/diagnosis/diagnose';
import type { AccessFacts } from '../../../src/diagnosis/facts';
import { loadCase, startHttps, type HttpsRun } from './support';

const CASE = 'aks-workload-secrets-user-should-work';
const FAST_RETRY = { maxRetries: 2, retryDelayMs: 20, maxRetryDelayMs: 100, maxRetryAfterMs: 5_000 };

function unknownFindings(facts: AccessFacts): { code: string; missing: string[] }[] {
  return diagnose(facts)
    .findings.filter((finding) => finding.severity === 'unknown')
    .map((finding) => ({ code: finding.code, missing: finding.missing ?? [] }));
}

describe('collect with injected faults', function () {
  this.timeout(30_000);
  let run: HttpsRun | undefined;

  afterEach(async () => {
    await run?.sandbox.stop();
    run = undefined;
  });

  it('baseline case is should-work', async () => {
    run = await startHttps(loadCase(CASE), FAST_RETRY);
    const { facts } = await collectWithStats(run.request, run.env, run.options);

    assert.equal(diagnose(facts).verdict, 'should-work');
  });

  it('403 on deny assignments gives unknown', async () => {
    run = await startHttps(loadCase(CASE), FAST_RETRY);
    run.sandbox.inject({ method: 'GET', path: '**/providers/Microsoft.Authorization/denyAssignments', fault: { kind: 'forbidden' } });
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const gap = facts.gaps.find((candidate) => candidate.fact === 'denyAssignments');

    assert.ok(gap, JSON.stringify(facts.gaps));
    assert.equal(gap.status, 403);
    assert.equal(gap.code, 'AuthorizationFailed');
    assert.equal(diagnose(facts).verdict, 'unknown');
    assert.ok(unknownFindings(facts).some((finding) => finding.missing.some((fact) => fact.startsWith('denyAssignments'))), JSON.stringify(unknownFindings(facts)));
  });

  it('429 storm gives unknown after bounded retries', async () => {
    run = await startHttps(loadCase(CASE), FAST_RETRY);
    run.sandbox.inject({ path: '/subscriptions/**', fault: { kind: 'throttle', retryAfterSeconds: 0 } });
    const started = Date.now();
    const { facts } = await collectWithStats(run.request, run.env, run.options);

    const vaultReads = run.sandbox.log.filter((record) => /\/vaults\/kv-catalog-prod$/i.test(record.path));

    assert.ok(facts.gaps.length > 0);
    assert.ok(facts.gaps.every((gap) => gap.status === 429), JSON.stringify(facts.gaps));
    assert.equal(vaultReads.length, 1 + FAST_RETRY.maxRetries);
    assert.ok(Date.now() - started < 15_000);
    assert.equal(diagnose(facts).verdict, 'unknown');
  });

  it('long Retry-After fails at once', async () => {
    run = await startHttps(loadCase(CASE), FAST_RETRY);
    run.sandbox.inject({ method: 'GET', path: '**/providers/Microsoft.Authorization/roleAssignments', fault: { kind: 'throttle', retryAfterSeconds: 120 } });
    const started = Date.now();
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const gap = facts.gaps.find((candidate) => candidate.fact === 'roleAssignments');

    assert.ok(gap, JSON.stringify(facts.gaps));
    assert.equal(gap.code, 'RetryAfterTooLong');
    assert.equal(gap.status, 429);
    assert.ok(Date.now() - started < 10_000);
    assert.notEqual(diagnose(facts).verdict, 'should-work');
  });

  it('500 on the identity read gives unknown', async () => {
    run = await startHttps(loadCase(CASE), FAST_RETRY);
    run.sandbox.inject({ method: 'GET', path: '**/userAssignedIdentities/id-catalog-api', fault: { kind: 'status', status: 500, code: 'InternalServerError', message: 'Something went wrong.' } });
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const facts_ = facts.gaps.map((gap) => gap.fact);
    const identityReads = run.sandbox.log.filter((record) => /\/userAssignedIdentities\/id-catalog-api$/i.test(record.path));

    assert.ok(facts_.includes('identity'), JSON.stringify(facts.gaps));
    assert.ok(facts_.includes('caller'), JSON.stringify(facts.gaps));
    assert.equal(identityReads.length, 1 + FAST_RETRY.maxRetries);
    assert.equal(diagnose(facts).verdict, 'unknown');
  });

  it('malformed vault body becomes a gap', async () => {
    run = await startHttps(loadCase(CASE), FAST_RETRY);
    run.sandbox.inject({ method: 'GET', path: '**/Microsoft.KeyVault/vaults/kv-catalog-prod', fault: { kind: 'malformed' } });
    const { facts } = await collectWithStats(run.request, run.env, run.options);

    assert.equal(facts.vault, undefined);
    assert.ok(facts.gaps.some((gap) => gap.fact === 'vault'), JSON.stringify(facts.gaps));
    assert.notEqual(diagnose(facts).verdict, 'should-work');
  });

  it('dropped connection becomes a gap', async () => {
    run = await startHttps(loadCase(CASE), FAST_RETRY);
    run.sandbox.inject({ method: 'GET', path: '**/providers/Microsoft.Authorization/denyAssignments', fault: { kind: 'drop' } });
    const { facts } = await collectWithStats(run.request, run.env, run.options);

    assert.ok(facts.gaps.some((gap) => gap.fact === 'denyAssignments'), JSON.stringify(facts.gaps));
    assert.equal(diagnose(facts).verdict, 'unknown');
  });

  it('cancellation rejects the collection', async () => {
    run = await startHttps(loadCase(CASE), FAST_RETRY);
    run.sandbox.inject({ path: '/subscriptions/**', fault: { kind: 'latency', ms: 2_000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    await assert.rejects(collectWithStats(run.request, run.env, { now: run.scenario.now, signal: controller.signal }));
  });
});
