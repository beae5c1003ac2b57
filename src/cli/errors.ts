/**
 * Errors the command line reports as a message and an exit code, never as a stack trace.
 */

/** Exit codes: the verdict of a diagnosis, or bad usage and input. */
export const EXIT_CODES = {
  shouldWork: 0,
  blocked: 1,
  usage: 2,
  unknown: 3,
} as const;

/** Bad usage or input: an unknown flag, a missing file, invalid JSON, facts that fail validation. Exit code 2. */
export class UsageError extends Error {
  readonly exitCode = EXIT_CODES.usage;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Azure Resource Manager could not be reached before any fact was collected (connection refused,
 * name not resolved, timed out). Exit code 3, like a diagnosis whose facts are missing: the input
 * may be right, and the verdict is unknown. Failures after collection started become gaps instead.
 */
export class UnreachableError extends Error {
  readonly exitCode = EXIT_CODES.unknown;

  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}
