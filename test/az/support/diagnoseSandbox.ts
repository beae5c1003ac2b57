/**
 * Collects facts from a running sandbox and diagnoses them, the way `kv-doctor diagnose
 * --scenario` does, but without starting a sandbox of its own. So a test can diagnose, change
 * the sandbox with az, and diagnose the changed state again.
 */
import { collect } from '../../../src/azure/collect';
import { deriveOperations, sandboxEnv } from '../../../src/cli/scenarioRun';
import { scenarioRequest } from '../../../src/cli/scenarioFile';
import type { AccessFacts } from '../../../src/diagnosis/facts';
import type { Diagnosis } from '../../../src/diagnosis/finding';
import { diagnose } from '../../../src/diagnosis/diagnose';
import type { Scenario } from '../../../src/scenario/types';
import { parseWorkspaceFiles } from '../../../src/workspace/parse';
import type { Sandbox } from '../../../sandbox';

export interface DiagnosedState {
  facts: AccessFacts;
  diagnosis: Diagnosis;
}

/** Collects through the sandbox's in-process transport, which shares the state az changes over HTTPS. */
export async function diagnoseSandbox(sandbox: Sandbox, scenario: Scenario): Promise<DiagnosedState> {
  const workload = scenario.workspace ? parseWorkspaceFiles(scenario.workspace.files) : undefined;
  const request = scenarioRequest(scenario);
  if (request.operations.length === 0) {
    request.operations = deriveOperations(request.client, workload);
  }

  const facts = await collect(request, sandboxEnv(sandbox, false), { now: scenario.now, workload });
  return { facts, diagnosis: diagnose(facts) };
}
