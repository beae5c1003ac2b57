/**
 * Reads the caller from a pasted Key Vault error: its `oid` is the principal id Key Vault saw,
 * which is exactly what role assignments and access policies must name.
 */
import { OPERATIONS } from '../../diagnosis/catalogue';
import type { CallerRef } from '../../diagnosis/facts';
import type { ParsedError } from '../../diagnosis/observedError';
import { parseObservedError } from '../../diagnosis/errors/parse';
import { UiError } from '../errors';

export interface CallerFromError {
  caller: CallerRef;
  parsed: ParsedError;
}

export function callerFromError(text: string): CallerFromError {
  const parsed = parseObservedError(text);
  const objectId = parsed.caller?.objectId;
  if (objectId) {
    return { caller: { objectId }, parsed };
  }

  const appId = parsed.caller?.appId ?? parsed.applicationId;
  if (appId) {
    return { caller: { clientId: appId }, parsed };
  }

  throw new UiError(
    'invalid-input',
    'The pasted error names no caller (no oid= or appid=). Paste the whole error body, including the "Caller:" line, or give the object id instead.',
  );
}

/**
 * Finds the operation a Key Vault error names. A ForbiddenByRbac message names the refused data
 * action, and an access policy denial names the missing permission. Returns undefined otherwise.
 */
export function operationFromError(parsed: ParsedError): string | undefined {
  if (parsed.action) {
    const action = parsed.action.toLowerCase();
    return OPERATIONS.find((operation) => operation.dataAction.toLowerCase() === action)?.name;
  }
  if (parsed.permission) {
    const { collection, name } = parsed.permission;
    return OPERATIONS.find((operation) => operation.collection === collection && operation.policyPermission.toLowerCase() === name.toLowerCase())?.name;
  }
  return undefined;
}
