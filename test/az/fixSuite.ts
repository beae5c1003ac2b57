/**
 * The end-to-end checks for one scenario, shared by the real cases and their hostile-name
 * variants: diagnose the sandbox, run the read-only verification commands, run every az fix of
 * every blocker through bash with the real az, check the ARM writes the sandbox received,
 * diagnose again, and run the fixes a second time.
 */
import assert from 'node:assert/strict';
import { runScenario } from '../../src/cli/scenarioRun';
import { diagnose } from '../../src/diagnosis/diagnose';
import type { Scenario } from '../../src/scenario/types';
import { verificationCommands } from '../../src/fixes/verification';
import type { RequestRecord } from '../../sandbox';
import { startAzSession, type AzSession } from './support/azSession';
import { diagnoseSandbox, type DiagnosedState } from './support/diagnoseSandbox';
import { expectedWrites, matchesWrite, planFixes, type FixPlan, type FixStep } from './support/fixPlan';
import { diffSnapshots, snapshotState } from './support/stateSnapshot';
import { checkVerificationOutput, isDataPlaneCommand } from './support/verificationCheck';

const WRITE_METHODS = new Set(['PUT', 'PATCH', 'DELETE', 'POST']);

/**
 * Tells whether a request is a Resource Manager write by az. Token requests (`/adfs/...`) and
 * Microsoft Graph lookups (`/graph/...`, which az POSTs to resolve names) are not writes.
 */
function isArmWrite(record: RequestRecord): boolean {
  const isArmPath = record.path.startsWith('/subscriptions/') || record.path.startsWith('/providers/');
  return WRITE_METHODS.has(record.method.toUpperCase()) && isArmPath && (record.userAgent ?? '').includes('AZURECLI');
}

/** az treats 409 RoleAssignmentExists as success: it lists and prints the existing assignment. */
function isAcceptedStatus(status: number): boolean {
  return status < 400 || status === 409;
}

function describeRun(step: FixStep, result: { exitCode: number; stdout: string; stderr: string }): string {
  return `fix "${step.title}" for ${step.code} exited with ${result.exitCode}\n--- script ---\n${step.script}\n--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout.slice(0, 2000)}`;
}

/**
 * Checks that the ARM writes az made for one fix are among the ones its spec names and, on a
 * first run, that each of them happened. A repeated run may skip a write that has nothing left to do.
 */
function assertWrites(step: FixStep, records: RequestRecord[], requireEach: boolean): void {
  const expected = expectedWrites(step.spec);
  if (expected === null) {
    return;
  }

  const writes = records.filter(isArmWrite);
  for (const write of writes) {
    assert.ok(
      expected.some((target) => matchesWrite(target, write.method, write.path)),
      `fix "${step.title}" for ${step.code} wrote ${write.method} ${write.path}, expected only ${expected.map((target) => `${target.method} ${target.path}${target.prefix ? '*' : ''}`).join(' or ')}`,
    );
  }

  for (const target of requireEach ? expected : []) {
    const hit = writes.find((write) => matchesWrite(target, write.method, write.path) && isAcceptedStatus(write.status));
    assert.ok(hit, `fix "${step.title}" for ${step.code} made no successful ${target.method} ${target.path}${target.prefix ? '*' : ''}; writes seen: ${writes.map((write) => `${write.method} ${write.path} ${write.status}`).join('; ') || 'none'}`);
  }
}

export interface FixSuiteOptions {
  /** Also require at least one runnable fix, for derived scenarios built to exercise the fixes. */
  requireSteps?: boolean;
  /** Text every expected write path must contain, such as the hostile suffix of renamed resources. */
  requireInWritePaths?: string;
}

/** Runs one fix and asserts its exit code and its ARM writes. */
async function runStep(session: AzSession, step: FixStep, options: FixSuiteOptions, repeated = false): Promise<void> {
  if (options.requireInWritePaths !== undefined) {
    for (const target of expectedWrites(step.spec) ?? []) {
      assert.ok(target.path.includes(options.requireInWritePaths), `fix "${step.title}" targets ${target.path}, which lacks ${JSON.stringify(options.requireInWritePaths)}`);
    }
  }

  const logStart = session.sandbox.log.length;
  const result = await session.bash(step.script);
  assert.equal(result.exitCode, 0, `${repeated ? 'second run: ' : ''}${describeRun(step, result)}`);
  assertWrites(step, session.sandbox.log.slice(logStart), !repeated);
}

/** Declares the mocha tests for one scenario. */
export function defineFixSuite(title: string, loadScenario: () => Scenario, options: FixSuiteOptions = {}): void {
  describe(title, function () {
    let scenario: Scenario;
    let session: AzSession;
    let initial: DiagnosedState;
    let plan: FixPlan;

    before(async function () {
      this.timeout(180_000);
      scenario = loadScenario();

      // A quick in-process diagnosis decides first whether signing az in is worth it.
      const preview = planFixes(diagnose((await runScenario(scenario)).facts));
      if (preview.steps.length === 0 && !options.requireSteps) {
        // Pending, not passed: the diagnosis has no fix that az can apply to Resource Manager.
        this.skip();
      }

      session = await startAzSession({ scenario });
      initial = await diagnoseSandbox(session.sandbox, scenario);
      plan = planFixes(initial.diagnosis);
    });

    after(async () => {
      await session?.stop();
    });

    it('has az fixes to run', () => {
      assert.ok(plan.steps.length > 0, `no runnable az fix; skipped: ${JSON.stringify(plan.skipped)}`);
    });

    it('verification commands match the facts', async () => {
      const scripts = new Set<string>();
      for (const finding of initial.diagnosis.findings) {
        if (finding.severity === 'ok') {
          continue;
        }
        for (const command of verificationCommands(finding, initial.facts)) {
          if (!isDataPlaneCommand(command.az)) {
            scripts.add(command.az);
          }
        }
      }

      for (const script of scripts) {
        const result = await session.bash(script);
        assert.equal(result.exitCode, 0, `verification command failed:\n${script}\n${result.stderr}`);

        const check = checkVerificationOutput(script, result.stdout, initial.facts);
        assert.deepEqual(check.mismatches, [], `verification command disagrees with the facts (${check.compared}):\n${script}`);
      }
    });

    it('runs each fix with exit code 0', async () => {
      for (const step of plan.steps) {
        await runStep(session, step, options);
      }
    });

    it('clears every blocker it fixed', async () => {
      const after = await diagnoseSandbox(session.sandbox, scenario);
      const remaining = after.diagnosis.findings.filter((finding) => finding.severity === 'blocker').map((finding) => finding.code);

      for (const code of plan.fixedCodes) {
        assert.ok(!remaining.includes(code), `blocker ${code} is still reported after its fixes ran; blockers now: ${remaining.join(', ')}`);
      }
      if (plan.coversAllBlockers) {
        assert.equal(after.diagnosis.verdict, 'should-work', `blockers left: ${remaining.join(', ') || 'none'}; gaps: ${JSON.stringify(after.facts.gaps)}`);
      }
    });

    it('re-runs the fixes without changes', async () => {
      const before = snapshotState(session.sandbox.state);

      for (const step of plan.steps) {
        await runStep(session, step, options, true);
      }

      const after = snapshotState(session.sandbox.state);
      assert.ok(before === after, `the second run changed the sandbox:\n${diffSnapshots(before, after)}`);
    });

    it('runs each alternative fix alone', async function () {
      if (plan.alternatives.length === 0) {
        this.skip();
      }

      // Each alternative starts from the scenario as it was, in a sandbox of its own.
      for (const alternative of plan.alternatives) {
        const own = await startAzSession({ scenario });
        try {
          await runStep(own, alternative, options);

          const after = await diagnoseSandbox(own.sandbox, scenario);
          const blockers = after.diagnosis.findings.filter((finding) => finding.severity === 'blocker').map((finding) => finding.code);
          assert.ok(!blockers.includes(alternative.code), `alternative "${alternative.title}" left blocker ${alternative.code}; blockers now: ${blockers.join(', ')}`);

          const before = snapshotState(own.sandbox.state);
          await runStep(own, alternative, options, true);
          const afterRerun = snapshotState(own.sandbox.state);
          assert.ok(before === afterRerun, `the second run of "${alternative.title}" changed the sandbox:\n${diffSnapshots(before, afterRerun)}`);
          assert.deepEqual(own.blockedConnections(), []);
        } finally {
          await own.stop();
        }
      }
    });

    it('stays on loopback', () => {
      assert.deepEqual(session.blockedConnections(), []);
    });
  });
}
