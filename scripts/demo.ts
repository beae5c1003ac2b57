/**
 * `npm run demo`: diagnoses the built-in demo scenario (demo/aks-external-secrets.json) end to
 * end. An AKS workload reads a vault through External Secrets with a workload identity that has
 * Key Vault Reader, so listing works and reading values gets 403. The local sandbox serves the
 * scenario in-process; the command line signs in with a client secret, collects the facts through
 * the Azure SDK clients, diagnoses them and prints the report with its least-privilege fix.
 *
 * Options: `--https` serves the sandbox on 127.0.0.1 over HTTPS instead of in-process;
 * `--verbose` prints every request the SDK clients sent.
 */
import * as path from 'node:path';
import { diagnose } from '../src/diagnosis/diagnose';
import { loadScenarioFile } from '../src/cli/scenarioFile';
import { runScenario } from '../src/cli/scenarioRun';
import { renderDiagnosis } from '../src/report/output';
import { formatText } from '../src/report/text';

const DEMO_SCENARIO = path.resolve(__dirname, '../demo/aks-external-secrets.json');

async function runDemo(args: string[]): Promise<number> {
  const https = args.includes('--https');
  const verbose = args.includes('--verbose');
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const requestLines: string[] = [];

  const scenario = await loadScenarioFile(DEMO_SCENARIO);
  process.stdout.write(`Demo: ${path.relative(process.cwd(), DEMO_SCENARIO)}\n`);
  process.stdout.write(`Serving the scenario from the local sandbox (${https ? 'HTTPS on 127.0.0.1' : 'in-process'}) and collecting through the Azure SDK clients...\n`);

  const started = Date.now();
  const run = await runScenario(scenario, {
    https,
    log: { info: (line) => requestLines.push(line), warn: (line) => requestLines.push(`warning: ${line}`), error: (line) => requestLines.push(`error: ${line}`) },
  });
  const elapsed = Date.now() - started;

  if (verbose) {
    process.stdout.write(`${requestLines.map((line) => `  ${line}`).join('\n')}\n`);
  }
  process.stdout.write(`Collected in ${elapsed} ms: ${run.stats.requests} requests in ${run.stats.waves} sequential waves, ${run.facts.gaps.length} gaps.\n\n`);

  const diagnosis = diagnose(run.facts);
  process.stdout.write(formatText(renderDiagnosis(diagnosis, run.facts), { color }));
  return diagnosis.verdict === 'blocked' ? 0 : 1;
}

runDemo(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`The demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
