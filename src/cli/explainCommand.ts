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

/** Runs the command and returns the exit code: 0 when the input was read and explained, 2 for bad usage, empty input or a malformed error object. */
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

/** Fields of the wrapper form `{"status": 403, "headers": {...}, "body": "..."}`. */
const WRAPPER_FIELDS = ['status', 'headers', 'body'] as const;

/**
 * Converts the input to an observed error. A JSON object with any of `status`, `headers` and
 * `body` (and no `error`) is the wrapper form. In it `body` must be a string, `status` an HTTP
 * status code and `headers` an object, and a wrong type throws UsageError naming the field. Header values
 * that are not strings are left out. Anything else, including a Key Vault error body
 * (`{"error": ...}`) and text that is not JSON, is the error text itself.
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

  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return text;
  }
  const wrapped = json as Record<string, unknown>;
  if ('error' in wrapped || !WRAPPER_FIELDS.some((field) => field in wrapped)) {
    return text;
  }

  const usage = 'Pass {"status": 403, "headers": {"name": "value"}, "body": "<response body>"}, or paste the error text alone.';
  if (typeof wrapped.body !== 'string') {
    throw new UsageError(`The error object's "body" is ${describe(wrapped.body)}; it must be the response body as a string. ${usage}`);
  }
  const status = wrapped.status;
  if (status !== undefined && !(typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599)) {
    throw new UsageError(`The error object's "status" is ${describe(status)}; it must be an HTTP status code such as 403. ${usage}`);
  }
  const headers = wrapped.headers;
  if (headers !== undefined && (typeof headers !== 'object' || headers === null || Array.isArray(headers))) {
    throw new UsageError(`The error object's "headers" is ${describe(headers)}; it must be an object of header names and values. ${usage}`);
  }

  const observed: { status?: number; headers?: Record<string, string>; body: string } = { body: wrapped.body };
  if (typeof status === 'number') {
    observed.status = status;
  }
  if (headers) {
    observed.headers = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return observed;
}

/** Describes a JSON value for an error message: its JSON text, shortened. */
function describe(value: unknown): string {
  if (value === undefined) {
    return 'missing';
  }
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
