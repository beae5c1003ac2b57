/**
 * The local Azure sandbox: an in-memory tenant seeded from a scenario, served to SDK clients, the
 * `az` CLI and @azure/identity as ARM, Entra ID, Microsoft Graph, Azure Resource Graph and the
 * Log Analytics query API. See sandbox/README.md for the routes and their limits.
 */
import type { HttpClient } from '@azure/core-rest-pipeline';

import { SCENARIO_SCHEMA, type Scenario } from '../src/scenario/types';
import { createOperator } from './entra/tokens';
import { FaultSet, type FaultRule } from './http/faults';
import { createRequestHandler } from './http/handler';
import { startHttpsServer, type RunningServer } from './http/httpsServer';
import { createInProcessClient } from './http/inProcessClient';
import { countRequests } from './http/requestLog';
import { createTlsMaterial, removeTlsMaterial, type TlsMaterial } from './http/tls';
import type { RequestMatch, RequestRecord } from './http/types';
import { ALL_ROUTES } from './routes/allRoutes';
import { TenantState } from './tenant/tenantState';

export type { Fault, FaultRule } from './http/faults';
export type { RequestMatch, RequestRecord } from './http/types';
export { TenantState } from './tenant/tenantState';

export interface SandboxOptions {
  scenario: Scenario;
  /** Port for the HTTPS server on 127.0.0.1; 0 (the default) picks any free port. */
  port?: number;
  /** Serve over HTTPS as well as in-process (default true). */
  https?: boolean;
  /** Items per page of every list, so clients must follow `nextLink` (default 2). */
  pageSize?: number;
  /** Delay added to every response, in milliseconds (default 0). */
  latencyMs?: number;
  /** Called after each request, for example to print a request log. */
  onRequest?: (record: RequestRecord) => void;
}

export interface SandboxOperator {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  objectId: string;
}

export interface Sandbox {
  /** The HTTPS base URL, or `https://sandbox.invalid` when the sandbox runs in-process only. No trailing slash. */
  url: string;
  /** ARM endpoint for SDK clients (`endpoint` option); equals `url`. */
  armEndpoint: string;
  /** Authority host for @azure/identity (`authorityHost`); equals `url`. */
  authorityHost: string;
  /** Microsoft Graph base without the version: requests go to `${graphEndpoint}/v1.0/...`. */
  graphEndpoint: string;
  /** Log Analytics query API base: requests go to `${logAnalyticsEndpoint}/v1/workspaces/{id}/query`. */
  logAnalyticsEndpoint: string;
  /** The CA certificate (PEM) that signed the server certificate; HTTPS only. */
  caPem?: string;
  /** Path of a file holding `caPem`, for NODE_EXTRA_CA_CERTS or REQUESTS_CA_BUNDLE; HTTPS only. */
  caFile?: string;
  /** Sends requests straight to the sandbox, without a socket. */
  httpClient: HttpClient;
  /** The service principal whose client secret signs in to the sandbox. */
  operator: SandboxOperator;
  log: RequestRecord[];
  /** Counts logged requests matching every given field. */
  countRequests(match?: RequestMatch): number;
  inject(rule: FaultRule): void;
  clearFaults(): void;
  state: TenantState;
  stop(): Promise<void>;
}

/** The base URL of an in-process-only sandbox; `.invalid` never resolves, so nothing can leave the process. */
export const IN_PROCESS_URL = 'https://sandbox.invalid';

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  validateScenario(options.scenario);
  const pageSize = options.pageSize ?? 2;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new Error(`Invalid sandbox pageSize ${pageSize}: use a positive integer.`);
  }

  const state = new TenantState(options.scenario);
  const operator = createOperator(state.tenantId);
  state.principals.set(operator.objectId.toLowerCase(), {
    objectId: operator.objectId,
    appId: operator.clientId,
    type: 'ServicePrincipal',
    displayName: operator.displayName,
    memberOf: [],
  });

  const faults = new FaultSet();
  const log: RequestRecord[] = [];
  const stopping = new AbortController();
  let url = IN_PROCESS_URL;
  const handler = createRequestHandler({
    routes: ALL_ROUTES,
    state,
    operator,
    faults,
    log,
    baseUrl: () => url,
    pageSize,
    latencyMs: options.latencyMs ?? 0,
    onRequest: options.onRequest,
    stopSignal: stopping.signal,
  });

  let tls: TlsMaterial | undefined;
  let server: RunningServer | undefined;
  if (options.https ?? true) {
    tls = createTlsMaterial();
    try {
      server = await startHttpsServer(handler, tls, options.port ?? 0);
    } catch (error) {
      removeTlsMaterial(tls);
      throw error;
    }
    url = `https://127.0.0.1:${server.port}`;
  }

  return {
    url,
    armEndpoint: url,
    authorityHost: url,
    graphEndpoint: `${url}/graph`,
    logAnalyticsEndpoint: url,
    caPem: tls?.caPem,
    caFile: tls?.caFile,
    httpClient: createInProcessClient(handler),
    operator: { tenantId: operator.tenantId, clientId: operator.clientId, clientSecret: operator.clientSecret, objectId: operator.objectId },
    log,
    countRequests: (match) => countRequests(log, match),
    inject: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    state,
    stop: async () => {
      stopping.abort();
      await server?.close();
      if (tls) {
        removeTlsMaterial(tls);
      }
    },
  };
}

/** Rejects input that is not a scenario, with the field to fix. */
function validateScenario(scenario: Scenario): void {
  if (typeof scenario !== 'object' || scenario === null) {
    throw new Error('startSandbox needs a scenario object (the parsed JSON of a kv-scenario/1 file).');
  }
  if (scenario.schema !== SCENARIO_SCHEMA) {
    throw new Error(`Unsupported scenario schema '${String(scenario.schema)}': expected '${SCENARIO_SCHEMA}'.`);
  }
  if (typeof scenario.tenant?.tenantId !== 'string' || !Array.isArray(scenario.tenant.subscriptions) || !Array.isArray(scenario.tenant.resources)) {
    throw new Error('The scenario needs tenant.tenantId, tenant.subscriptions and tenant.resources.');
  }
  if (!Array.isArray(scenario.directory?.principals)) {
    throw new Error('The scenario needs directory.principals (an array, possibly empty).');
  }
}
