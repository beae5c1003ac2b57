/**
 * `apply` against the HTTPS sandbox, judged by the sandbox's request log. It sends exactly the
 * ARM writes the user confirmed and no other write. It reports a failure midway as what was and
 * was not applied, and a repeated apply leaves the tenant as it was. The scenarios carry hostile
 * resource group names, so the writes also prove that paths are encoded intact.
 */
import assert from 'node:assert/strict';
import type { RequestRecord, Sandbox } from '../../../sandbox/index';
import { apply, type ApplicableFix, type ArmWrite } from '../../../src/azure/apply';
import { collectWithStats } from '../../../src/azure/collect';
import type { AzureEnv } from '../../../src/azure/env';
import { sandboxEnv } from '../../../src/cli/scenarioRun';
import { scenarioRequest } from '../../../src/cli/scenarioFile';
import { diagnose } from '../../../src/diagnosis/diagnose';
import { renderFix } from '../../../src/fixes/render';
import type { Scenario } from '../../../src/scenario/types';
import { startSandbox } from '../../../sandbox/index';
import { FAST_RETRY } from './support/faultRun';
import { BASE_CASE, hostileScenario, loadCase } from './support/hostileScenario';

const ORPHANED_CASE = 'identity-recreated-role-assignment-orphaned';

/** Token requests are sign-in, not writes to the tenant. */
const TOKEN_PATH = /\/oauth2\/(v2\.0\/)?token$/i;

interface Session {
  sandbox: Sandbox;
  env: AzureEnv;
  scenario: Scenario;
}

async function startSession(scenario: Scenario): Promise<Session> {
  const sandbox = await startSandbox({ scenario, https: true });
  return { sandbox, env: sandboxEnv(sandbox, true, { retry: FAST_RETRY }), scenario };
}

/** Collects, diagnoses and returns the rendered blocker fixes that have ARM writes. */
async function blockerFixes(session: Session): Promise<ApplicableFix[]> {
  const { facts } = await collectWithStats(scenarioRequest(session.scenario), session.env, { now: session.scenario.now });
  return diagnose(facts)
    .findings.filter((finding) => finding.severity === 'blocker')
    .flatMap((finding) => finding.fixes.map(renderFix))
    .filter((fix) => (fix.arm ?? []).length > 0);
}

/** Writes the sandbox received from index `from` on: every method but GET, without sign-in. */
function writesSince(sandbox: Sandbox, from: number): RequestRecord[] {
  return sandbox.log.slice(from).filter((record) => record.method !== 'GET' && !TOKEN_PATH.test(record.path));
}

function describeWrite(write: ArmWrite): string {
  return `${write.method} ${write.path.toLowerCase()}`;
}

function describeRecord(record: RequestRecord): string {
  return `${record.method} ${decodeURIComponent(record.path).toLowerCase()}`;
}

/** Serializes the tenant's mutable state as comparable JSON. */
function snapshot(sandbox: Sandbox): string {
  const state = sandbox.state;
  const entries = (map: Map<string, unknown>) => [...map.entries()].sort(([left], [right]) => left.localeCompare(right));
  return JSON.stringify({
    resources: entries(state.resources),
    resourceGroups: entries(state.resourceGroups),
    customRoles: entries(state.customRoles),
    roleAssignments: entries(state.roleAssignments),
    denyAssignments: entries(state.denyAssignments),
  });
}

describe('apply with hostile names', function () {
  this.timeout(60_000);
  let session: Session | undefined;

  afterEach(async () => {
    await session?.sandbox.stop();
    session = undefined;
  });

  it('sends exactly the confirmed write', async () => {
    session = await startSession(hostileScenario(loadCase(BASE_CASE)).scenario);
    const [fix] = await blockerFixes(session);
    assert.ok(fix, 'the case offers no ARM fix');
    const logStart = session.sandbox.log.length;

    const result = await apply(fix, session.env);
    const writes = writesSince(session.sandbox, logStart);

    assert.equal(result.ok, true, result.summary);
    assert.deepEqual(writes.map(describeRecord), (fix.arm ?? []).map(describeWrite));
    assert.ok(writes.every((record) => record.status >= 200 && record.status < 300), JSON.stringify(writes));
  });

  it('writes the path with the hostile group intact', async () => {
    const hostile = hostileScenario(loadCase(BASE_CASE));
    session = await startSession(hostile.scenario);
    const [fix] = await blockerFixes(session);
    const logStart = session.sandbox.log.length;

    await apply(fix, session.env);
    const [write] = writesSince(session.sandbox, logStart);

    assert.ok(decodeURIComponent(write.path).includes(`/resourceGroups/${hostile.renames[0].to}/`), write.path);
  });

  it('reports a failure midway', async () => {
    session = await startSession(hostileScenario(loadCase(ORPHANED_CASE)).scenario);
    const fixes = await blockerFixes(session);
    const writes = fixes.flatMap((fix) => fix.arm ?? []);
    assert.ok(writes.length >= 2, `expected two writes, got ${writes.map(describeWrite).join('; ')}`);
    const confirmed: ApplicableFix = { title: 'Replace the orphaned assignment', arm: writes };

    const failing = writes[1];
    session.sandbox.inject({ method: failing.method, path: new RegExp(`${escapeRegExp(failing.path.split('/').pop() ?? '')}$`, 'i'), fault: { kind: 'status', status: 500, code: 'InternalServerError', message: 'Injected failure.' } });
    const before = snapshot(session.sandbox);
    const logStart = session.sandbox.log.length;

    const result = await apply(confirmed, session.env);
    const sent = writesSince(session.sandbox, logStart);

    assert.equal(result.ok, false);
    assert.deepEqual(result.outcomes.map((outcome) => outcome.status), ['applied', 'failed', ...writes.slice(2).map(() => 'not-run')]);
    assert.match(result.summary, new RegExp(`Applied 1 of ${writes.length} changes`));
    assert.ok(result.summary.includes(failing.description), result.summary);
    // The failed write is retried (a 500 is transient), and nothing after it is sent.
    assert.deepEqual([...new Set(sent.map(describeRecord))], writes.slice(0, 2).map(describeWrite));
    assert.notEqual(snapshot(session.sandbox), before);
  });

  it('repeating an apply changes nothing', async () => {
    session = await startSession(hostileScenario(loadCase(ORPHANED_CASE)).scenario);
    const fixes = await blockerFixes(session);
    const confirmed: ApplicableFix = { title: 'Replace the orphaned assignment', arm: fixes.flatMap((fix) => fix.arm ?? []) };

    const first = await apply(confirmed, session.env);
    const after = snapshot(session.sandbox);
    const logStart = session.sandbox.log.length;
    const second = await apply(confirmed, session.env);

    assert.equal(first.ok, true, first.summary);
    assert.equal(second.ok, true, second.summary);
    assert.equal(snapshot(session.sandbox), after);
    assert.deepEqual(writesSince(session.sandbox, logStart).map(describeRecord), (confirmed.arm ?? []).map(describeWrite));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
