/**
 * A TokenCredential over VS Code's Microsoft authentication provider, one per account and tenant.
 *
 * Every `getToken` requests a session from VS Code again (silently), and VS Code's provider refreshes the token when it
 * is near expiry, so the credential never hands out a token captured once. The SDK's bearer token
 * policy caches the token until shortly before the `exp` this credential reports.
 */
import * as vscode from 'vscode';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { tenantScope, toDefaultScopes, tokenExpiry } from './token';

/** How long an opaque token (no readable `exp`) is trusted before VS Code is asked again. */
const OPAQUE_TOKEN_LIFETIME_MS = 5 * 60_000;

/** Raised when VS Code has no session for the account and tenant; the caller offers to sign in. */
export class NotSignedInError extends Error {
  override readonly name = 'CredentialUnavailableError';
  readonly reason = 'not-signed-in';

  constructor(providerId: string, tenantId: string | undefined) {
    super(
      `No Microsoft session in VS Code for provider '${providerId}'${tenantId ? ` and tenant ${tenantId}` : ''}. ` +
        'Run "Key Vault Access Doctor: Sign In to Azure" and try again.',
    );
  }
}

export class VSCodeSessionCredential implements TokenCredential {
  constructor(
    private readonly providerId: string,
    private readonly tenantId: string | undefined,
    private readonly account: vscode.AuthenticationSessionAccountInformation | undefined,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const tenantId = options?.tenantId ?? this.tenantId;
    const requested = toDefaultScopes(scopes);
    const sessionScopes = tenantId ? [...requested, tenantScope(tenantId)] : requested;

    const session = await vscode.authentication.getSession(this.providerId, sessionScopes, {
      silent: true,
      account: this.account,
    });
    if (!session) {
      throw new NotSignedInError(this.providerId, tenantId);
    }

    // NOTE: no automated test reaches this line, because VS Code returns a session to a silent
    // request only after the user allowed the extension to use the account.
    const expiresOnTimestamp = tokenExpiry(session.accessToken) ?? Date.now() + OPAQUE_TOKEN_LIFETIME_MS;
    return { token: session.accessToken, expiresOnTimestamp };
  }
}
