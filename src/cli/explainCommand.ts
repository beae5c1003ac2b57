/**
 * `kv-doctor explain`: what a pasted error means, which identity really called, and what to
 * check next.
 */
import type { ObservedError } from '../diagnosis/facts';
import { explainError } from '../diagnosis/errors/explain';
import { parseObservedError } from '../diagnosis/errors/parse';
import { choice, parseCommandArgs } from './args';
import { UsageError } from './errors';
import { EXPLAIN_HELP } from './help';
import { readStdin, readTextFile, type CliIo } from './io';
import { formatExplanationText } from './explainText';

const OPTIONS = {
  file: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const EXPLAIN_FORMATS = ['text', 'json'] as const;

/** Runs the command and returns the exit code: 0 when the input was read, 2 for bad usage or empty input. */
export async function runExplain(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('explain', args, OPTIONS);
  if (values.help) {
    io.stdout.write(EXPLAIN_HELP);
    return 0;
  }

  const format = choice('--format', values.format, EXPLAIN_FORMATS, 'text');
  const text = values.file === undefined ? await readFromStdin(io) : await readTextFile(values.file, '--file');
  if (text.trim() === '') {
    throw new UsageError(`The error text is empty${values.file ? ` in ${values.file}` : ' on standard input'}: paste the error as the client printed it.`);
  }

  const parsed = parseObservedError(toObservedError(text));
  const explanation = explainError(parsed);
  io.stdout.write(format === 'json' ? `${JSON.stringify({ explanation, parsed }, null, 2)}\n` : formatExplanationText(explanation, parsed));
  return 0;
}

async function readFromStdin(io: CliIo): Promise<string> {
  if (io.stdin.isTTY) {
    io.stderr.write('Paste the error, then press Ctrl+D (Ctrl+Z and Enter on Windows).\n');
  }
  return readStdin(io.stdin);
}

/**
 * Converts the input to an observed error. A JSON object with a string `body` is an error with its
 * status and headers. Anything else, including a Key Vault error body (`{"error": ...}`), is the
 * error text itself.
 */
export function toObservedError(text: string): ObservedError {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    return text;
  }

  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return text;
  }

  if (typeof json !== 'object' || json === null || typeof (json as { body?: unknown }).body !== 'string') {
    return text;
  }
  const wrapped = json as { status?: unknown; headers?: unknown; body: string };
  const observed: { status?: number; headers?: Record<string, string>; body: string } = { body: wrapped.body };
  if (typeof wrapped.status === 'number') {
    observed.status = wrapped.status;
  }
  if (typeof wrapped.headers === 'object' && wrapped.headers !== null) {
    observed.headers = Object.fromEntries(Object.entries(wrapped.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return observed;
}
