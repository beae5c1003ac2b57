/**
 * Pipeline policies added to every SDK client and generic request: request logging with retry
 * counts, a cap on `Retry-After` so a long throttling wait turns into an error, and a timeout
 * per attempt so a server that never responds turns into an error too.
 */
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import type { Logger, RequestSink } from './env';

const attemptsByRequest = new WeakMap<PipelineRequest, number>();

/** Logs one line per request after its retries: method, path, status, duration, retries. Never headers or bodies. */
export function requestLogPolicy(log: Logger | undefined, sink: RequestSink | undefined): PipelinePolicy {
  return {
    name: 'kvDoctorRequestLog',
    async sendRequest(request, next) {
      const started = Date.now();
      const path = pathOf(request.url);
      attemptsByRequest.set(request, 0);

      try {
        const response = await next(request);
        const attempts = attemptsByRequest.get(request) ?? 1;
        const durationMs = Date.now() - started;
        sink?.({ method: request.method, path, status: response.status, durationMs, attempts });
        log?.info(`${request.method} ${path} ${response.status} ${durationMs} ms${retryNote(attempts)}`);
        return response;
      } catch (error) {
        const attempts = attemptsByRequest.get(request) ?? 1;
        const durationMs = Date.now() - started;
        const status = statusOf(error);
        const message = error instanceof Error ? error.message : String(error);
        sink?.({ method: request.method, path, status, durationMs, attempts, error: message });
        log?.warn(`${request.method} ${path} failed${status ? ` (${status})` : ''} after ${durationMs} ms${retryNote(attempts)}: ${message}`);
        throw error;
      }
    },
  };
}

/** Counts attempts; it sits inside the retry loop, next to the transport. */
export function attemptCountPolicy(): PipelinePolicy {
  return {
    name: 'kvDoctorAttemptCount',
    sendRequest(request, next) {
      attemptsByRequest.set(request, (attemptsByRequest.get(request) ?? 0) + 1);
      return next(request);
    },
  };
}

/**
 * Fails a 429 or 503 whose `Retry-After` exceeds `maxRetryAfterMs` with a `RestError` of code
 * `RetryAfterTooLong`. The error carries no response, so the SDK's retry strategies do not wait.
 */
export function retryAfterLimitPolicy(maxRetryAfterMs: number, createError: (message: string, status: number, request: PipelineRequest) => Error): PipelinePolicy {
  return {
    name: 'kvDoctorRetryAfterLimit',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status !== 429 && response.status !== 503) {
        return response;
      }

      const waitMs = retryAfterMs(response);
      if (waitMs === undefined || waitMs <= maxRetryAfterMs) {
        return response;
      }
      throw createError(
        `Azure throttled the request (${response.status}) and asked to retry after ${Math.ceil(waitMs / 1000)} s, longer than the ${Math.ceil(maxRetryAfterMs / 1000)} s limit; try again later.`,
        response.status,
        request,
      );
    },
  };
}

/**
 * Sets `request.timeout` to `timeoutMs` when the caller set none, so the HTTP client aborts an
 * attempt that takes longer. The client reports that abort as an `AbortError`, the same as a
 * cancellation, so an abort that the caller's own signal did not cause is rethrown from
 * `createError` as a timeout. Placed after the retry policy, it times each attempt.
 */
export function requestTimeoutPolicy(timeoutMs: number, createError: (message: string, request: PipelineRequest) => Error): PipelinePolicy {
  return {
    name: 'kvDoctorRequestTimeout',
    async sendRequest(request, next) {
      if (!request.timeout || request.timeout <= 0) {
        request.timeout = timeoutMs;
      }

      try {
        return await next(request);
      } catch (error) {
        const cancelled = request.abortSignal?.aborted === true;
        if (!cancelled && error instanceof Error && error.name === 'AbortError') {
          throw createError(`${request.method} ${pathOf(request.url).split('?')[0]} timed out: no complete response within ${durationText(request.timeout)}.`, request);
        }
        throw error;
      }
    },
  };
}

/**
 * Last path segments (lower case) of the lists read through SDK clients and Graph. The SDK pagers
 * read a page without a `value` array as an empty page, which would turn a broken response into
 * the fact "there are none".
 */
const LIST_SEGMENTS = new Set(['roleassignments', 'roledefinitions', 'denyassignments', 'federatedidentitycredentials', 'vaults', 'userassignedidentities', 'subscriptions', 'tenants', 'transitivememberof']);

/**
 * Fails a successful GET of a list whose body is not a JSON object with a `value` array, so the
 * read becomes a gap instead of an empty list.
 */
export function listShapePolicy(createError: (message: string, request: PipelineRequest) => Error): PipelinePolicy {
  return {
    name: 'kvDoctorListShape',
    async sendRequest(request, next) {
      const response = await next(request);
      if (request.method !== 'GET' || response.status !== 200 || !LIST_SEGMENTS.has(lastSegment(request.url))) {
        return response;
      }

      let body: unknown;
      try {
        body = JSON.parse(response.bodyAsText ?? '');
      } catch {
        body = undefined;
      }
      const value = typeof body === 'object' && body !== null ? (body as { value?: unknown }).value : undefined;
      if (!Array.isArray(value)) {
        throw createError(`The list ${pathOf(request.url).split('?')[0]} returned a body without a "value" array, so its items are unknown.`, request);
      }
      return response;
    },
  };
}

function lastSegment(url: string): string {
  try {
    const segments = new URL(url).pathname.split('/').filter((segment) => segment !== '');
    return (segments[segments.length - 1] ?? '').toLowerCase();
  } catch {
    return '';
  }
}

/** Returns the wait a throttling response requests, from `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or HTTP date). */
export function retryAfterMs(response: PipelineResponse): number | undefined {
  for (const header of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(response.headers.get(header));
    if (response.headers.has(header) && Number.isFinite(value)) {
      return value;
    }
  }

  const retryAfter = response.headers.get('retry-after');
  if (!retryAfter) {
    return undefined;
  }
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) {
    return seconds * 1000;
  }
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

/** Writes a duration as `400 ms` or `30 s`. */
function durationText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function retryNote(attempts: number): string {
  const retries = attempts - 1;
  if (retries <= 0) {
    return '';
  }
  return retries === 1 ? ' (1 retry)' : ` (${retries} retries)`;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}
