/**
 * One az CLI session against one sandbox: the sandbox seeded from a scenario over HTTPS, a
 * custom cloud registered for its port, and the sandbox operator signed in with
 * `az login --service-principal`. Tests run az and bash in config folders copied from that
 * signed-in template, so they never share az's mutable state.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Scenario } from '../../../src/scenario/types';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { azBin, buildAzEnvironment, prepareConfigDir, readBlockedConnections, runProcess, type ProcessResult } from './azProcess';

/** Name of the custom cloud in each config folder. */
export const SANDBOX_CLOUD_NAME = 'KvDoctorSandbox';

export interface AzSession {
  sandbox: Sandbox;
  /** The folder for this session's config folders, guard log and scratch files. */
  runDir: string;
  /** The network guard's log; see python/sitecustomize.py. */
  guardLog: string;
  /** Environment for az in the template config folder. */
  env: NodeJS.ProcessEnv;
  /** Runs `az ARGS`, in the template config folder unless env names another one. */
  az(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<ProcessResult>;
  /**
   * Runs a bash script (for example a generated fix) with `set -e` and `pipefail`, in the
   * template config folder unless env names another one.
   */
  bash(script: string, env?: NodeJS.ProcessEnv): Promise<ProcessResult>;
  /** Copies the signed-in template to a new config folder and returns az's environment for it. */
  cloneEnvironment(name: string): NodeJS.ProcessEnv;
  /** Returns the guard log lines for rejected non-loopback connections; empty when az stayed on 127.0.0.1. */
  blockedConnections(): string[];
  /** Empties the guard log, after a test that provokes a rejected connection on purpose. */
  clearBlockedConnections(): void;
  stop(): Promise<void>;
}

export interface AzSessionOptions {
  scenario: Scenario;
  /** Items per page of every sandbox list; the sandbox default (2) when absent. */
  pageSize?: number;
}

/**
 * Builds the custom cloud for a sandbox at `url`. The Entra endpoint ends in /adfs, because MSAL
 * 1.21 (in az 2.45) treats any other non-Microsoft authority as Entra ID and first requests
 * instance discovery from login.microsoftonline.com. With an ADFS authority it only reads
 * `/adfs/.well-known/openid-configuration`. `microsoftGraphResourceId` has no
 * `az cloud register` flag, so the cloud comes as a JSON file.
 */
export function buildCloudConfig(url: string): Record<string, unknown> {
  return {
    endpoints: {
      resourceManager: `${url}/`,
      management: `${url}/`,
      activeDirectory: `${url}/adfs`,
      activeDirectoryResourceId: `${url}/`,
      activeDirectoryGraphResourceId: `${url}/aadgraph/`,
      microsoftGraphResourceId: `${url}/graph/`,
    },
    suffixes: {
      keyvaultDns: '.vault.sandbox.invalid',
      storageEndpoint: 'sandbox.invalid',
    },
  };
}

function describeFailure(step: string, result: ProcessResult): Error {
  return new Error(`${step} failed with exit code ${result.exitCode}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
}

/** Starts the sandbox, registers its cloud and signs in; stop() undoes all of it. */
export async function startAzSession(options: AzSessionOptions): Promise<AzSession> {
  const sandbox = await startSandbox({ scenario: options.scenario, pageSize: options.pageSize });
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'kvd-az-'));

  const stop = async () => {
    await sandbox.stop();
    rmSync(runDir, { recursive: true, force: true });
  };

  try {
    if (!sandbox.caFile) {
      throw new Error('the sandbox started without HTTPS, but az needs its CA file');
    }
    const caFile = sandbox.caFile;
    const guardLog = path.join(runDir, 'network-guard.log');
    const templateDir = path.join(runDir, 'template');
    prepareConfigDir(templateDir);
    const env = buildAzEnvironment({ configDir: templateDir, caFile, guardLog });

    const cloudFile = path.join(runDir, 'cloud.json');
    writeFileSync(cloudFile, JSON.stringify(buildCloudConfig(sandbox.url)));

    const az = (args: readonly string[], environment: NodeJS.ProcessEnv = env) => runProcess(azBin, args, environment, runDir);
    const steps: Array<[string, string[]]> = [
      ['az cloud register', ['cloud', 'register', '--name', SANDBOX_CLOUD_NAME, '--cloud-config', `@${cloudFile}`]],
      ['az cloud set', ['cloud', 'set', '--name', SANDBOX_CLOUD_NAME]],
      [
        'az login',
        // The `--name=value` form, because a generated secret may start with `-`, and az's
        // argument parser would read `--password -xyz` as a missing value and another flag.
        [
          'login',
          '--service-principal',
          `--username=${sandbox.operator.clientId}`,
          `--password=${sandbox.operator.clientSecret}`,
          `--tenant=${sandbox.operator.tenantId}`,
          '--output=none',
        ],
      ],
    ];
    for (const [step, args] of steps) {
      const result = await az(args);
      if (result.exitCode !== 0) {
        throw describeFailure(step, result);
      }
    }

    let clones = 0;
    return {
      sandbox,
      runDir,
      guardLog,
      env,
      az: (args, environment) => az(args, environment),
      bash: (script, environment = env) => runProcess('/bin/bash', ['-e', '-o', 'pipefail', '-c', script], environment, runDir),
      cloneEnvironment: (name) => {
        clones += 1;
        const configDir = path.join(runDir, `config-${clones}-${name.replace(/\W+/g, '-')}`);
        cpSync(templateDir, configDir, { recursive: true });
        return buildAzEnvironment({ configDir, caFile, guardLog });
      },
      blockedConnections: () => readBlockedConnections(guardLog),
      clearBlockedConnections: () => writeFileSync(guardLog, ''),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
