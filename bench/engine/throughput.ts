/** Engine throughput: RBAC evaluations per second over 50,000 role assignments, and the memory they take. */
import { fork } from 'node:child_process';
import path from 'node:path';
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
    note: 'callerAssignments scans every assignment for each caller',
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

function runWorker(options: EngineBenchOptions): Promise<EngineResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'worker.ts'), [String(options.durationMs), String(options.seed)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: EngineResult | undefined;
    child.on('message', (message: EngineResult) => {
      result = message;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`The engine benchmark process exited with code ${code} without a result.`))));
  });
}
