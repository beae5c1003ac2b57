/**
 * Runs the real collector against an HTTPS sandbox seeded with a should-work case, with faults
 * injected, and returns the diagnosis with how long it took. The case is should-work, so a fault
 * is the only reason for any other verdict.
 */
import type { FaultRule, Sandbox } from '../../../../sandbox/index';
import type { RetrySettings } from '../../../../src/azure/env';
import { runScenario } from '../../../../src/cli/scenarioRun';
import { diagnose } from '../../../../src/diagnosis/diagnose';
import type { AccessFacts } from '../../../../src/diagnosis/facts';
import type { Diagnosis } from '../../../../src/diagnosis/finding';
import type { Scenario } from '../../../../src/scenario/types';
import { loadCase } from './hostileScenario';

export const SHOULD_WORK_CASE = 'aks-workload-secrets-user-should-work';

/** Short retries, so a fault that never clears ends the read within seconds. */
export const FAST_RETRY: Partial<RetrySettings> = { maxRetries: 2, retryDelayMs: 20, maxRetryDelayMs: 100, maxRetryAfterMs: 5_000 };

export interface FaultRun {
  facts: AccessFacts;
  diagnosis: Diagnosis;
  elapsedMs: number;
  /** The stopped sandbox, for its request log and state. */
  sandbox: Sandbox;
}

export interface FaultRunOptions {
  faults?: FaultRule[];
  /** Changes the seeded sandbox (its state or faults) before collecting. */
  prepare?: (sandbox: Sandbox) => void;
  retry?: Partial<RetrySettings>;
  scenario?: Scenario;
}

/** Collects over HTTPS and diagnoses with the given faults; the sandbox is stopped when it returns. */
export async function runWithFaults(options: FaultRunOptions = {}): Promise<FaultRun> {
  const scenario = options.scenario ?? loadCase(SHOULD_WORK_CASE);
  let sandbox: Sandbox | undefined;

  const started = Date.now();
  const run = await runScenario(scenario, {
    https: true,
    retry: options.retry ?? FAST_RETRY,
    onSandbox: (started) => {
      sandbox = started;
      options.prepare?.(started);
      for (const rule of options.faults ?? []) {
        started.inject(rule);
      }
    },
  });
  const elapsedMs = Date.now() - started;

  if (!sandbox) {
    throw new Error('runScenario did not report its sandbox.');
  }
  return { facts: run.facts, diagnosis: diagnose(run.facts), elapsedMs, sandbox };
}

/** Lists the facts named by gaps, and those that `unknown` findings name as missing. */
export function missingFacts(run: FaultRun): { gaps: string[]; unknown: string[] } {
  return {
    gaps: run.facts.gaps.map((gap) => gap.fact),
    unknown: run.diagnosis.findings.filter((finding) => finding.severity === 'unknown').flatMap((finding) => finding.missing ?? []),
  };
}
