/**
 * An HttpClient that forwards to Node's default client and keeps a copy of every request, so the
 * sequential collector can send exactly the requests that `collect` sent.
 */
import { createDefaultHttpClient, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';

/** A request as sent, with its headers (including the bearer token for the local sandbox). */
export interface RecordedRequest {
  method: PipelineRequest['method'];
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export class RecordingHttpClient implements HttpClient {
  readonly requests: RecordedRequest[] = [];
  private readonly inner = createDefaultHttpClient();

  async sendRequest(request: PipelineRequest) {
    this.requests.push(recordRequest(request));
    return this.inner.sendRequest(request);
  }

  clear(): void {
    this.requests.length = 0;
  }
}

function recordRequest(request: PipelineRequest): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    headers[name] = value;
  }

  if (request.body !== undefined && request.body !== null && typeof request.body !== 'string') {
    throw new Error(`The request ${request.method} ${request.url} has a body that is not text; the sequential collector can only replay text bodies.`);
  }
  return {
    method: request.method,
    url: request.url,
    headers,
    ...(typeof request.body === 'string' ? { body: request.body } : {}),
  };
}
