/**
 * What every Azure call needs: the cloud, a credential, transport settings and a logger. One
 * `AzureEnv` stands for one signed-in account in one cloud; the extension, the command line and
 * the scenario runner each build one and pass it to `collect`, `apply` and discovery.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { AzureCloud } from './clouds';

/** Destination of request lines, retries and swallowed errors. A VS Code `LogOutputChannel` fits. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

export interface RetrySettings {
  /** Retries after the first attempt, for 408, 429, 5xx and connection errors. */
  maxRetries: number;
  /** Base delay of the exponential back-off, in milliseconds. */
  retryDelayMs: number;
  /** Upper bound of one exponential back-off delay, in milliseconds. */
  maxRetryDelayMs: number;
  /**
   * The longest `Retry-After` (429 or 503) honoured, in milliseconds. A longer one fails the
   * request at once with code `RetryAfterTooLong`, so it becomes a gap instead of a silent wait.
   */
  maxRetryAfterMs: number;
  /**
   * Time one attempt of a request may take, in milliseconds, until its response headers and
   * body arrive. A request that exceeds it fails with code `ETIMEDOUT`, is retried like a
   * connection error, and becomes a gap after the last retry, so a server that never responds
   * cannot stall a diagnosis.
   */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxRetries: 3,
  retryDelayMs: 800,
  maxRetryDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
  requestTimeoutMs: 30_000,
};

export interface AzureEnv {
  cloud: AzureCloud;
  credential: TokenCredential;
  /** Tenant of the signed-in account, when known; used as the caller's tenant when nothing else names it. */
  tenantId?: string;
  /** PEM text of a CA to trust instead of the public roots (Azure Stack Hub, a local sandbox). */
  ca?: string;
  /** Transport that replaces the network, such as a sandbox's in-process client. */
  httpClient?: HttpClient;
  retry?: Partial<RetrySettings>;
  /** Prepended to the SDK user agent, such as `kv-doctor/0.1.0`. */
  userAgentPrefix?: string;
  log?: Logger;
}

/** One request as the logging policy saw it (never headers, tokens or bodies). */
export interface RequestRecord {
  method: string;
  /** URL path and query without the host. */
  path: string;
  status?: number;
  durationMs: number;
  /** Attempts made, 1 when the first one succeeded. */
  attempts: number;
  /** The error when no response arrived. */
  error?: string;
}

/** Receives each finished request; `collect` counts them per diagnosis. */
export type RequestSink = (record: RequestRecord) => void;

export function retrySettings(env: AzureEnv): RetrySettings {
  return { ...DEFAULT_RETRY, ...env.retry };
}
