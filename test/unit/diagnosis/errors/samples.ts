/**
 * Pasted errors in the forms users copy them from SDKs, `az`, kubectl and Entra ID.
 * Names, ids and addresses are invented.
 */

export const TENANT = '3485f0df-cb87-422e-a720-c66f71d6ab2f';
export const OTHER_TENANT = '1fe4a3fc-41d7-43b1-9974-c7526b46706f';
export const APP_ID = '0787ae89-80a1-4319-9d5f-4f96c36cf10c';
export const OBJECT_ID = '458b8a3b-208a-4cdf-a74e-fbf1d8498ab9';
export const CALLER_LINE = `appid=${APP_ID};oid=${OBJECT_ID};iss=https://sts.windows.net/${TENANT}/`;
export const SECRET_RESOURCE =
  '/subscriptions/f83c3912-0106-477b-a8be-330518468364/resourcegroups/rg-warehouse/providers/microsoft.keyvault/vaults/kv-warehouse-prod/secrets/sftp-password';
export const MIRID =
  '/subscriptions/f83c3912-0106-477b-a8be-330518468364/resourcegroups/MC_rg-aks_aks-warehouse_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-warehouse-agentpool';

const rbacMessage = [
  'Caller is not authorized to perform action on resource.',
  'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.',
  `Caller: appid=${APP_ID};oid=${OBJECT_ID};numgroups=4;iss=https://sts.windows.net/${TENANT}/;xms_mirid=${MIRID}`,
  "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'",
  `Resource: '${SECRET_RESOURCE}'`,
  'Assignment: (not found)',
  'DenyAssignmentId: null',
  "DecisionReason: 'DeniedWithNoValidRBAC'",
  'Vault: kv-warehouse-prod;location=westeurope',
].join('\r\n');

/** Raw JSON body as the REST API returns it. */
export const RBAC_JSON = JSON.stringify({ error: { code: 'Forbidden', message: rbacMessage, innererror: { code: 'ForbiddenByRbac' } } });

/** `az` (Python azure-core) output: `(Code) message`, `Code:`, `Message:`, `Inner error: {...}`. */
export const RBAC_AZ = [
  `ERROR: (Forbidden) ${rbacMessage.replace(/\r\n/g, '\n')}`,
  'Code: Forbidden',
  `Message: ${rbacMessage.replace(/\r\n/g, '\n')}`,
  'Inner error: {',
  '    "code": "ForbiddenByRbac"',
  '}',
].join('\n');

/** The message copied from a log that kept the escapes as literal backslash sequences. */
export const RBAC_ESCAPED_TEXT = `${rbacMessage.replace(/\r\n/g, '\\r\\n')}`;

const policyMessage = `The user, group or application '${CALLER_LINE}' does not have secrets get permission on key vault 'kv-inventory-prod;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`;

export const ACCESS_POLICY_JSON = JSON.stringify({ error: { code: 'Forbidden', message: policyMessage, innererror: { code: 'ForbiddenByPolicy' } } });

/** A kubectl event from the CSI driver with a Go autorest error inside. */
export const ACCESS_POLICY_KUBECTL_AUTOREST =
  'Warning  FailedMount  2m (x9 over 18m)  kubelet  MountVolume.SetUp failed for volume "secrets-store" : ' +
  'rpc error: code = Unknown desc = failed to mount secrets store objects for pod inventory/inventory-api-7d9c8, ' +
  'err: rpc error: code = Unknown desc = failed to mount objects, error: failed to get objectType:secret, objectName:inventory-db-connection, objectVersion:: ' +
  'keyvault.BaseClient#GetSecret: Failure responding to request: StatusCode=403 -- Original Error: autorest/azure: Service returned an error. ' +
  `Status=403 Code="Forbidden" Message="${policyMessage}" InnerError={"code":"AccessDenied"}`;

export const NOT_ON_ANY_POLICY_JSON = JSON.stringify({
  error: {
    code: 'Forbidden',
    message: `Access denied. Caller was not found on any access policy.\r\nCaller: appid=${APP_ID};oid=${OBJECT_ID};numgroups=3;iss=https://sts.windows.net/${TENANT}/\r\nVault: kv-inventory-prod;location=westeurope`,
    innererror: { code: 'AccessDenied' },
  },
});

export const OBO_JSON = JSON.stringify({
  error: {
    code: 'Forbidden',
    message: `The policy requires the caller '${CALLER_LINE}' to use on-behalf-of (OBO) flow. For more information on OBO, please see https://go.microsoft.com/fwlink/?linkid=2152310`,
    innererror: { code: 'ForbiddenByPolicy' },
  },
});

const firewallMessage = `Client address is not authorized and caller is not a trusted service.\r\nClient address: 20.61.10.7\r\nCaller: ${CALLER_LINE}\r\nVault: kv-orders-prod;location=westeurope`;

/** Go azcore (newer CSI provider versions): a banner, `RESPONSE 403`, `ERROR CODE:` and the JSON body. */
export const FIREWALL_AZCORE = [
  'failed to get objectType:secret, objectName:orders-api-key, objectVersion:: GET https://kv-orders-prod.vault.azure.net/secrets/orders-api-key/',
  '--------------------------------------------------------------------------------',
  'RESPONSE 403: 403 Forbidden',
  'ERROR CODE: Forbidden',
  '--------------------------------------------------------------------------------',
  JSON.stringify({ error: { code: 'Forbidden', message: firewallMessage, innererror: { code: 'ForbiddenByFirewall' } } }, null, 2),
  '--------------------------------------------------------------------------------',
].join('\n');

const connectionMessage = `Public network access is disabled and request is not from a trusted service nor via an approved private link.\r\nCaller: ${CALLER_LINE}\r\nVault: kv-catalog-prod;location=westeurope`;

/** The JSON body logged as a string: quotes and line breaks escaped, inside a longer line. */
export const CONNECTION_ESCAPED_IN_LOG =
  'level=error msg="secret sync failed" error="' +
  JSON.stringify(JSON.stringify({ error: { code: 'Forbidden', message: connectionMessage, innererror: { code: 'ForbiddenByConnection' } } })).slice(1, -1) +
  '"';

export const CONNECTION_BYPASS_JSON = JSON.stringify({
  error: {
    code: 'Forbidden',
    message:
      "Connection is not an approved private link and caller was ignored because bypass is not set to 'AzureServices' and PublicNetworkAccess is set to 'Disabled'.",
    innererror: { code: 'ForbiddenByConnection' },
  },
});

export const SECRET_DISABLED_JSON = '{"error":{"code":"Forbidden","message":"Operation get is not allowed on a disabled secret.","innererror":{"code":"SecretDisabled"}}}';

/** .NET RequestFailedException text with the content and headers it prints. */
export const OPERATION_NOT_ALLOWED_DOTNET = [
  'Azure.RequestFailedException: Operation is not allowed.',
  'Operation: "decrypt"',
  `Caller: ${CALLER_LINE}`,
  'Vault: kv-storage-cmk;location=westeurope',
  'Status: 403 (Forbidden)',
  'ErrorCode: Forbidden',
  '',
  'Content:',
  JSON.stringify({
    error: {
      code: 'Forbidden',
      message: `Operation is not allowed.\r\nOperation: "decrypt"\r\nCaller: ${CALLER_LINE}\r\nVault: kv-storage-cmk;location=westeurope`,
      innererror: { code: 'ForbiddenByPolicy' },
    },
  }),
  '',
  'Headers:',
  'x-ms-keyvault-network-info: conn_type=Ipv4;addr=10.24.8.12;act_addr_fam=InterNetwork;',
  'x-ms-keyvault-region: westeurope',
].join('\n');

export const INVALID_ISSUER_BODY = JSON.stringify({
  error: {
    code: 'Unauthorized',
    message: `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${OTHER_TENANT}/, https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/, found https://sts.windows.net/${TENANT}/.`,
  },
});

/** The `{status, headers, body}` object form. */
export const INVALID_ISSUER_RESPONSE = {
  status: 401,
  headers: {
    'WWW-Authenticate': `Bearer authorization="https://login.microsoftonline.com/${OTHER_TENANT}", resource="https://vault.azure.net"`,
    'x-ms-keyvault-network-info': 'conn_type=Ipv4;addr=198.51.100.23;act_addr_fam=InterNetwork;',
  },
  body: INVALID_ISSUER_BODY,
};

export const ISSUER_URL = `https://westeurope.oic.prod-aks.azure.com/${TENANT}/1d3916b7-917b-496c-beb2-f85434e7af70/`;

export const AADSTS70021_JSON = JSON.stringify({
  error: 'invalid_request',
  error_description: `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${ISSUER_URL}'. Assertion Subject: 'system:serviceaccount:payments:payments-api'. Assertion Audience: 'api://AzureADTokenExchange'. https://docs.microsoft.com/azure/active-directory/develop/workload-identity-federation Trace ID: 1166b27b-f1db-4619-933b-59c8e62e442b`,
  error_codes: [70021],
});

/** azure-identity's wrapper around the Entra ID response. */
export const AADSTS700211_SDK =
  'WorkloadIdentityCredential authentication failed: AADSTS700211: No matching federated identity record found for presented assertion issuer ' +
  `'${ISSUER_URL}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. Trace ID: 5a0c`;

export const AADSTS700213_TEXT =
  "AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:default:workload-identity-sa'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.";

export const AADSTS7002138_TEXT =
  "AADSTS7002138: No matching federated identity record found for presented assertion subject 'system:serviceaccount:Payments:payments-api'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.";

export const AADSTS700016_TEXT =
  "ClientAuthenticationError: AADSTS700016: Application with identifier 'a8bd96cf-16e9-49aa-9a43-4613b03a4718' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.";

export const IMDS_NOT_FOUND = '{"error":"invalid_request","error_description":"Identity not found"}';

export const IMDS_MULTIPLE =
  'ManagedIdentityCredential authentication failed. Status: 400 ' +
  '{"error":"invalid_request","error_description":"Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request"}';
