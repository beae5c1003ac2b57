/**
 * Errors the UI raises on purpose, with a reason the command wrapper recognizes by type, never by
 * message text.
 */

export type UiErrorReason =
  /** The user typed or pasted something that is not a valid id, URI, error or facts file. */
  | 'invalid-input'
  /** No usable Azure sign-in for the chosen authentication method. */
  | 'not-signed-in'
  /** A vault, identity or subscription the user named was not found. */
  | 'not-found'
  /** An ARM write failed; the message lists which writes were applied. */
  | 'apply-failed';

export class UiError extends Error {
  override readonly name = 'UiError';

  constructor(
    readonly reason: UiErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export function isUiError(value: unknown): value is UiError {
  return value instanceof UiError;
}

/** True for the errors a cancelled quick pick, progress notification or aborted request produces. */
export function isCancellation(value: unknown): boolean {
  if (!(value instanceof Error)) {
    return false;
  }
  return value.name === 'AbortError' || value.name === 'Canceled' || value.name === 'CancellationError';
}

/** Returns the message of any thrown value, for logs and notifications. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) {
    return value.message;
  }
  return String(value);
}
