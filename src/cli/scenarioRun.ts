/**
 * Runs a scenario the way a signed-in user's diagnosis runs: start the sandbox in-process, sign
 * in with a client secret against its Entra endpoints, collect through the SDK clients, and stop
 * the sandbox. The sandbox module loads only here, so the live form never loads it.
 */
import type { AccessFacts, AccessRequest, ClientKind } from '../diagnosis/facts';
import type { WorkloadFacts } from '../diagnosis/workload';
import type { Scenario } from '../scenario/types';
import type { Sandbox } from '../../sandbox/index';
import { customCloud } from '../azure/clouds';
import { collectWithStats, type CollectStats } from '../azure/collect';
import { clientSecretCredential } from '../azure/credentials';
import type { AzureEnv, Logger, RetrySettings } from '../azure/env';
import { parseWorkspaceFiles } from '../workspace/parse';
import { externalSecretOperations } from '../workspace/targets';
import { readWorkspaceDir } from '../workspace/readDir';
import { CLIENT_PRESETS } from '../diagnosis/catalogue';
import { scenarioRequest } from './scenarioFile';
import { version } from '../../package.json';

export interface ScenarioRunOptions {
  /** Read workload files from this folder instead of the scenario's `workspace.files`. */
  workspaceDir?: string;
  /** Serve the sandbox over HTTPS on 127.0.0.1 and trust its CA, instead of the in-process transport. */
  https?: boolean;
  /** Items per sandbox list page (the sandbox's default when absent). */
  pageSize?: number;
  retry?: Partial<RetrySettings>;
  log?: Logger;
  signal?: AbortSignal;
  /** Called with the started sandbox before collecting, for example to inject faults. */
  onSandbox?: (sandbox: Sandbox) => void | Promise<void>;
}

export interface ScenarioRun {
  facts: AccessFacts;
  stats: CollectStats;
  request: AccessRequest;
}

export async function runScenario(scenario: Scenario, options: ScenarioRunOptions = {}): Promise<ScenarioRun> {
  const workload = readWorkload(scenario, options.workspaceDir);
  const request = scenarioRequest(scenario);
  if (request.operations.length === 0) {
    request.operations = deriveOperations(request.client, workload);
  }

  const { startSandbox } = loadSandbox();
  const https = options.https ?? false;
  const sandbox = await startSandbox({ scenario, https, ...(options.pageSize ? { pageSize: options.pageSize } : {}) });
  try {
    await options.onSandbox?.(sandbox);
    const env = sandboxEnv(sandbox, https, options);
    const { facts, stats } = await collectWithStats(request, env, { now: scenario.now, workload, signal: options.signal, log: options.log });
    return { facts, stats, request };
  } finally {
    await sandbox.stop();
  }
}

/** Builds the environment of a user signed in to the sandbox: its cloud, a client secret credential, and its CA or transport. */
export function sandboxEnv(sandbox: Sandbox, https: boolean, options: { retry?: Partial<RetrySettings>; log?: Logger } = {}): AzureEnv {
  const cloud = customCloud({
    name: 'Sandbox',
    armEndpoint: sandbox.armEndpoint,
    authorityHost: sandbox.authorityHost,
    graphEndpoint: sandbox.graphEndpoint,
    logAnalyticsEndpoint: sandbox.logAnalyticsEndpoint,
  });
  const transport = https ? { ca: sandbox.caPem } : { httpClient: sandbox.httpClient };
  const { tenantId, clientId, clientSecret } = sandbox.operator;

  return {
    cloud,
    credential: clientSecretCredential(cloud, tenantId, clientId, clientSecret, transport),
    tenantId,
    ...transport,
    userAgentPrefix: `kv-doctor/${version}`,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
}

function readWorkload(scenario: Scenario, workspaceDir: string | undefined): WorkloadFacts | undefined {
  if (workspaceDir !== undefined) {
    return parseWorkspaceFiles(readWorkspaceDir(workspaceDir));
  }
  return scenario.workspace ? parseWorkspaceFiles(scenario.workspace.files) : undefined;
}

/**
 * Derives operations from the workload (an ExternalSecret with `find` lists before it reads), then
 * from the client's preset, and falls back to reading one secret, the most common request.
 */
export function deriveOperations(client: ClientKind | undefined, workload: WorkloadFacts | undefined): string[] {
  const externalSecrets = workload?.externalSecrets ?? [];
  if (externalSecrets.length > 0) {
    return externalSecretOperations(externalSecrets);
  }

  const preset = client ? CLIENT_PRESETS.find((candidate) => candidate.client === client) : undefined;
  return preset ? [...preset.operations] : ['secrets/get'];
}

/** Requires the sandbox on first use, so the live form and the extension never load it. */
function loadSandbox(): typeof import('../../sandbox/index') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../sandbox/index');
}
