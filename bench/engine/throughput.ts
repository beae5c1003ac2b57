/** Engine throughput: RBAC evaluations per second over 50,000 role assignments, and the memory they take. */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { FigureLog } from '../report';
import type { EngineResult } from './worker';

export interface EngineBenchOptions {
  /** How long each evaluation loop runs, in milliseconds. */
  durationMs: number;
  seed: number;
}

export async function measureEngine(log: FigureLog, options: EngineBenchOptions): Promise<void> {
  const result = await runWorker(options);
  const share = `${Math.round(result.grantedShare * 100)}% granted`;

  log.add({
    section: 'engine',
    name: `evaluations per second, ${result.assignments.toLocaleString('en-US')} assignments`,
    value: Math.round(result.tenantWidePerSecond),
    unit: '/s',
    target: { kind: 'min', limit: 100_000 },
    note: 'callerAssignments reads the caller\'s assignments from an index built once per assignment array',
  });
  log.add({
    section: 'engine',
    name: 'evaluations per second, caller assignments selected first',
    value: Math.round(result.indexedPerSecond),
    unit: '/s',
    note: `the assignments grouped by principal id before evaluating, as the collector's assignedTo() filter does; ${share}`,
  });
  log.add({
    section: 'engine',
    name: 'resident set size',
    value: Math.round(result.peakRssMb),
    unit: 'MB',
    target: { kind: 'max', limit: 200 },
    note: `peak of the engine process; ${Math.round(result.baselineRssMb)} MB before generating the tenant, ${Math.round(result.rssMb)} MB at the end`,
  });
}

/**
 * Bundles the worker to plain JavaScript and runs it in plain Node, so the resident set size
 * does not include the TypeScript loader (tsx keeps a hooks thread and a transform cache).
 */
async function runWorker(options: EngineBenchOptions): Promise<EngineResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kvd-bench-engine-'));
  try {
    const outfile = path.join(dir, 'worker.js');
    await esbuild.build({ entryPoints: [path.join(__dirname, 'worker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' });
    return await forkWorker(outfile, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function forkWorker(script: string, options: EngineBenchOptions): Promise<EngineResult> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [String(options.durationMs), String(options.seed)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: EngineResult | undefined;
    child.on('message', (message: EngineResult) => {
      result = message;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`The engine benchmark process exited with code ${code} without a result.`))));
  });
}
