/**
 * Serves a scenario over HTTPS on 127.0.0.1 until Ctrl+C, and prints what clients need to reach
 * it: endpoints, the CA file, sign-in values as shell `export` lines and the `az` cloud setup.
 *
 * Usage: npm run sandbox -- --scenario FILE [--port N] [--page-size N] [--latency-ms N] [--quiet]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import type { Scenario } from '../src/scenario/types';
import { diagnoseCommandLine, shellQuote } from './exampleCommand';
import { startSandbox, type Sandbox } from './index';
import type { RequestRecord } from './http/types';

const USAGE = `Usage: npm run sandbox -- --scenario FILE [options]

Serves the tenant of a kv-scenario/1 file as a local Azure sandbox over HTTPS on 127.0.0.1.

Options:
  --scenario FILE     scenario JSON file to serve (required)
  --port N            TCP port on 127.0.0.1; 0 picks a free port (default 0). The az cloud
                      registration contains the port, so re-register after a port change.
  --page-size N       items per page of every list (default 2)
  --latency-ms N      delay added to every response, in milliseconds (default 0)
  --quiet             do not print one line per request
  --help              show this help`;

function integerOption(value: string | undefined, name: string, fallback: number, minimum: number): number {
  if (value === undefined) {
    return fallback;
  }
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) {
    throw new Error(`Invalid --${name} '${value}': use an integer of at least ${minimum}.`);
  }
  return parsed;
}

function readScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the scenario file '${file}': ${(error as Error).message}`);
  }

  try {
    return JSON.parse(text) as Scenario;
  } catch (error) {
    throw new Error(`The scenario file '${file}' is not valid JSON: ${(error as Error).message}`);
  }
}

function describeSetup(sandbox: Sandbox, scenarioFile: string, scenario: Scenario): string {
  const { url, operator } = sandbox;
  const caFile = sandbox.caFile ?? '';
  const cloudConfig = JSON.stringify({
    endpoints: {
      resourceManager: `${url}/`,
      management: `${url}/`,
      activeDirectory: `${url}/adfs`,
      activeDirectoryResourceId: `${url}/`,
      activeDirectoryGraphResourceId: `${url}/aadgraph/`,
      microsoftGraphResourceId: `${url}/graph/`,
    },
    suffixes: { keyvaultDns: '.vault.azure.net', storageEndpoint: 'core.windows.net' },
  });

  return [
    `Key Vault Access Doctor sandbox: serving ${scenarioFile}`,
    `  ARM and Entra ID:   ${url}`,
    `  Microsoft Graph:    ${sandbox.graphEndpoint}/v1.0`,
    `  Log Analytics:      ${sandbox.logAnalyticsEndpoint}/v1/workspaces/{customerId}/query`,
    `  CA certificate:     ${caFile}`,
    '',
    '# Sign-in values for @azure/identity (EnvironmentCredential) and kv-doctor:',
    `export AZURE_TENANT_ID=${operator.tenantId}`,
    `export AZURE_CLIENT_ID=${operator.clientId}`,
    `export AZURE_CLIENT_SECRET=${shellQuote(operator.clientSecret)}`,
    `export AZURE_AUTHORITY_HOST=${url}`,
    `export KV_DOCTOR_ARM_ENDPOINT=${url}`,
    `export NODE_EXTRA_CA_CERTS=${shellQuote(caFile)}`,
    `export REQUESTS_CA_BUNDLE=${shellQuote(caFile)}`,
    // Proxies do not bypass loopback by themselves; NO_PROXY must name the exact host.
    'export NO_PROXY=127.0.0.1${NO_PROXY:+,$NO_PROXY}',
    '',
    '# az CLI (tested with 2.45): an isolated config directory, then the sandbox cloud and login.',
    'export AZURE_CONFIG_DIR=$(mktemp -d) AZURE_CORE_COLLECT_TELEMETRY=false AZURE_CORE_ERROR_RECOMMENDATION=off AZURE_EXTENSION_USE_DYNAMIC_INSTALL=no AZURE_CORE_SURVEY_MESSAGE=false',
    `printf '%s' ${shellQuote('{"versions": {"azure-cli": {"local": "2.45.0"}, "core": {"local": "2.45.0"}, "telemetry": {"local": "1.0.8"}}, "update_time": "2000-01-01 00:00:00.000000"}')} > "$AZURE_CONFIG_DIR/versionCheck.json"`,
    `az cloud register -n KvDoctorSandbox --cloud-config ${shellQuote(cloudConfig)}`,
    'az cloud set -n KvDoctorSandbox',
    `az login --service-principal -u ${operator.clientId} -p ${shellQuote(operator.clientSecret)} --tenant ${operator.tenantId} -o none`,
    '',
    "# The scenario's question, diagnosed live against the sandbox (after the export lines above):",
    diagnoseCommandLine(scenario.question, sandbox.armEndpoint, caFile),
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

function formatRecord(record: RequestRecord): string {
  const query = record.rawQuery ? `?${record.rawQuery}` : '';
  const fault = record.fault ? ` [fault: ${record.fault}]` : '';
  return `${record.time} ${record.method} ${record.path}${query} -> ${record.status || 'dropped'} ${record.durationMs}ms${fault}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      port: { type: 'string' },
      'page-size': { type: 'string' },
      'latency-ms': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (!values.scenario) {
    throw new Error(`Missing --scenario FILE.\n\n${USAGE}`);
  }

  const scenario = readScenario(values.scenario);
  const sandbox = await startSandbox({
    scenario,
    https: true,
    port: integerOption(values.port, 'port', 0, 0),
    pageSize: integerOption(values['page-size'], 'page-size', 2, 1),
    latencyMs: integerOption(values['latency-ms'], 'latency-ms', 0, 0),
    onRequest: (record) => {
      if (record.error) {
        process.stderr.write(`${formatRecord(record)}\n${record.error}\n`);
      } else if (!values.quiet) {
        process.stdout.write(formatRecord(record) + '\n');
      }
    },
  });
  process.stdout.write(describeSetup(sandbox, values.scenario, scenario) + '\n');

  const shutdown = (signal: string) => {
    process.stdout.write(`\nReceived ${signal}; stopping the sandbox and deleting its certificate files.\n`);
    void sandbox.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`kv-doctor sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
