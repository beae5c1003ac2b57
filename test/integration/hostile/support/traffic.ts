/**
 * Records everything the product sends, for assertions that it never touches the Key Vault data
 * plane. A transport wrapper records every request with its full URL (host included), the token
 * requests' scopes and the audience of every bearer token. A credential wrapper records every
 * scope requested, and a guard records outgoing sockets.
 */
import net from 'node:net';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { CLOUDS } from '../../../../src/azure/clouds';

export interface SentRequest {
  method: string;
  url: URL;
  /** The `scope` or `resource` of a token request. */
  tokenScope?: string;
  /** The `aud` claim of the bearer token the request carried. */
  tokenAudience?: string;
  /** The Authorization header as sent, for checks that it is never logged. */
  authorization?: string;
}

/** Key Vault data-plane hosts of the known clouds, and the private link zones. */
const DATA_PLANE_HOST = new RegExp(
  `(${Object.values(CLOUDS)
    .flatMap((cloud) => [cloud.keyVaultDnsSuffix, cloud.privateLinkZone])
    .map((suffix) => suffix.replace(/\./g, '\\.'))
    .join('|')})$`,
  'i',
);

/** Data-plane collections: `/secrets/<name>`, `/keys`, `/certificates`, their deleted forms and storage accounts. */
const DATA_PLANE_PATH = /^\/(secrets|keys|certificates|deletedsecrets|deletedkeys|deletedcertificates|storage)(\/|$)/i;

/** Key Vault's data-plane API versions are 7.x (and 2016-10-01 for the oldest); ARM versions are dates. */
const DATA_PLANE_API_VERSION = /^7\./;

/** Audiences of Key Vault data-plane tokens in every cloud. */
const VAULT_AUDIENCE = /(^|\/\/)vault\.|vault\.azure\.net|vault\.usgovcloudapi\.net|vault\.azure\.cn/i;

/** Returns a description of why the request is a Key Vault data-plane request, or undefined. */
export function dataPlaneReason(request: { method: string; url: URL }): string | undefined {
  if (DATA_PLANE_HOST.test(request.url.hostname)) {
    return `data-plane host ${request.url.hostname}`;
  }
  if (DATA_PLANE_PATH.test(request.url.pathname)) {
    return `data-plane path ${request.url.pathname}`;
  }
  const apiVersion = request.url.searchParams.get('api-version') ?? '';
  if (DATA_PLANE_API_VERSION.test(apiVersion)) {
    return `data-plane api-version ${apiVersion} on ${request.url.pathname}`;
  }
  return undefined;
}

/** True for a scope or audience of Key Vault's data plane. */
export function isVaultAudience(scopeOrAudience: string): boolean {
  return VAULT_AUDIENCE.test(scopeOrAudience);
}

/** Returns the `aud` claim of a JWT, or undefined when the text is not one. */
function audienceOf(authorization: string | undefined): string | undefined {
  const token = authorization?.replace(/^Bearer\s+/i, '');
  const payload = token?.split('.')[1];
  if (!payload) {
    return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: unknown };
    return typeof claims.aud === 'string' ? claims.aud : undefined;
  } catch {
    return undefined;
  }
}

function tokenScopeOf(request: PipelineRequest): string | undefined {
  let form: URLSearchParams | undefined;
  if (typeof request.body === 'string') {
    form = new URLSearchParams(request.body);
  } else if (request.formData) {
    form = new URLSearchParams(Object.entries(request.formData).map(([name, value]): [string, string] => [name, String(value)]));
  }
  return form?.get('scope') ?? form?.get('resource') ?? undefined;
}

/**
 * Wraps a transport: records each request, and refuses (without sending) any request to another
 * origin than `allowedOrigin`, so a request meant for a real host never leaves the test.
 */
export function recordingClient(inner: HttpClient, allowedOrigin: string, sent: SentRequest[]): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const url = new URL(request.url);
      const authorization = request.headers.get('authorization');
      const record: SentRequest = { method: request.method, url };
      const tokenScope = tokenScopeOf(request);
      if (tokenScope) {
        record.tokenScope = tokenScope;
      }
      if (authorization) {
        record.authorization = authorization;
        const audience = audienceOf(authorization);
        if (audience) {
          record.tokenAudience = audience;
        }
      }
      sent.push(record);

      if (url.origin !== allowedOrigin) {
        throw new Error(`The test transport refused a request to ${url.origin}; only ${allowedOrigin} is allowed.`);
      }
      return inner.sendRequest(request);
    },
  };
}

/** Wraps a credential and records every scope it is asked for. */
export function recordingCredential(inner: TokenCredential, scopes: string[]): TokenCredential {
  return {
    getToken(requested: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      scopes.push(...(Array.isArray(requested) ? requested : [requested]));
      return inner.getToken(requested, options);
    },
  };
}

export interface SocketGuard {
  /** `host:port` of every outgoing connection attempted while installed. */
  attempts: string[];
  remove(): void;
}

/**
 * Records every outgoing TCP connection and refuses those not aimed at 127.0.0.1, so a stray
 * request fails in the test instead of reaching another machine.
 */
export function guardSockets(): SocketGuard {
  const attempts: string[] = [];
  const original = net.Socket.prototype.connect;

  const guarded = function (this: net.Socket, ...args: unknown[]): net.Socket {
    const options = (typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] }) as { host?: string; port?: unknown; path?: string };
    if (options.path === undefined) {
      const host = options.host ?? 'localhost';
      attempts.push(`${host}:${String(options.port)}`);
      if (host !== '127.0.0.1') {
        throw new Error(`The test socket guard refused a connection to ${host}:${String(options.port)}.`);
      }
    }
    return (original as (...parameters: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = guarded as typeof net.Socket.prototype.connect;

  return {
    attempts,
    remove: () => {
      net.Socket.prototype.connect = original;
    },
  };
}
