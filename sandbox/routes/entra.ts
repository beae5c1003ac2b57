/**
 * Microsoft Entra ID token endpoints for the operator service principal, in the two forms clients
 * use against a custom authority. The ADFS form (`/adfs/...`) serves `az login` on a custom cloud
 * and @azure/identity with tenant `adfs`. The tenant form (`/{tenant}/v2.0/...`) serves
 * @azure/identity with `disableInstanceDiscovery: true`. The ARM cloud metadata document that
 * `az cloud register` reads lives here too.
 */
import { issueAccessToken, TOKEN_LIFETIME_SECONDS } from '../entra/tokens';
import { queryValue } from '../http/faults';
import { json, oauthError } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import type { SandboxResponse } from '../http/types';

/** MSAL requires these four metadata fields, and an issuer on the authority's own host and port. */
function openIdConfiguration(context: RouteContext, authority: string, tokenPath: string, issuer: string): SandboxResponse {
  return json(200, {
    issuer,
    authorization_endpoint: `${authority}/oauth2/${tokenPath}authorize`,
    token_endpoint: `${authority}/oauth2/${tokenPath}token`,
    jwks_uri: `${authority}/discovery/${tokenPath}keys`,
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    response_types_supported: ['code', 'id_token', 'token'],
    tenant_region_scope: null,
    cloud_instance_name: new URL(context.baseUrl).host,
  });
}

function unknownTenant(tenant: string): SandboxResponse {
  return oauthError(400, 'invalid_request',
    `AADSTS90002: Tenant '${tenant}' not found. The sandbox serves only its own tenant; use the AZURE_TENANT_ID the sandbox printed, or 'adfs'.`, 90002);
}

function isSandboxTenant(context: RouteContext, tenant: string): boolean {
  return tenant.toLowerCase() === context.state.tenantId.toLowerCase();
}

function issueToken(context: RouteContext): SandboxResponse {
  const form = new URLSearchParams(context.request.body);
  const grantType = form.get('grant_type');
  const clientId = form.get('client_id') ?? '';

  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type',
      `AADSTS70003: The grant type '${grantType ?? '(missing)'}' is not supported. The sandbox issues tokens only for grant_type=client_credentials.`, 70003);
  }
  if (clientId.toLowerCase() !== context.operator.clientId.toLowerCase()) {
    return oauthError(400, 'unauthorized_client',
      `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${context.state.tenantId}'. Use the AZURE_CLIENT_ID the sandbox printed.`, 700016);
  }
  if (form.get('client_secret') !== context.operator.clientSecret) {
    return oauthError(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided. Use the AZURE_CLIENT_SECRET the sandbox printed.', 7000215);
  }

  // `scope` is the v2 form (`<resource>/.default`); ADFS v1 clients may send `resource` instead.
  const scope = (form.get('scope') ?? '').split(' ').find((candidate) => candidate.endsWith('/.default'));
  const audience = scope ? scope.replace(/\/*\.default$/, '') : form.get('resource') ?? '';
  const nowSeconds = Math.floor(Date.now() / 1000);
  const issuer = `${context.baseUrl}/${context.state.tenantId}/`;

  return json(200, {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: issueAccessToken(context.operator, audience, issuer, nowSeconds),
  });
}

/**
 * Returns the cloud metadata document. From api-version 2022-09-01 on it is an array with
 * `resourceManager` and `microsoftGraphResourceId`. Older versions (az 2.45 sends 2015-01-01)
 * get the single object. The login endpoint ends in `/adfs`, because MSAL then skips instance
 * discovery, which would call login.microsoftonline.com.
 */
function cloudMetadata(context: RouteContext): SandboxResponse {
  const base = context.baseUrl;
  const authentication = { loginEndpoint: `${base}/adfs`, audiences: [`${base}/`], tenant: 'adfs', identityProvider: 'ADFS' };
  const apiVersion = queryValue(context.request.query, 'api-version') ?? '';

  if (apiVersion >= '2022-09-01') {
    return json(200, [{
      name: 'KvDoctorSandbox',
      portal: `${base}/`,
      resourceManager: `${base}/`,
      authentication,
      microsoftGraphResourceId: `${base}/graph/`,
      graph: `${base}/aadgraph/`,
      suffixes: { keyVaultDns: 'vault.azure.net', storage: 'core.windows.net' },
    }]);
  }
  return json(200, {
    galleryEndpoint: `${base}/`,
    graphEndpoint: `${base}/aadgraph/`,
    portalEndpoint: `${base}/`,
    authentication,
  });
}

export const entraRoutes: readonly Route[] = [
  {
    family: 'entra',
    methods: ['GET'],
    // MSAL treats any authority whose path starts with /adfs as ADFS, including `/adfs/<tenant>`.
    pattern: /^\/adfs(\/[^/]+)?\/\.well-known\/openid-configuration$/i,
    handle: (context) => {
      const authority = `${context.baseUrl}/adfs${context.match[1] ?? ''}`;
      return openIdConfiguration(context, authority, '', authority);
    },
  },
  {
    family: 'entra',
    methods: ['POST'],
    pattern: /^\/adfs(?:\/[^/]+)?\/oauth2\/token$/i,
    handle: issueToken,
  },
  {
    family: 'entra',
    methods: ['GET'],
    pattern: /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/i,
    handle: (context) => {
      const tenant = context.match[1];
      if (!isSandboxTenant(context, tenant)) {
        return unknownTenant(tenant);
      }
      const authority = `${context.baseUrl}/${tenant}`;
      return openIdConfiguration(context, authority, 'v2.0/', `${authority}/v2.0`);
    },
  },
  {
    family: 'entra',
    methods: ['POST'],
    pattern: /^\/([^/]+)\/oauth2\/v2\.0\/token$/i,
    handle: (context) => (isSandboxTenant(context, context.match[1]) ? issueToken(context) : unknownTenant(context.match[1])),
  },
  {
    family: 'entra',
    methods: ['GET'],
    pattern: /^\/(?:adfs|[^/]+)\/discovery\/(?:v2\.0\/)?keys$/i,
    // Tokens are unsigned, so there are no signing keys to publish.
    handle: () => json(200, { keys: [] }),
  },
  {
    family: 'metadata',
    methods: ['GET'],
    pattern: /^\/metadata\/endpoints$/i,
    handle: cloudMetadata,
  },
];
