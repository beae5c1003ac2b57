/**
 * Turns failed Azure requests into plain words and gaps. SDK clients raise `RestError` (status in
 * `statusCode`, ARM's `error.code` in `code`); generic requests raise `AzureRequestError` with the
 * same fields, so both read the same here.
 */
import type { Gap } from '../diagnosis/facts';

/** A failed ARM or Graph request made without an SDK client. */
export class AzureRequestError extends Error {
  override readonly name = 'AzureRequestError';

  constructor(
    message: string,
    readonly statusCode?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Raised for ARM data whose shape the mapping layer cannot use (a missing id, a list that is not a list). */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

export interface ErrorDescription {
  message: string;
  status?: number;
  code?: string;
}

/** Status, code and message of any error a request can raise. */
export function describeError(error: unknown): ErrorDescription {
  if (!(error instanceof Error)) {
    return { message: String(error) };
  }

  const fields = error as Error & { statusCode?: unknown; code?: unknown; details?: unknown };
  const status = typeof fields.statusCode === 'number' ? fields.statusCode : undefined;
  let code = typeof fields.code === 'string' ? fields.code : undefined;
  let message = error.message;

  // Modular clients put the parsed ARM body in `details`; prefer its code and message.
  const details = fields.details as { error?: { code?: unknown; message?: unknown } } | undefined;
  if (details && typeof details === 'object' && details.error) {
    if (typeof details.error.code === 'string') {
      code = details.error.code;
    }
    if (typeof details.error.message === 'string') {
      message = details.error.message;
    }
  }

  if (error.name === 'AbortError') {
    return { message: 'The request was cancelled.', code: 'Cancelled' };
  }
  if (error.name === 'CredentialUnavailableError' || error.name === 'AuthenticationRequiredError' || error.name === 'AuthenticationError') {
    return { message: `Sign-in failed: ${message}`, code: error.name };
  }
  if (code === 'REQUEST_SEND_ERROR' || (status === undefined && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|socket hang up/i.test(message))) {
    return { message: `The request could not be sent: ${message}`, code: code ?? 'REQUEST_SEND_ERROR' };
  }
  return { message, status, code };
}

/** Formats an error as one line, such as `403 AuthorizationFailed: The client ... does not have authorization ...`. */
export function formatError(error: unknown): string {
  const { message, status, code } = describeError(error);
  const prefix = [status, code].filter((part) => part !== undefined && part !== '').join(' ');
  return prefix ? `${prefix}: ${message}` : message;
}

/** Builds a gap for `fact` (a name from GAP_FACTS, optionally `name:qualifier`) caused by `error`. */
export function gapFromError(fact: string, error: unknown, context?: string): Gap {
  const { message, status, code } = describeError(error);
  const gap: Gap = { fact, error: context ? `${context}: ${message}` : message };
  if (status !== undefined) {
    gap.status = status;
  }
  if (code !== undefined) {
    gap.code = code;
  }
  return gap;
}

/** True for 404 (ResourceNotFound and similar): the thing does not exist, which is a fact, not a gap. */
export function isNotFound(error: unknown): boolean {
  return describeError(error).status === 404;
}

/** Codes of requests that received no response: no connection, no name resolution, or a timeout. */
const CONNECTION_CODES = new Set(['REQUEST_SEND_ERROR', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

/** True when the request got no HTTP response at all: the connection failed or the attempt timed out. */
export function isConnectionError(error: unknown): boolean {
  const { status, code } = describeError(error);
  return status === undefined && code !== undefined && CONNECTION_CODES.has(code);
}
