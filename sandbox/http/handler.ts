/**
 * The one request handler behind both transports: it applies injected faults and latency, finds
 * the route, enforces authentication and `api-version`, runs the route and records the request.
 */
import { callerFromAuthorization, type Operator } from '../entra/tokens';
import type { TenantState } from '../tenant/tenantState';
import { buildFaultResponse } from './faultResponse';
import { describeFault, FaultSet, queryValue, type Fault } from './faults';
import { ArmError, armError, graphError, oauthError } from './respond';
import type { Route, RouteContext, ServiceFamily } from './route';
import type { RequestRecord, SandboxRequest, SandboxResponse } from './types';

export interface HandlerDependencies {
  routes: readonly Route[];
  state: TenantState;
  operator: Operator;
  faults: FaultSet;
  log: RequestRecord[];
  /** Returns the base URL for links in responses. */
  baseUrl: () => string;
  pageSize: number;
  latencyMs: number;
  onRequest?: (record: RequestRecord) => void;
  /** Aborts pending injected delays when the sandbox stops, so no timer outlives it. */
  stopSignal: AbortSignal;
}

export type RequestHandler = (request: SandboxRequest, rawQuery: string) => Promise<SandboxResponse>;

/** Waits the given milliseconds; resolves false when the sandbox stops first. */
type Delay = (ms: number) => Promise<boolean>;

/**
 * Creates the injected-latency timer. One listener on the stop signal ends every pending delay,
 * so a diagnosis with dozens of requests in flight adds no listener per request (a listener per
 * delay passed Node's limit of 10 per signal and printed MaxListenersExceededWarning).
 */
function createDelay(stopSignal: AbortSignal): Delay {
  const pending = new Set<() => void>();
  stopSignal.addEventListener(
    'abort',
    () => {
      for (const stop of pending) {
        stop();
      }
    },
    { once: true },
  );

  return (ms) =>
    new Promise<boolean>((resolve) => {
      if (stopSignal.aborted) {
        resolve(false);
        return;
      }
      const stop = (): void => {
        clearTimeout(timer);
        pending.delete(stop);
        resolve(false);
      };
      const timer = setTimeout(() => {
        pending.delete(stop);
        resolve(true);
      }, ms);
      pending.add(stop);
    });
}

export function createRequestHandler(dependencies: HandlerDependencies): RequestHandler {
  const delay = createDelay(dependencies.stopSignal);
  return async (request, rawQuery) => {
    const started = performance.now();
    const faults = dependencies.faults.take(request);
    let error: string | undefined;

    const response = await respond(request, faults, dependencies, delay).catch((caught: unknown) => {
      // A route threw something other than ArmError: a sandbox bug, reported as ARM's 500.
      error = caught instanceof Error ? caught.stack ?? caught.message : String(caught);
      return armError(500, 'InternalServerError', `The sandbox failed to handle ${request.method} ${request.path}: ${String(caught)}`);
    });

    const record: RequestRecord = {
      time: new Date().toISOString(),
      method: request.method,
      path: request.path,
      rawQuery,
      query: Object.fromEntries(request.query),
      apiVersion: queryValue(request.query, 'api-version'),
      userAgent: request.headers['user-agent'],
      status: response.drop ? 0 : response.status,
      durationMs: Math.round(performance.now() - started),
      transport: request.transport,
      fault: faults.length > 0 ? faults.map(describeFault).join(', ') : undefined,
      error,
    };
    dependencies.log.push(record);
    dependencies.onRequest?.(record);
    return response;
  };
}

async function respond(request: SandboxRequest, faults: Fault[], dependencies: HandlerDependencies, delay: Delay): Promise<SandboxResponse> {
  const addedLatency = dependencies.latencyMs + faults.reduce((sum, fault) => sum + (fault.kind === 'latency' ? fault.ms : 0), 0);
  if (addedLatency > 0 && !(await delay(addedLatency))) {
    // The sandbox stopped during the delay: the connection is going away anyway.
    return { status: 0, headers: {}, body: '', drop: true };
  }

  const found = findRoute(request, dependencies.routes);
  const family: ServiceFamily = found?.route.family ?? 'arm';
  const caller = callerFromAuthorization(request.headers.authorization, dependencies.operator);

  const shortCircuit = faults.find((fault) => ['status', 'throttle', 'forbidden', 'drop'].includes(fault.kind));
  if (shortCircuit) {
    return buildFaultResponse(shortCircuit, request, family, caller ?? operatorAsCaller(dependencies.operator));
  }

  const response = await routeRequest(request, found, caller, dependencies);
  return faults.reduce(applyBodyFault, response);
}

async function routeRequest(
  request: SandboxRequest,
  found: { route: Route; match: RegExpExecArray } | undefined,
  caller: ReturnType<typeof callerFromAuthorization>,
  dependencies: HandlerDependencies,
): Promise<SandboxResponse> {
  if (!found) {
    const message = `The sandbox has no route for ${request.method} ${request.path}. sandbox/README.md lists the supported routes.`;
    return /^\/graph\//i.test(request.path) ? graphError(404, 'Request_ResourceNotFound', message) : armError(404, 'NotFound', message);
  }

  const { route, match } = found;
  if (!route.methods.includes(request.method.toUpperCase())) {
    return errorFor(route.family, 405, 'MethodNotAllowed', `The method ${request.method} is not allowed on ${request.path}. Allowed: ${route.methods.join(', ')}.`);
  }

  const needsToken = route.family !== 'entra' && route.family !== 'metadata';
  if (needsToken && !caller) {
    return errorFor(route.family, 401, route.family === 'graph' ? 'InvalidAuthenticationToken' : 'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing. Send 'Authorization: Bearer <token>'.");
  }
  if ((route.family === 'arm' || route.family === 'metadata') && queryValue(request.query, 'api-version') === undefined) {
    return armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  }
  if (route.family === 'arm' && caller?.tenantId && caller.tenantId.toLowerCase() !== dependencies.state.tenantId.toLowerCase()) {
    return armError(401, 'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer tenant '${caller.tenantId}'. It must match the tenant '${dependencies.state.tenantId}'. Request a token for that tenant.`);
  }

  const context: RouteContext = {
    request,
    match,
    state: dependencies.state,
    operator: dependencies.operator,
    caller,
    baseUrl: dependencies.baseUrl(),
    pageSize: dependencies.pageSize,
  };
  try {
    return await route.handle(context);
  } catch (error) {
    if (error instanceof ArmError) {
      return errorFor(route.family, error.status, error.code, error.message, error.headers, error.details);
    }
    throw error;
  }
}

function findRoute(request: SandboxRequest, routes: readonly Route[]): { route: Route; match: RegExpExecArray } | undefined {
  for (const route of routes) {
    const match = route.pattern.exec(request.path);
    if (match) {
      return { route, match };
    }
  }
  return undefined;
}

function errorFor(
  family: ServiceFamily,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  details?: { code: string; message: string }[],
): SandboxResponse {
  if (family === 'graph') {
    return graphError(status, code, message);
  }
  if (family === 'entra') {
    return oauthError(status, code, message, 0);
  }
  return armError(status, code, message, headers, details);
}

function operatorAsCaller(operator: Operator): { appId: string; objectId: string } {
  return { appId: operator.clientId, objectId: operator.objectId };
}

function applyBodyFault(response: SandboxResponse, fault: Fault): SandboxResponse {
  if (fault.kind === 'truncate') {
    return { ...response, body: response.body.slice(0, Math.floor(response.body.length / 2)) };
  }
  if (fault.kind === 'malformed') {
    return { ...response, body: '<html><body>502 Bad Gateway: injected malformed body</body></html>' };
  }
  return response;
}
