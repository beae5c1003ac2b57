/**
 * The in-process transport: an `HttpClient` for @azure/core-rest-pipeline that hands each request
 * to the sandbox handler without a socket. SDK clients use it as `httpClient` with an `https://`
 * endpoint, which keeps the bearer token policy (it rejects plain http) and skips TLS setup.
 */
import { Readable } from 'node:stream';

import {
  createHttpHeaders,
  RestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
  type RequestBodyType,
} from '@azure/core-rest-pipeline';

import type { RequestHandler } from './handler';
import { parseTarget } from './requestParsing';
import type { SandboxRequest } from './types';

async function readBody(body: RequestBodyType | undefined): Promise<string> {
  if (body === undefined || body === null) {
    return '';
  }
  if (typeof body === 'string') {
    return body;
  }
  if (typeof body === 'function') {
    return readBody(body());
  }
  if (body instanceof ArrayBuffer) {
    return Buffer.from(body).toString('utf8');
  }
  if (ArrayBuffer.isView(body)) {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  }
  if (body instanceof Blob) {
    return body.text();
  }
  if (body instanceof FormData) {
    const form = new URLSearchParams();
    body.forEach((value, name) => form.append(name, typeof value === 'string' ? value : value.name));
    return form.toString();
  }

  // A Node or web readable stream: collect it.
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

/** Settles with `work`, or rejects with AbortError as soon as `signal` aborts (an injected delay must not outlast a cancel). */
function withAbort<T>(work: Promise<T>, signal: PipelineRequest['abortSignal']): Promise<T> {
  if (!signal) {
    return work;
  }

  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) {
          reject(abortError());
        } else {
          resolve(value);
        }
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function createInProcessClient(handler: RequestHandler): HttpClient {
  return {
    async sendRequest(pipelineRequest: PipelineRequest): Promise<PipelineResponse> {
      if (pipelineRequest.abortSignal?.aborted) {
        throw abortError();
      }

      const target = parseTarget(pipelineRequest.url);
      const headers: Record<string, string> = {};
      for (const [name, value] of pipelineRequest.headers) {
        headers[name.toLowerCase()] = value;
      }
      const formBody = pipelineRequest.formData
        ? new URLSearchParams(Object.entries(pipelineRequest.formData).map(([name, value]): [string, string] => [name, String(value)])).toString()
        : undefined;
      const request: SandboxRequest = {
        method: pipelineRequest.method.toUpperCase(),
        path: target.path,
        query: target.query,
        headers,
        body: formBody ?? (await readBody(pipelineRequest.body)),
        transport: 'in-process',
      };

      const response = await withAbort(handler(request, target.rawQuery), pipelineRequest.abortSignal);
      if (response.drop) {
        // The same error the Node HTTP client raises for a reset socket, so retry policies treat it alike.
        throw new RestError('socket hang up', { code: 'ECONNRESET', request: pipelineRequest });
      }

      const pipelineResponse: PipelineResponse = {
        request: pipelineRequest,
        status: response.status,
        headers: createHttpHeaders(response.headers),
      };
      const wantsStream = pipelineRequest.streamResponseStatusCodes?.has(response.status) ?? false;
      if (wantsStream) {
        pipelineResponse.readableStreamBody = Readable.from([Buffer.from(response.body)]);
      } else {
        pipelineResponse.bodyAsText = response.body;
      }
      return pipelineResponse;
    },
  };
}
