/**
 * The structure of an error the user pasted: what the Key Vault, Entra ID or IMDS response says,
 * with the caller's ids where the message names them.
 */

export type ErrorKind =
  /** 403 ForbiddenByRbac: "Caller is not authorized to perform action on resource." */
  | 'forbidden-by-rbac'
  /** 403 AccessDenied or ForbiddenByPolicy: "does not have secrets get permission" or "not found on any access policy". */
  | 'access-policy-denied'
  /** 403 ForbiddenByPolicy: "The policy requires the caller ... to use on-behalf-of (OBO) flow." */
  | 'obo-required'
  /** 403 ForbiddenByFirewall. */
  | 'forbidden-by-firewall'
  /** 403 ForbiddenByConnection: public network access disabled and not through an approved private link. */
  | 'forbidden-by-connection'
  /** 403 SecretDisabled. */
  | 'secret-disabled'
  /** 403 ForbiddenByPolicy "Operation is not allowed": the key's permitted operations exclude it. */
  | 'operation-not-allowed'
  /** 401 AKV10032: token issued by another tenant. */
  | 'invalid-issuer'
  /** AADSTS70021, 700211, 700213, 7002138: no federated credential matches the token. */
  | 'federated-credential-no-match'
  /** AADSTS700016: the client id does not exist in the tenant. */
  | 'application-not-found'
  /** IMDS 400 "Identity not found": the client id is not attached to the VM or node pool. */
  | 'imds-identity-not-found'
  /** IMDS "Multiple user assigned identities exist": no client id given and several identities on the node. */
  | 'imds-multiple-identities'
  | 'unrecognised';

/** Caller fields from `Caller: appid=...;oid=...;iss=...` (or the access policy form of the same). */
export interface ErrorCaller {
  appId?: string;
  objectId?: string;
  /** Tenant from `iss=https://sts.windows.net/<tenant>/` or `tid=`. */
  tenantId?: string;
  issuer?: string;
  /** `xms_mirid`: resource id of the managed identity that issued the token. */
  managedIdentityResourceId?: string;
  /** `xms_az_rid`: resource id of the Azure resource that requested the token. */
  azureResourceId?: string;
  numGroups?: number;
}

export interface ParsedError {
  kind: ErrorKind;
  status?: number;
  /** Outer `error.code`, such as Forbidden or Unauthorized. */
  code?: string;
  /** `innererror.code`, such as ForbiddenByRbac. */
  innerCode?: string;
  /** AADSTS number without the prefix, such as `70021`. */
  aadstsCode?: string;
  /** The message with escapes (`\r\n`) turned into line breaks. */
  message: string;
  caller?: ErrorCaller;
  /** `Action:` of a ForbiddenByRbac message: the data action that was refused. */
  action?: string;
  /** `Resource:` of a ForbiddenByRbac message (Key Vault lower-cases it). */
  resource?: string;
  assignment?: string;
  denyAssignmentId?: string | null;
  decisionReason?: string | null;
  vaultName?: string;
  location?: string;
  /** `Client address:` of a ForbiddenByFirewall message, or `addr=` of `x-ms-keyvault-network-info`. */
  clientAddress?: string;
  /** Access policy denials: the collection and permission that were missing. */
  permission?: { collection: 'secrets' | 'keys' | 'certificates'; name: string };
  /** The operation named by SecretDisabled or "Operation is not allowed". */
  operation?: string;
  /** AKV10032: the tenants the vault expects and the issuer it found. */
  expectedIssuers?: string[];
  foundIssuer?: string;
  /** AADSTS70021 family: the assertion's issuer, subject and audience. */
  assertion?: { issuer?: string; subject?: string; audience?: string };
  /** AADSTS700016: the application identifier that was not found, and the tenant. */
  applicationId?: string;
  directoryTenant?: string;
  /** The tenant a 401 `WWW-Authenticate` challenge names: the vault's tenant. */
  challengeTenantId?: string;
  /** The object a CSI driver mount failed on (`failed to get objectType:..., objectName:...`). */
  csiObject?: { objectType: string; objectName: string; objectVersion?: string };
}
