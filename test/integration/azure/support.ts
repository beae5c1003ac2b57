/** Shared setup for the SDK integration tests: cases from the shared folder and an HTTPS sandbox. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSandbox, type Sandbox } from '../../../sandbox/index';
import type { AzureEnv, RetrySettings } from '../../../src/azure/env';
import { sandboxEnv } from '../../../src/cli/scenarioRun';
import { scenarioRequest } from '../../../src/cli/scenarioFile';
import type { AccessRequest } from '../../../src/diagnosis/facts';
import type { WorkloadFacts } from '../../../src/diagnosis/workload';
import { parseWorkspaceFiles } from '../../../src/workspace/parse';
import type { Scenario } from '../../../src/scenario/types';

const repoRoot = path.resolve(__dirname, '../../..');
export const CASES_DIR = path.resolve(repoRoot, '../shared/scenarios/cases');

export function loadCase(name: string): Scenario {
  return JSON.parse(fs.readFileSync(path.join(CASES_DIR, `${name}.json`), 'utf8')) as Scenario;
}

export function loadDemo(): Scenario {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'demo/aks-external-secrets.json'), 'utf8')) as Scenario;
}

export interface HttpsRun {
  sandbox: Sandbox;
  env: AzureEnv;
  request: AccessRequest;
  scenario: Scenario;
  /** Collection options as the scenario runner passes them: the scenario's clock and its workspace files. */
  options: { now: string; workload?: WorkloadFacts };
}

/** Starts the sandbox over HTTPS on 127.0.0.1 and an environment that trusts its CA; call `sandbox.stop()` after. */
export async function startHttps(scenario: Scenario, retry?: Partial<RetrySettings>, pageSize?: number): Promise<HttpsRun> {
  const sandbox = await startSandbox({ scenario, https: true, ...(pageSize ? { pageSize } : {}) });
  const workload = scenario.workspace ? parseWorkspaceFiles(scenario.workspace.files) : undefined;
  return {
    sandbox,
    env: sandboxEnv(sandbox, true, retry ? { retry } : {}),
    request: scenarioRequest(scenario),
    scenario,
    options: { now: scenario.now, ...(workload ? { workload } : {}) },
  };
}

/** Paths of logged requests whose path matches, with their decoded query. */
export function logged(sandbox: Sandbox, pattern: RegExp): { method: string; path: string; query: Record<string, string> }[] {
  return sandbox.log.filter((record) => pattern.test(record.path)).map((record) => ({ method: record.method, path: record.path, query: record.query }));
}
