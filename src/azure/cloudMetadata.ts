/** Reads a custom cloud's endpoints from its ARM `/metadata/endpoints` document (Azure Stack Hub and similar). */
import { cloudFromMetadata, type AzureCloud, type CustomCloudValues } from './clouds';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { DEFAULT_RETRY } from './env';
import { requestTimeoutPolicy } from './policies';
import { loadCorePipeline } from './sdk';

export interface MetadataOptions {
  ca?: string;
  /** Time one attempt may take, in milliseconds; `DEFAULT_RETRY.requestTimeoutMs` when absent. */
  timeoutMs?: number;
  httpClient?: HttpClient;
  overrides?: Partial<CustomCloudValues>;
  abortSignal?: AbortSignal;
}

/**
 * GETs `<armEndpoint>/metadata/endpoints` (api-version 2022-09-01, then 2015-01-01, which Azure
 * Stack Hub serves) without a token, and builds the cloud from it.
 */
export async function fetchCloudMetadata(armEndpoint: string, options: MetadataOptions = {}): Promise<AzureCloud> {
  const core = loadCorePipeline();
  const pipeline = core.createPipelineFromOptions({ retryOptions: { maxRetries: 1 }, ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}) });
  const timeout = requestTimeoutPolicy(options.timeoutMs ?? DEFAULT_RETRY.requestTimeoutMs, (message, request) => new core.RestError(message, { code: 'ETIMEDOUT', request }));
  pipeline.addPolicy(timeout, { afterPhase: 'Retry' });
  const client = options.httpClient ?? core.createDefaultHttpClient();
  const base = armEndpoint.replace(/\/+$/, '');

  let lastError = '';
  for (const apiVersion of ['2022-09-01', '2015-01-01']) {
    const request = core.createPipelineRequest({ url: `${base}/metadata/endpoints?api-version=${apiVersion}`, method: 'GET', abortSignal: options.abortSignal });
    const response = await pipeline.sendRequest(client, request);
    if (response.status === 200 && response.bodyAsText) {
      return cloudFromMetadata(base, JSON.parse(response.bodyAsText) as unknown, options.overrides);
    }
    lastError = `GET /metadata/endpoints?api-version=${apiVersion} returned ${response.status}`;
  }
  throw new Error(`${lastError}; check the URL, or give the endpoints explicitly.`);
}
