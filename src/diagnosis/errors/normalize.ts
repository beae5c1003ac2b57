/**
 * Unwraps a pasted error into plain text plus the structured parts that SDKs, `az` and kubectl
 * wrap around the service's JSON body: status, outer and inner error codes, and headers.
 */
import type { ObservedError } from '../facts';

export interface ErrorText {
  /** Everything the user pasted, with escapes resolved: the text the field patterns scan. */
  text: string;
  /** The service's own message (`error.message`, `error_description` or a `Message=` wrapper). */
  message?: string;
  status?: number;
  code?: string;
  innerCode?: string;
  /** Response headers with lower-cased names. */
  headers: Record<string, string>;
}

type JsonObject = Record<string, unknown>;

/** Escape sequences that Go `%q`, JSON strings and kubectl events leave in pasted text. */
const ESCAPE = /\\(r\\n|[rnt"'/\\])/g;

/** Replaces literal backslash escapes (`\r\n`, `\"`, `\\`) with the characters they stand for. */
export function unescapeText(value: string): string {
  return value.replace(ESCAPE, (_match, sequence: string) => {
    switch (sequence) {
      case 'r\\n':
      case 'n':
      case 'r':
        return '\n';
      case 't':
        return '\t';
      default:
        return sequence;
    }
  });
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a property by name, ignoring case (`innererror`, `innerError`, `InnerError`). */
function property(object: JsonObject, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

function stringProperty(object: JsonObject, name: string): string | undefined {
  const value = property(object, name);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Unbalanced `{` make each attempt scan far ahead, so attempts and their length are capped: a
 * pasted error contains a few objects of a few kilobytes, while a pasted log of megabytes would
 * otherwise take minutes. Both limits are judgement calls, not measured from real pastes.
 */
const MAX_OBJECT_STARTS = 200;
const MAX_OBJECT_LENGTH = 200_000;

/**
 * Returns the end index (exclusive) of the balanced `{...}` starting at `start`, skipping braces
 * inside JSON strings, or undefined when the braces do not balance within MAX_OBJECT_LENGTH.
 */
function balancedEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, start + MAX_OBJECT_LENGTH);

  for (let index = start; index < limit; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') {
        index++;
      } else if (character === '"') {
        inString = false;
      }
      continue;
    }
    if (character === '"') {
      inString = true;
    } else if (character === '{') {
      depth++;
    } else if (character === '}') {
      depth--;
      if (depth === 0) {
        return index + 1;
      }
    }
  }
  return undefined;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Finds the JSON objects embedded in a longer text, outermost first. */
function embeddedObjects(text: string): JsonObject[] {
  const objects: JsonObject[] = [];
  let index = text.indexOf('{');
  let attempts = 0;

  while (index >= 0 && attempts++ < MAX_OBJECT_STARTS) {
    const end = balancedEnd(text, index);
    const parsed = end === undefined ? undefined : tryParseJson(text.slice(index, end));
    if (isObject(parsed) && end !== undefined) {
      objects.push(parsed);
      index = text.indexOf('{', end);
    } else {
      index = text.indexOf('{', index + 1);
    }
  }
  return objects;
}

/** True for an object that looks like an error body rather than, say, an inner error alone. */
function isErrorBody(object: JsonObject): boolean {
  return property(object, 'error') !== undefined || property(object, 'error_description') !== undefined;
}

function isResponseObject(object: JsonObject): boolean {
  return typeof property(object, 'body') === 'string' || isObject(property(object, 'body'));
}

function mergeHeaders(target: Record<string, string>, source: unknown): void {
  if (!isObject(source)) {
    return;
  }
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === 'string' || typeof value === 'number') {
      target[name.toLowerCase()] = String(value);
    }
  }
}

/** Copies status, codes and message from an error body (`{error: {...}}` or the Entra ID form). */
function readErrorBody(body: JsonObject, result: ErrorText): void {
  const error = property(body, 'error');

  if (isObject(error)) {
    result.code ??= stringProperty(error, 'code');
    result.message ??= stringProperty(error, 'message');
    const inner = property(error, 'innererror');
    if (isObject(inner)) {
      result.innerCode ??= stringProperty(inner, 'code');
    }
    return;
  }

  // Entra ID and IMDS: {"error": "invalid_request", "error_description": "..."}.
  if (typeof error === 'string') {
    result.code ??= error;
  }
  result.message ??= stringProperty(body, 'error_description') ?? stringProperty(body, 'message');
}

/** Status, code, inner code and message that SDK wrappers print around the body. */
function readWrappers(text: string, result: ErrorText): void {
  const status =
    /\b(?:status ?code|status|response|http\/[\d.]+)\s*[=:]?\s*"?(\d{3})\b/i.exec(text) ?? /\bHTTP (\d{3})\b/.exec(text);
  if (status && result.status === undefined) {
    result.status = Number(status[1]);
  }

  const code =
    /\bCode="([^"]+)"/.exec(text) ??
    /^\s*(?:ERROR CODE|ErrorCode|Code):\s*([A-Za-z_]+)\s*$/im.exec(text) ??
    /^\s*(?:ERROR:\s*)?\(([A-Za-z]+)\)\s/m.exec(text);
  if (code) {
    result.code ??= code[1];
  }

  const inner = /inner[ _]?error\s*[:=]\s*\{/i.exec(text);
  if (inner) {
    const start = inner.index + inner[0].length - 1;
    const end = balancedEnd(text, start);
    const parsed = end === undefined ? undefined : tryParseJson(text.slice(start, end));
    if (isObject(parsed)) {
      result.innerCode ??= stringProperty(parsed, 'code');
    }
  }

  // Go autorest: Message="..." with Go escapes, already resolved in `text`.
  const goMessage = /\bMessage="([\s\S]*?)"\s+(?:InnerError|Details|Target)=/.exec(text) ?? /\bMessage="([^"]*)"/.exec(text);
  if (goMessage) {
    result.message ??= goMessage[1];
  }

  // az and Python: "Message: ..." up to "Inner error", "Exception Details" or the end.
  const azMessage = /^Message:\s*([\s\S]*?)(?=^\s*(?:Inner error|Exception Details|Target)\b|$(?![\s\S]))/m.exec(text);
  if (azMessage) {
    result.message ??= azMessage[1].trim();
  }
}

/** Header lines pasted as text (`curl -i`, SDK logs): `Name: value` or `'name': 'value'`. */
function readHeaderLines(text: string, headers: Record<string, string>): void {
  const pattern = /['"]?(x-ms-keyvault-network-info|www-authenticate|x-ms-keyvault-region)['"]?\s*[:=]\s*['"]?([^\n'"]*(?:"[^"\n]*"[^\n'"]*)*)/gi;
  for (const match of text.matchAll(pattern)) {
    const name = match[1].toLowerCase();
    headers[name] ??= match[2].trim();
  }
}

/** Returns the body text, status and headers of the object form, or of a pasted JSON of that shape. */
function responseParts(observed: ObservedError): { body: string; status?: number; headers: Record<string, string> } {
  const headers: Record<string, string> = {};

  if (typeof observed !== 'string') {
    mergeHeaders(headers, observed.headers);
    const body = typeof observed.body === 'string' ? observed.body : JSON.stringify(observed.body ?? '');
    return { body, status: typeof observed.status === 'number' ? observed.status : undefined, headers };
  }

  const parsed = tryParseJson(observed.trim());
  if (isObject(parsed) && isResponseObject(parsed)) {
    mergeHeaders(headers, property(parsed, 'headers'));
    const rawBody = property(parsed, 'body');
    const body = typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody);
    const status = property(parsed, 'status') ?? property(parsed, 'statusCode');
    return { body, status: typeof status === 'number' ? status : undefined, headers };
  }
  return { body: observed, headers };
}

/** Unwraps every supported form into text, message, status, codes and headers. */
export function normalizeObservedError(observed: ObservedError): ErrorText {
  const parts = responseParts(observed);
  const result: ErrorText = { text: '', status: parts.status, headers: parts.headers };

  // A body may be JSON, JSON encoded as a JSON string, or JSON inside a longer text.
  let raw = parts.body;
  const whole = tryParseJson(raw.trim());
  if (typeof whole === 'string') {
    raw = whole;
  }

  let bodies = embeddedObjects(raw).filter(isErrorBody);
  if (bodies.length === 0 && /\\"/.test(raw)) {
    bodies = embeddedObjects(unescapeText(raw)).filter(isErrorBody);
  }
  for (const body of bodies) {
    readErrorBody(body, result);
  }

  const text = unescapeText(raw).replace(/\r\n?/g, '\n');
  readWrappers(text, result);
  readHeaderLines(text, result.headers);

  if (result.message !== undefined) {
    result.message = result.message.replace(/\r\n?/g, '\n');
    if (/\\r\\n|\\n/.test(result.message)) {
      result.message = unescapeText(result.message);
    }
  }
  result.text = result.message !== undefined && !text.includes(result.message) ? `${text}\n${result.message}` : text;
  return result;
}
