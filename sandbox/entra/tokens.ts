/**
 * The operator service principal and the access tokens the sandbox issues for it. Tokens are
 * JWT-shaped but unsigned (`alg: none`): clients never verify them, and the sandbox only reads
 * their claims to name the caller in errors.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface Operator {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The operator's service principal object id, as it appears in role assignments it creates. */
  objectId: string;
  displayName: string;
}

/** The sender of a request, read from its bearer token. */
export interface Caller {
  appId: string;
  objectId: string;
  tenantId?: string;
}

/** Creates the operator with a fresh client id and secret; nothing about it is stored on disk. */
export function createOperator(tenantId: string): Operator {
  return {
    tenantId,
    clientId: randomUUID(),
    clientSecret: randomBytes(24).toString('base64url'),
    objectId: randomUUID(),
    displayName: 'kv-doctor sandbox operator',
  };
}

/** Lifetime of issued tokens. Above 300 s because MSAL refetches tokens with less time left on every call. */
export const TOKEN_LIFETIME_SECONDS = 3599;

export function issueAccessToken(operator: Operator, audience: string, issuer: string, nowSeconds: number): string {
  const header = { typ: 'JWT', alg: 'none' };
  const claims = {
    aud: audience,
    iss: issuer,
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + TOKEN_LIFETIME_SECONDS,
    appid: operator.clientId,
    azp: operator.clientId,
    idtyp: 'app',
    oid: operator.objectId,
    sub: operator.objectId,
    tid: operator.tenantId,
    ver: '1.0',
  };
  return `${encodeSegment(header)}.${encodeSegment(claims)}.`;
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * Reads the caller from an `Authorization` header. Returns undefined without a bearer token.
 * A bearer token that is not a JWT (for example a test's static token) counts as the operator,
 * because the sandbox accepts any bearer token.
 */
export function callerFromAuthorization(header: string | undefined, operator: Operator): Caller | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) {
    return undefined;
  }

  const claims = decodeClaims(token);
  const appId = typeof claims?.appid === 'string' ? claims.appid : operator.clientId;
  const objectId = typeof claims?.oid === 'string' ? claims.oid : operator.objectId;
  const tenantId = typeof claims?.tid === 'string' ? claims.tid : undefined;
  return { appId, objectId, tenantId };
}

function decodeClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) {
    return undefined;
  }

  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
