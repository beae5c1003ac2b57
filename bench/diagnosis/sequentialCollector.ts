/**
 * The naive collector: the requests `collect` made, sent one after another, as a person running
 * the matching az commands by hand (or a script without concurrency) would. It reads no more and
 * no less than `collect`, so the difference in wall time is the cost of sending them in sequence.
 */
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { RecordedRequest } from './recordingClient';

export interface SequentialRun {
  wallMs: number;
  requests: number;
  /** Requests that did not return 2xx; the replay keeps going, as a person would. */
  failed: number;
}

/** Sends `requests` one at a time, trusting `ca` (the sandbox's PEM) for HTTPS. */
export async function collectSequentially(requests: readonly RecordedRequest[], ca: string | undefined): Promise<SequentialRun> {
  const client = createDefaultHttpClient();
  // One settings object for every request, so the client keeps one keep-alive agent for them.
  const tlsSettings = { ca };
  let failed = 0;

  const started = performance.now();
  for (const recorded of requests) {
    const request = createPipelineRequest({
      url: recorded.url,
      method: recorded.method,
      headers: createHttpHeaders(recorded.headers),
      ...(recorded.body !== undefined ? { body: recorded.body } : {}),
    });
    // createPipelineRequest ignores TLS settings among its options, so they are set afterwards.
    if (ca) {
      request.tlsSettings = tlsSettings;
    }
    const response = await client.sendRequest(request);
    if (response.status < 200 || response.status >= 300) {
      failed += 1;
    }
  }
  return { wallMs: performance.now() - started, requests: requests.length, failed };
}
