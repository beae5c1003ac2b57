/** Turns an injected fault into the response the real service would send in that situation. */
import type { Caller } from '../entra/tokens';
import { isCollectionPath, resourceTypeOf } from '../tenant/armId';
import type { Fault } from './faults';
import { armError, graphError, oauthError } from './respond';
import type { ServiceFamily } from './route';
import type { SandboxRequest, SandboxResponse } from './types';

export function buildFaultResponse(fault: Fault, request: SandboxRequest, family: ServiceFamily, caller: Caller): SandboxResponse {
  switch (fault.kind) {
    case 'drop':
      return { status: 0, headers: {}, body: '', drop: true };

    case 'throttle': {
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      const message = 'The request is being throttled as the limit has been reached for operation type. Retry after the time in the Retry-After header.';
      return family === 'graph' ? withHeaders(graphError(429, 'TooManyRequests', message), headers) : armError(429, 'TooManyRequests', message, headers);
    }

    case 'forbidden':
      return forbidden(fault.action, request, family, caller);

    case 'status': {
      const code = fault.code ?? defaultCode(fault.status);
      const message = fault.message ?? `Injected fault: status ${fault.status} for ${request.method} ${request.path}.`;
      const response = family === 'entra' ? oauthError(fault.status, code, message, 0) : family === 'graph' ? graphError(fault.status, code, message) : armError(fault.status, code, message);
      return {
        ...response,
        headers: { ...response.headers, ...(fault.headers ?? {}) },
        body: fault.body ?? response.body,
      };
    }

    default:
      throw new Error(`Fault kind '${fault.kind}' does not produce a response of its own.`);
  }
}

function forbidden(action: string | undefined, request: SandboxRequest, family: ServiceFamily, caller: Caller): SandboxResponse {
  if (family === 'graph') {
    return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }

  const described = describeArmAction(request.method, request.path);
  const message =
    `The client '${caller.appId}' with object id '${caller.objectId}' does not have authorization to perform action ` +
    `'${action ?? described.action}' over scope '${described.scope}' or the scope is invalid. ` +
    'If access was recently granted, please refresh your credentials.';
  return armError(403, 'AuthorizationFailed', message);
}

/**
 * Derives the ARM action and scope a request needs, as ARM names them in `AuthorizationFailed`:
 * `<resource type>/read|write|delete|action` over the resource, or over its parent for a list.
 */
export function describeArmAction(method: string, path: string): { action: string; scope: string } {
  const verbs: Record<string, string> = { GET: 'read', HEAD: 'read', PUT: 'write', PATCH: 'write', DELETE: 'delete', POST: 'action' };
  const verb = verbs[method.toUpperCase()] ?? 'action';
  const collection = isCollectionPath(path);

  let type = resourceTypeOf(path);
  if (!type) {
    type = /\/resourceGroups(\/|$)/i.test(path) ? 'Microsoft.Resources/subscriptions/resourceGroups' : 'Microsoft.Resources/subscriptions';
  }

  // A list is authorized on its parent: drop the type segment, and `/providers/<namespace>` with it.
  const scope = collection ? path.split('/').slice(0, -1).join('/').replace(/\/providers\/[^/]+$/i, '') || '/' : path;
  const listVerb = verb === 'action' ? 'read' : verb;
  return { action: `${type}/${collection ? listVerb : verb}`, scope };
}

function defaultCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'BadRequest',
    401: 'AuthenticationFailed',
    403: 'AuthorizationFailed',
    404: 'NotFound',
    409: 'Conflict',
    429: 'TooManyRequests',
    500: 'InternalServerError',
    502: 'BadGateway',
    503: 'ServiceUnavailable',
    504: 'GatewayTimeout',
  };
  return codes[status] ?? 'InjectedFault';
}

function withHeaders(response: SandboxResponse, headers: Record<string, string>): SandboxResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}
