/**
 * SDK clients and generic requests, all built the same way. Each gets the cloud's endpoint and
 * explicit scopes, because modular clients would otherwise request public-cloud tokens. Each also
 * gets the environment's CA and transport, bounded retries, a user agent prefix and the request
 * logging policies. SDK modules load on first use, so importing this file loads none of them.
 *
 * One `AzureClients` serves one diagnosis (or one apply or discovery run): its request sink
 * counts that run's requests. Network resources (private endpoints, DNS, virtual networks,
 * clusters), management groups and Microsoft Graph go through a generic pipeline instead of
 * their SDKs, which would add about 1.2 MB to the bundle for a handful of GETs.
 */
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { KeyVaultManagementClient } from '@azure/arm-keyvault';
import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { LogsQueryClient } from '@azure/monitor-query-logs';
import type { HttpClient, Pipeline, PipelinePolicy } from '@azure/core-rest-pipeline';
import { armScope, graphScope, logAnalyticsScope } from './clouds';
import { retrySettings, type AzureEnv, type RequestSink } from './env';
import { AzureRequestError, MalformedResponseError } from './errors';
import { encodePath } from './ids';
import { attemptCountPolicy, listShapePolicy, requestLogPolicy, requestTimeoutPolicy, retryAfterLimitPolicy } from './policies';
import { loadAuthorizationSdk, loadCorePipeline, loadKeyVaultSdk, loadLogsQuerySdk, loadManagedIdentitySdk, loadResourceGraphSdk, loadSubscriptionsSdk } from './sdk';

type CoreRestPipeline = ReturnType<typeof loadCorePipeline>;

export interface RequestOptions {
  abortSignal?: AbortSignal;
}

/**
 * Maximum number of pages read from one list. A diagnosis lists only what reaches one vault or
 * one principal, usually one or two pages, so 1000 leaves a wide margin (an estimate, not an ARM
 * limit). It stops a service whose `nextLink` never ends from holding the diagnosis forever, and
 * the list becomes a gap.
 */
export const MAX_PAGES = 1000;

/** A JSON response of a generic request. */
export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface ArmRequest extends RequestOptions {
  method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  /** A resource id or path starting with `/`, unencoded. */
  path: string;
  apiVersion: string;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * One HTTP client for the process, used by every client whose environment brings none.
 * core-rest-pipeline keeps its keep-alive agents per HTTP client, so a client per SDK client
 * (its default) opened and TLS-handshook new connections for every client of every diagnosis.
 */
let sharedHttpClient: HttpClient | undefined;

/**
 * One TLS settings object per CA text. core-rest-pipeline keeps one https.Agent per settings
 * object (compared by identity), so a new `{ ca }` per pipeline meant a new agent, new
 * connections and a new secure context for each pipeline. The map contains one entry per custom
 * CA in use, usually none or one.
 */
const tlsSettingsByCa = new Map<string, { ca: string }>();

function tlsOptionsOf(env: AzureEnv): { tlsOptions?: { ca: string } } {
  if (!env.ca) {
    return {};
  }
  let settings = tlsSettingsByCa.get(env.ca);
  if (!settings) {
    settings = { ca: env.ca };
    tlsSettingsByCa.set(env.ca, settings);
  }
  return { tlsOptions: settings };
}

export class AzureClients {
  private readonly sdkClients = new Map<string, Promise<unknown>>();
  private corePipeline?: Promise<CoreRestPipeline>;
  private armPipeline?: Promise<Pipeline>;
  private graphPipeline?: Promise<Pipeline>;
  private transport?: HttpClient;

  constructor(
    readonly env: AzureEnv,
    private readonly sink?: RequestSink,
  ) {}

  keyVault(subscriptionId: string): Promise<KeyVaultManagementClient> {
    return this.cached(`keyvault:${subscriptionId}`, async () => {
      const { KeyVaultManagementClient } = loadKeyVaultSdk();
      return new KeyVaultManagementClient(this.env.credential, subscriptionId, await this.modularOptions());
    });
  }

  authorization(subscriptionId: string): Promise<AuthorizationManagementClient> {
    return this.cached(`authorization:${subscriptionId}`, async () => {
      const { AuthorizationManagementClient } = loadAuthorizationSdk();
      return new AuthorizationManagementClient(this.env.credential, subscriptionId, await this.classicOptions());
    });
  }

  managedIdentity(subscriptionId: string): Promise<ManagedServiceIdentityClient> {
    return this.cached(`msi:${subscriptionId}`, async () => {
      const { ManagedServiceIdentityClient } = loadManagedIdentitySdk();
      return new ManagedServiceIdentityClient(this.env.credential, subscriptionId, await this.classicOptions());
    });
  }

  resourceGraph(): Promise<ResourceGraphClient> {
    return this.cached('resourcegraph', async () => {
      const { ResourceGraphClient } = loadResourceGraphSdk();
      return new ResourceGraphClient(this.env.credential, await this.modularOptions());
    });
  }

  subscriptions(): Promise<SubscriptionClient> {
    return this.cached('subscriptions', async () => {
      const { SubscriptionClient } = loadSubscriptionsSdk();
      return new SubscriptionClient(this.env.credential, await this.modularOptions());
    });
  }

  /**
   * Returns the Log Analytics query client for the cloud's query endpoint, or undefined when the
   * cloud has none. It sends to `<logAnalyticsEndpoint>/v1` with that endpoint as the token audience.
   */
  logsQuery(): Promise<LogsQueryClient> | undefined {
    const endpoint = this.env.cloud.logAnalyticsEndpoint;
    const scope = logAnalyticsScope(this.env.cloud);
    if (!endpoint || !scope) {
      return undefined;
    }
    return this.cached('logsquery', async () => {
      const { LogsQueryClient } = loadLogsQuerySdk();
      const { endpoint: _armEndpoint, ...options } = await this.commonOptions();
      return new LogsQueryClient(this.env.credential, { ...options, endpoint: `${endpoint}/v1`, credentials: { scopes: [scope] } });
    });
  }

  /** Sends one ARM request; throws `AzureRequestError` for a non-2xx status, with ARM's error code and message. */
  async arm(request: ArmRequest): Promise<JsonResponse> {
    const url = new URL(`${this.env.cloud.armEndpoint}${encodePath(request.path)}`);
    url.searchParams.set('api-version', request.apiVersion);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      url.searchParams.set(name, value);
    }
    return this.send(await this.getArmPipeline(), request.method, url.toString(), request.body, request.abortSignal);
  }

  /** GETs one ARM resource as JSON. */
  async armGet(path: string, apiVersion: string, options: RequestOptions = {}): Promise<Record<string, unknown>> {
    const response = await this.arm({ method: 'GET', path, apiVersion, ...options });
    return requireObject(response.body, path);
  }

  /**
   * GETs an ARM collection and follows `nextLink` to the end. A `nextLink` on another host than
   * the cloud's ARM endpoint is refused, so a seeded or forged link never sends the token elsewhere.
   */
  async armList(path: string, apiVersion: string, options: RequestOptions & { query?: Record<string, string> } = {}): Promise<Record<string, unknown>[]> {
    const pipeline = await this.getArmPipeline();
    const first = new URL(`${this.env.cloud.armEndpoint}${encodePath(path)}`);
    first.searchParams.set('api-version', apiVersion);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      first.searchParams.set(name, value);
    }

    const items: Record<string, unknown>[] = [];
    let url: string | undefined = first.toString();
    let pages = 0;
    while (url) {
      pages = countPage(pages, path);
      const response = await this.send(pipeline, 'GET', url, undefined, options.abortSignal);
      const page = requireObject(response.body, path);
      if (!Array.isArray(page.value)) {
        throw new MalformedResponseError(`The list ${path} returned no "value" array.`);
      }
      items.push(...page.value.filter(isRecord));
      url = typeof page.nextLink === 'string' && page.nextLink !== '' ? this.checkedNextLink(page.nextLink) : undefined;
    }
    return items;
  }

  /** Sends one Microsoft Graph request to `<graphEndpoint>/v1.0<path>`. */
  async graph(method: 'GET' | 'POST', path: string, body?: unknown, options: RequestOptions = {}): Promise<Record<string, unknown>> {
    const url = `${this.env.cloud.graphEndpoint}/v1.0${path}`;
    const response = await this.send(await this.getGraphPipeline(), method, url, body, options.abortSignal);
    return requireObject(response.body, path);
  }

  private checkedNextLink(nextLink: string): string {
    const link = new URL(nextLink, this.env.cloud.armEndpoint);
    const base = new URL(this.env.cloud.armEndpoint);
    if (link.origin !== base.origin) {
      throw new MalformedResponseError(`ARM returned a nextLink on another host (${link.origin}); it was not followed.`);
    }
    return link.toString();
  }

  private async send(pipeline: Pipeline, method: ArmRequest['method'], url: string, body: unknown, abortSignal?: AbortSignal): Promise<JsonResponse> {
    const core = await this.core();
    const headers = core.createHttpHeaders({ accept: 'application/json' });
    if (body !== undefined) {
      headers.set('content-type', 'application/json');
    }
    const request = core.createPipelineRequest({
      url,
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      abortSignal,
    });

    const response = await pipeline.sendRequest(this.httpClient(core), request);
    const parsed = parseJson(response.bodyAsText ?? undefined);

    if (response.status < 200 || response.status >= 300) {
      const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
      const code = typeof error?.code === 'string' ? error.code : undefined;
      const message = typeof error?.message === 'string' ? error.message : `${method} ${new URL(url).pathname} returned ${response.status}.`;
      throw new AzureRequestError(message, response.status, code);
    }
    return { status: response.status, body: parsed };
  }

  private getArmPipeline(): Promise<Pipeline> {
    this.armPipeline ??= this.createPipeline([armScope(this.env.cloud)]);
    return this.armPipeline;
  }

  private getGraphPipeline(): Promise<Pipeline> {
    this.graphPipeline ??= this.createPipeline([graphScope(this.env.cloud)]);
    return this.graphPipeline;
  }

  private async createPipeline(scopes: string[]): Promise<Pipeline> {
    const core = await this.core();
    const retry = retrySettings(this.env);
    const pipeline = core.createPipelineFromOptions({
      retryOptions: { maxRetries: retry.maxRetries, retryDelayInMs: retry.retryDelayMs, maxRetryDelayInMs: retry.maxRetryDelayMs },
      userAgentOptions: this.env.userAgentPrefix ? { userAgentPrefix: this.env.userAgentPrefix } : undefined,
      ...tlsOptionsOf(this.env),
    });
    pipeline.addPolicy(core.bearerTokenAuthenticationPolicy({ credential: this.env.credential, scopes }), { phase: 'Sign' });
    for (const { policy, position } of await this.policies()) {
      pipeline.addPolicy(policy, position === 'perRetry' ? { afterPhase: 'Retry' } : {});
    }
    return pipeline;
  }

  private async policies(): Promise<{ policy: PipelinePolicy; position: 'perCall' | 'perRetry' }[]> {
    const core = await this.core();
    const retry = retrySettings(this.env);
    const limit = retryAfterLimitPolicy(retry.maxRetryAfterMs, (message, status, request) => new core.RestError(message, { statusCode: status, code: 'RetryAfterTooLong', request }));

    const listShape = listShapePolicy((message, request) => new core.RestError(message, { code: 'MalformedResponse', request }));

    return [
      { policy: requestLogPolicy(this.env.log, this.sink), position: 'perCall' },
      { policy: listShape, position: 'perCall' },
      { policy: attemptCountPolicy(), position: 'perRetry' },
      { policy: limit, position: 'perRetry' },
      { policy: requestTimeoutPolicy(retry.requestTimeoutMs, (message, request) => new core.RestError(message, { code: 'ETIMEDOUT', request })), position: 'perRetry' },
    ];
  }

  private async commonOptions() {
    const retry = retrySettings(this.env);
    const core = await this.core();
    return {
      endpoint: this.env.cloud.armEndpoint,
      retryOptions: { maxRetries: retry.maxRetries, retryDelayInMs: retry.retryDelayMs, maxRetryDelayInMs: retry.maxRetryDelayMs },
      additionalPolicies: await this.policies(),
      ...(this.env.userAgentPrefix ? { userAgentOptions: { userAgentPrefix: this.env.userAgentPrefix } } : {}),
      ...tlsOptionsOf(this.env),
      httpClient: this.httpClient(core),
    };
  }

  /** Options for TypeSpec-generated clients (arm-keyvault 5, arm-resourcegraph 5, arm-resources-subscriptions 3). */
  private async modularOptions() {
    return { ...(await this.commonOptions()), credentials: { scopes: [armScope(this.env.cloud)] } };
  }

  /** Options for AutoRest clients (arm-authorization 9, arm-msi 2). */
  private async classicOptions() {
    return { ...(await this.commonOptions()), credentialScopes: [armScope(this.env.cloud)] };
  }

  private httpClient(core: CoreRestPipeline): HttpClient {
    this.transport ??= this.env.httpClient ?? (sharedHttpClient ??= core.createDefaultHttpClient());
    return this.transport;
  }

  private core(): Promise<CoreRestPipeline> {
    this.corePipeline ??= Promise.resolve(loadCorePipeline());
    return this.corePipeline;
  }

  private cached<T>(key: string, create: () => Promise<T>): Promise<T> {
    let client = this.sdkClients.get(key) as Promise<T> | undefined;
    if (!client) {
      client = create();
      this.sdkClients.set(key, client);
    }
    return client;
  }
}

/** An SDK list result: classic and modular clients both return pages as arrays from `byPage()`. */
export interface PagedList<T> {
  byPage(): AsyncIterable<T[]>;
}

/** Collects every item of an SDK paged list, reading at most MAX_PAGES pages. */
export async function listAll<T>(list: PagedList<T>, description = 'The list'): Promise<T[]> {
  const items: T[] = [];
  let pages = 0;
  for await (const page of list.byPage()) {
    pages = countPage(pages, description);
    items.push(...page);
  }
  return items;
}

/** Raised when a list has more than MAX_PAGES pages, which means its `nextLink` never ends. */
export class PagingLimitError extends MalformedResponseError {
  readonly code = 'PagingLimitExceeded';
}

/** Returns `pages + 1`, or throws PagingLimitError when that exceeds MAX_PAGES. */
export function countPage(pages: number, list: string): number {
  if (pages >= MAX_PAGES) {
    throw new PagingLimitError(`${list} returned more than ${MAX_PAGES} pages, so its nextLink never ends; it was not read to the end.`);
  }
  return pages + 1;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireObject(body: unknown, path: string): Record<string, unknown> {
  if (!isRecord(body)) {
    throw new MalformedResponseError(`The response to ${path} is not a JSON object.`);
  }
  return body;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
