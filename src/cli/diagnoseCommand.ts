/**
 * `kv-doctor diagnose`: facts from a file, a scenario or a live vault, then the diagnosis.
 */
import { writeFile } from 'node:fs/promises';
import { lookupOperation, OPERATIONS } from '../diagnosis/catalogue';
import { diagnose } from '../diagnosis/diagnose';
import type { Logger } from '../azure/env';
import type { AccessFacts, CallerRef } from '../diagnosis/facts';
import { parseAccessFacts } from '../diagnosis/validate';
import { renderDiagnosis } from '../report/output';
import { choice, parseCommandArgs, splitList } from './args';
import { collectFacts, type CollectOptions } from './collectSource';
import { UsageError } from './errors';
import { DIAGNOSE_HELP } from './help';
import { readJsonFile, type CliIo } from './io';
import { exitCodeForVerdict, formatOutput, FORMATS } from './output';

const OPTIONS = {
  facts: { type: 'string' },
  scenario: { type: 'string' },
  vault: { type: 'string' },
  identity: { type: 'string' },
  'object-id': { type: 'string' },
  'client-id': { type: 'string' },
  operations: { type: 'string' },
  objects: { type: 'string' },
  workspace: { type: 'string' },
  'save-facts': { type: 'string' },
  cloud: { type: 'string' },
  'arm-endpoint': { type: 'string' },
  ca: { type: 'string' },
  format: { type: 'string' },
  'no-color': { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** Runs the command and returns the exit code. */
export async function runDiagnose(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('diagnose', args, OPTIONS);
  if (values.help) {
    io.stdout.write(DIAGNOSE_HELP);
    return 0;
  }

  const format = choice('--format', values.format, FORMATS, 'text');
  const facts = await loadFacts(values, values.verbose ? stderrLogger(io) : undefined);

  if (values['save-facts']) {
    await saveFacts(values['save-facts'], facts);
  }

  const diagnosis = diagnose(facts);
  const output = renderDiagnosis(diagnosis, facts);
  io.stdout.write(formatOutput(output, format, io, values['no-color'] === true));
  return exitCodeForVerdict(diagnosis.verdict);
}

async function loadFacts(values: Values, log: Logger | undefined): Promise<AccessFacts> {
  const sources = (['facts', 'scenario', 'vault'] as const).filter((name) => values[name] !== undefined);
  if (sources.length !== 1) {
    const found = sources.length === 0 ? 'none was given' : `got ${sources.map((name) => `--${name}`).join(' and ')}`;
    throw new UsageError(`Give exactly one of --facts FILE, --scenario FILE or --vault ID (${found}).`);
  }

  if (values.facts !== undefined) {
    rejectWith('--facts', values, ['identity', 'object-id', 'client-id', 'operations', 'objects', 'workspace', 'save-facts', 'cloud', 'arm-endpoint', 'ca', 'verbose']);
    return readFactsFile(values.facts);
  }

  if (values.scenario !== undefined) {
    rejectWith('--scenario', values, ['identity', 'object-id', 'client-id', 'operations', 'objects', 'cloud', 'arm-endpoint', 'ca']);
    return collectFacts({ scenarioFile: values.scenario, workspaceDir: values.workspace, log });
  }

  return collectFacts({ ...liveOptions(values), log });
}

/** `--verbose`: collection progress and every ARM request line on standard error, so standard output stays parseable. */
function stderrLogger(io: CliIo): Logger {
  const write = (level: string) => (message: string) => {
    io.stderr.write(`${level} ${message}\n`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug') };
}

function liveOptions(values: Values): CollectOptions {
  const callers = (['identity', 'object-id', 'client-id'] as const).filter((name) => values[name] !== undefined);
  if (callers.length !== 1) {
    throw new UsageError('Give exactly one caller with --vault: --identity ID, --object-id GUID or --client-id GUID.');
  }
  if (values.cloud !== undefined && values['arm-endpoint'] !== undefined) {
    throw new UsageError('Give either --cloud NAME or --arm-endpoint URL, not both.');
  }
  if (values.ca !== undefined && values['arm-endpoint'] === undefined) {
    throw new UsageError('--ca FILE applies only to a custom endpoint: add --arm-endpoint URL, or drop --ca.');
  }

  const caller: CallerRef = {};
  if (values.identity !== undefined) {
    caller.identity = values.identity;
  } else if (values['object-id'] !== undefined) {
    caller.objectId = values['object-id'];
  } else {
    caller.clientId = values['client-id'];
  }

  return {
    vaultId: values.vault,
    caller,
    operations: operationsOption(values.operations),
    objects: splitList(values.objects) ?? [],
    workspaceDir: values.workspace,
    cloud: values.cloud,
    armEndpoint: values['arm-endpoint'],
    caFile: values.ca,
  };
}

/**
 * Reads `--operations`: a comma-separated list of catalogue operations. An empty list or an
 * unknown name is a usage error that names the value and lists the valid operations. Absent,
 * the operations are derived from the workspace or the client.
 */
function operationsOption(value: string | undefined): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }

  const valid = `Valid operations: ${OPERATIONS.map((operation) => operation.name).join(', ')}.`;
  const names = splitList(value) ?? [];
  if (names.length === 0) {
    throw new UsageError(`--operations ${JSON.stringify(value)} names no operation; give at least one, such as secrets/get, or leave the option out. ${valid}`);
  }
  const unknown = names.filter((name) => !lookupOperation(name));
  if (unknown.length > 0) {
    throw new UsageError(`--operations names ${unknown.length === 1 ? 'an unknown operation' : 'unknown operations'}: ${unknown.map((name) => JSON.stringify(name)).join(', ')}. ${valid}`);
  }
  return names;
}

/** Options that belong to another input form are rejected instead of being silently ignored. */
function rejectWith(source: string, values: Values, names: (keyof Values)[]): void {
  const stray = names.filter((name) => values[name] !== undefined);
  if (stray.length > 0) {
    throw new UsageError(`${stray.map((name) => `--${String(name)}`).join(', ')} cannot be combined with ${source}.`);
  }
}

async function readFactsFile(path: string): Promise<AccessFacts> {
  const json = await readJsonFile(path, '--facts');
  try {
    return parseAccessFacts(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Invalid facts in ${path}: ${reason}`);
  }
}

async function saveFacts(path: string, facts: AccessFacts): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(facts, null, 2)}\n`, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot write the facts to ${path} (given to --save-facts): ${(error as Error).message}`);
  }
}
