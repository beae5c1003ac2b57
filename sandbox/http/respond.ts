/** Response builders in the formats ARM, Microsoft Graph and Entra ID use. */
import { randomUUID } from 'node:crypto';

import type { SandboxResponse } from './types';

/** An error a route raises to send an ARM-style error response; the handler converts it. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** ARM's `error.details`: more specific errors behind the top-level code. */
    readonly details?: { code: string; message: string }[],
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': randomUUID(),
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

export function noContent(status = 204): SandboxResponse {
  return { status, headers: { 'x-ms-request-id': randomUUID() }, body: '' };
}

/** ARM's error body: `{"error":{"code","message"}}`, with `details` when given. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  details?: { code: string; message: string }[],
): SandboxResponse {
  return json(status, { error: details ? { code, message, details } : { code, message } }, headers);
}

/** Microsoft Graph's error body, which adds `innerError` with the request id and date. */
export function graphError(status: number, code: string, message: string): SandboxResponse {
  const requestId = randomUUID();
  return json(status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': requestId, 'client-request-id': requestId } } });
}

/** The OAuth 2.0 error body that the Entra ID token endpoint returns. */
export function oauthError(status: number, error: string, description: string, errorCode: number): SandboxResponse {
  return json(status, {
    error,
    error_description: description,
    error_codes: [errorCode],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

/** Parses a JSON request body, raising ARM's 400 `InvalidRequestContent` for bad input. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') {
    throw new ArmError(400, 'InvalidRequestContent', 'The request content is empty. Send a JSON object.');
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new ArmError(400, 'InvalidRequestContent', `The request content is not valid JSON: ${(error as Error).message}`);
  }

  if (!isRecord(parsed)) {
    throw new ArmError(400, 'InvalidRequestContent', 'The request content must be a JSON object.');
  }
  return parsed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
