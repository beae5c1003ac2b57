/**
 * Token helpers with no `vscode` import, so they are unit-tested in plain Node.
 */

/**
 * Reads the `exp` claim (seconds since the epoch) of a JWT without verifying it, and returns it in
 * milliseconds. Returns undefined for an opaque token or a token without a numeric `exp`.
 */
export function tokenExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length < 2) {
    return undefined;
  }

  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof payload === 'object' && payload !== null && 'exp' in payload && typeof payload.exp === 'number') {
      return payload.exp * 1000;
    }
  } catch {
    // Not JSON inside: an opaque token, which the caller treats as short-lived.
  }
  return undefined;
}

/**
 * Turns the scopes an Azure SDK requests into the `/.default` scopes the Microsoft authentication
 * provider expects, so `https://management.azure.com` becomes `https://management.azure.com/.default`.
 */
export function toDefaultScopes(scopes: string | string[]): string[] {
  const list = Array.isArray(scopes) ? scopes : [scopes];
  return list.map((scope) => (scope.endsWith('/.default') ? scope : `${scope.replace(/\/+$/, '')}/.default`));
}

/** Returns the scope that selects a tenant in VS Code's Microsoft authentication provider. */
export function tenantScope(tenantId: string): string {
  return `VSCODE_TENANT:${tenantId}`;
}
