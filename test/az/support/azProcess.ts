/**
 * Runs Debian's az CLI (2.45) isolated from the machine: its own config folder, no telemetry or
 * online lookups, trust in the sandbox's CA only, the role-command fix and the network guard
 * from python/sitecustomize.py.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const azBin = '/usr/bin/az';
const shimDir = path.join(__dirname, 'python');

export interface AzEnvironmentOptions {
  /** AZURE_CONFIG_DIR for these calls; never ~/.azure. */
  configDir: string;
  /** PEM file with the CA that signed the sandbox's certificate. */
  caFile: string;
  /** File the network guard appends to; see python/sitecustomize.py. */
  guardLog: string;
}

export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/**
 * Builds the environment for az. Each variable closes a path to the network or to the user's
 * own az state:
 * - AZURE_CORE_COLLECT_TELEMETRY=false: az would otherwise start a telemetry upload process.
 * - AZURE_CORE_ERROR_RECOMMENDATION=off: a parse error would query an online recommendation service.
 * - AZURE_EXTENSION_USE_DYNAMIC_INSTALL=no: an unknown command would download the extension index.
 * - REQUESTS_CA_BUNDLE: the only setting that az 2.45 applies to both ARM calls and MSAL's sign-in.
 */
export function buildAzEnvironment(options: AzEnvironmentOptions): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AZURE_') && !/^(https?|no|all)_proxy$/i.test(name)),
  );

  return {
    ...inherited,
    AZURE_CONFIG_DIR: options.configDir,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_ERROR_RECOMMENDATION: 'off',
    AZURE_EXTENSION_USE_DYNAMIC_INSTALL: 'no',
    AZURE_CORE_SURVEY_MESSAGE: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    REQUESTS_CA_BUNDLE: options.caFile,
    PYTHONPATH: process.env.PYTHONPATH ? `${shimDir}:${process.env.PYTHONPATH}` : shimDir,
    KVD_AZ_NET_GUARD_LOG: options.guardLog,
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

/**
 * Creates a config folder with a seeded version cache. Without it, the first az call in a new
 * folder checks online for a newer az release.
 */
export function prepareConfigDir(configDir: string): void {
  mkdirSync(configDir, { recursive: true });
  const versionCheck = {
    versions: { 'azure-cli': { local: '2.45.0' }, core: { local: '2.45.0' }, telemetry: { local: '1.0.8' } },
    update_time: '2000-01-01 00:00:00.000000',
  };
  writeFileSync(path.join(configDir, 'versionCheck.json'), JSON.stringify(versionCheck));
}

/** Runs a program to completion and collects its output; never rejects on a non-zero exit. */
export function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<ProcessResult> {
  const started = Date.now();

  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => reject(new Error(`failed to start ${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: Date.now() - started,
      });
    });
  });
}

/** Returns the lines of the network guard log that record a rejected connection or lookup. */
export function readBlockedConnections(guardLog: string): string[] {
  if (!existsSync(guardLog)) {
    return [];
  }
  return readFileSync(guardLog, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('BLOCK'));
}

/**
 * Tells whether this process runs in a network namespace whose only interface is loopback,
 * as scripts/run-tests.mjs sets up with `unshare --net` when it runs as root.
 */
export function isLoopbackOnlyNetwork(): boolean {
  // /proc/net/dev lists the interfaces of the caller's network namespace; /sys/class/net shows
  // those of the namespace that mounted sysfs, so it cannot tell.
  try {
    const interfaces = readFileSync('/proc/net/dev', 'utf8')
      .split('\n')
      .slice(2)
      .map((line) => line.split(':')[0].trim())
      .filter(Boolean);
    return interfaces.length === 1 && interfaces[0] === 'lo';
  } catch {
    return false;
  }
}
