/**
 * Credentials: environment variables, the Azure CLI's login, a client secret (the scenario runner
 * and tests), or any `TokenCredential` the caller brings (the extension passes its VS Code
 * session credential). `@azure/identity` is loaded on the first token request, so building a
 * credential costs nothing at extension activation. No function here logs a token.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { CLOUDS, type AzureCloud } from './clouds';
import { loadIdentity } from './sdk';

/** Transport settings for the credential's own requests to the authority. */
export interface CredentialTransport {
  ca?: string;
  httpClient?: HttpClient;
}

/**
 * `EnvironmentCredential` (AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or a
 * certificate) against the cloud's authority host, or AZURE_AUTHORITY_HOST when set.
 */
export function environmentCredential(cloud: AzureCloud, transport: CredentialTransport = {}): TokenCredential {
  const authorityHost = process.env.AZURE_AUTHORITY_HOST || cloud.authorityHost;

  return lazyCredential('EnvironmentCredential', async () => {
    const identity = loadIdentity();
    return new identity.EnvironmentCredential({
      authorityHost,
      disableInstanceDiscovery: needsNoInstanceDiscovery(authorityHost),
      ...transportOptions(transport),
    });
  });
}

/** Creates a client secret credential against the cloud's authority host; the scenario runner signs in to the sandbox with it. */
export function clientSecretCredential(
  cloud: AzureCloud,
  tenantId: string,
  clientId: string,
  clientSecret: string,
  transport: CredentialTransport = {},
): TokenCredential {
  return lazyCredential('ClientSecretCredential', async () => {
    const identity = loadIdentity();
    return new identity.ClientSecretCredential(tenantId, clientId, clientSecret, {
      authorityHost: cloud.authorityHost,
      disableInstanceDiscovery: needsNoInstanceDiscovery(cloud.authorityHost),
      ...transportOptions(transport),
    });
  });
}

/**
 * Creates a credential from the Azure CLI's current login (`az account get-access-token`). Each
 * token request starts `az` (about 0.4 s measured on a 2-core machine), so wrap it in
 * `cachingCredential` when many clients share it.
 */
export function azureCliCredential(tenantId?: string): TokenCredential {
  return lazyCredential('AzureCliCredential', async () => {
    const identity = loadIdentity();
    return new identity.AzureCliCredential({ tenantId, processTimeoutInMs: 30_000 });
  });
}

/**
 * Caches tokens per scope, tenant and claims until five minutes before they expire, so a
 * credential that caches nothing itself (the Azure CLI's) is asked once per diagnosis, not once
 * per SDK client.
 */
export function cachingCredential(inner: TokenCredential): TokenCredential {
  const cache = new Map<string, AccessToken>();
  const pending = new Map<string, Promise<AccessToken | null>>();
  const marginMs = 5 * 60_000;

  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const key = JSON.stringify([scopes, options?.tenantId ?? '', options?.claims ?? '', options?.enableCae ?? false]);
      const cached = cache.get(key);
      if (cached && cached.expiresOnTimestamp - marginMs > Date.now()) {
        return cached;
      }

      const inFlight = pending.get(key);
      if (inFlight) {
        return inFlight;
      }
      const request = inner.getToken(scopes, options).then((token) => {
        if (token) {
          cache.set(key, token);
        }
        return token;
      });
      pending.set(key, request);
      try {
        return await request;
      } finally {
        pending.delete(key);
      }
    },
  };
}

/**
 * Returns true for an authority host outside the global clouds, such as a loopback sandbox or
 * Azure Stack Hub's AD FS. MSAL would otherwise first ask login.microsoftonline.com to validate
 * the host, which fails offline and sends the host name off the machine.
 */
export function needsNoInstanceDiscovery(authorityHost: string): boolean {
  const known = Object.values(CLOUDS).map((cloud) => new URL(cloud.authorityHost).host);
  try {
    return !known.includes(new URL(authorityHost).host.toLowerCase());
  } catch {
    return true;
  }
}

/** Defers building the credential (and loading `@azure/identity`) to the first token request. */
function lazyCredential(name: string, build: () => Promise<TokenCredential>): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;

  const credentialObject: TokenCredential & { credentialName: string } = {
    credentialName: name,
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      credential ??= build();
      return (await credential).getToken(scopes, options);
    },
  };
  return credentialObject;
}

function transportOptions(transport: CredentialTransport): { tlsOptions?: { ca: string }; httpClient?: HttpClient } {
  return {
    ...(transport.ca ? { tlsOptions: { ca: transport.ca } } : {}),
    ...(transport.httpClient ? { httpClient: transport.httpClient } : {}),
  };
}
