/**
 * `npm run bench`: measures diagnosis latency, discovery at scale, engine throughput and the
 * extension's bundle and load time, and prints each figure with its target. See bench/RESULTS.md
 * for recorded runs.
 */
import os from 'node:os';
import { measureDiagnosisLatency } from './diagnosis/latency';
import { measureDiscovery } from './discovery/scale';
import { measureEngine } from './engine/throughput';
import { measureExtension } from './extension/bundle';
import { describeMachine, formatMachine } from './machine';
import { parseOptions, type BenchOptions, type Section } from './options';
import { FigureLog, passes } from './report';

/** Seed of every generated tenant, fixed so that runs compare. */
const SEED = 20261204;

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }

  const log = new FigureLog();
  const started = performance.now();
  log.say(`machine: ${formatMachine(describeMachine())}`);
  log.say(`mode: ${options.quick ? 'quick' : 'full'}, latency ${options.latencyMs} ms per request`);

  const sections: Record<Section, () => Promise<void>> = {
    diagnosis: () => measureDiagnosisLatency(log, { latencyMs: options.latencyMs, pageSize: 100, runs: options.quick ? 3 : 7, az: !options.quick }),
    discovery: () => measureDiscovery(log, { latencyMs: options.latencyMs, seed: SEED, full: !options.quick }),
    engine: () => measureEngine(log, { durationMs: options.quick ? 1500 : 5000, seed: SEED }),
    extension: () => measureExtension(log, { loads: options.quick ? 3 : 9 }),
  };
  for (const section of options.sections) {
    await sections[section]();
  }

  const failed = log.figures.filter((figure) => passes(figure) === false);
  const targeted = log.figures.filter((figure) => figure.target);
  log.say(`targets: ${targeted.length - failed.length} of ${targeted.length} met${failed.length > 0 ? `; missed: ${failed.map((figure) => `${figure.section} ${figure.name}`).join('; ')}` : ''}`);
  log.say(`total time: ${((performance.now() - started) / 1000).toFixed(1)} s, load average at the end ${os.loadavg()[0]?.toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(`The benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
