/**
 * AccessFacts: everything a diagnosis needs, as plain JSON-serialisable data.
 *
 * The same shape comes from a live collection through Azure Resource Manager, from a scenario
 * replayed through the local sandbox, or from a file saved earlier, so a diagnosis can be saved,
 * attached to a ticket and replayed. Field names follow ARM's where a field comes from ARM.
 * Every list is present (possibly empty); a fact that could not be read is listed in `gaps`
 * instead of being guessed.
 */
import type { WorkloadFacts } from './workload';

export const FACTS_SCHEMA = 'kv-doctor-facts/1';

/** The caller the user names, with exactly one of the three fields set. */
export interface CallerRef {
  /** Resource id of a user-assigned managed identity. */
  identity?: string;
  /** Object (principal) id of a service principal, managed identity, user or group. */
  objectId?: string;
  /** Application (client) id of an app registration or managed identity. */
  clientId?: string;
}

export type ClientKind =
  | 'aks-workload'
  | 'csi-driver'
  | 'external-secrets'
  | 'app-service'
  | 'function-app'
  | 'container-apps'
  | 'app-gateway'
  | 'azure-service'
  | 'vm'
  | 'ci-runner'
  | 'developer';

export const CLIENT_KINDS: readonly ClientKind[] = [
  'aks-workload', 'csi-driver', 'external-secrets', 'app-service', 'function-app', 'container-apps',
  'app-gateway', 'azure-service', 'vm', 'ci-runner', 'developer',
];

/** The network origin of the request, as far as the user or the manifests show it. */
export interface NetworkOrigin {
  subnetId?: string;
  publicIp?: string;
  clusterId?: string;
}

/** An error exactly as the user saw it: the text alone, or a status with headers and body. */
export type ObservedError = string | { status?: number; headers?: Record<string, string>; body: string };

/** The question: which caller does what on which vault. */
export interface AccessRequest {
  vaultId: string;
  caller: CallerRef;
  /** Data-plane operations in the order the client performs them, such as `secrets/list`, `secrets/get`. */
  operations: string[];
  /** Objects the operations act on, as `secrets/<name>`, `keys/<name>` or `certificates/<name>`. */
  objects: string[];
  client?: ClientKind;
  from?: NetworkOrigin;
  observedError?: ObservedError;
}

/** A fact that could not be read, with the error that stopped it. */
export interface Gap {
  /** Name of the missing fact, from `GAP_FACTS`, optionally with a qualifier after a colon (`federatedCredentials:<identity id>`). */
  fact: string;
  /** The error in plain words, as the service returned it. */
  error: string;
  status?: number;
  code?: string;
}

/** Names of facts a gap can refer to; checks use them to decide that they cannot run. */
export const GAP_FACTS = [
  'vault',
  'caller',
  'identity',
  'roleAssignments',
  'roleDefinitions',
  'denyAssignments',
  'directory',
  'federatedCredentials',
  'cluster',
  'objects',
  'network',
  'privateEndpoints',
  'privateDns',
  'managementGroups',
  'workspace',
  'auditLog',
] as const;

export interface AccessPolicyEntry {
  tenantId: string;
  objectId: string;
  applicationId?: string | null;
  permissions: {
    keys?: string[];
    secrets?: string[];
    certificates?: string[];
    storage?: string[];
  };
}

export interface PrivateEndpointConnectionFacts {
  id: string;
  privateEndpointId?: string;
  /** `privateLinkServiceConnectionState.status`: Approved, Pending, Rejected or Disconnected. */
  status?: string;
  description?: string;
  /** Succeeded, Creating, Updating, Deleting, Failed or Disconnected. */
  provisioningState?: string;
}

export interface VaultFacts {
  id: string;
  name: string;
  location?: string;
  /** `properties.tenantId`: the only tenant whose tokens the vault accepts. */
  tenantId: string;
  vaultUri?: string;
  /** `properties.enableRbacAuthorization`; null when the property is absent (the vault then uses access policies). */
  enableRbacAuthorization: boolean | null;
  /** `properties.publicNetworkAccess`; absent means Enabled. */
  publicNetworkAccess?: string;
  networkAcls?: {
    bypass?: string;
    defaultAction?: string;
    ipRules: string[];
    virtualNetworkRules: { id: string; ignoreMissingVnetServiceEndpoint?: boolean }[];
  };
  accessPolicies: AccessPolicyEntry[];
  privateEndpointConnections: PrivateEndpointConnectionFacts[];
  createdAt?: string;
  lastModifiedAt?: string;
}

/** The caller as resolved from the identity, object id or client id the user gave. */
export interface CallerFacts {
  /** Object id of the service principal, user or managed identity: what role assignments and access policies name. */
  principalId?: string;
  /** Application (client) id: what token requests and workload configuration name. */
  clientId?: string;
  tenantId?: string;
  /** ServicePrincipal, User, Group, ForeignGroup or Device, as ARM's `principalType` spells it. */
  principalType?: string;
  /** Resource id when the caller is a user-assigned managed identity. */
  identityId?: string;
  displayName?: string;
  /** When the identity or principal was created (ISO 8601), when known. */
  createdAt?: string;
  /**
   * Groups the caller is a member of, directly or transitively, when known. Undefined means
   * membership was not read; an empty list means the caller is in no group.
   */
  groupIds?: string[];
}

export interface FederatedCredentialFacts {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  createdAt?: string;
}

/** A user-assigned managed identity read from ARM. */
export interface IdentityFacts {
  id: string;
  name: string;
  principalId: string;
  clientId: string;
  tenantId: string;
  createdAt?: string;
  /** Undefined when the credentials were not read, in which case a `federatedCredentials` gap gives the reason. */
  federatedCredentials?: FederatedCredentialFacts[];
}

/** A directory object (user, group, service principal) known to exist. */
export interface PrincipalFacts {
  objectId: string;
  clientId?: string;
  type?: string;
  displayName?: string;
}

export interface DirectoryFacts {
  /** Principals that were looked up and exist. */
  principals: PrincipalFacts[];
  /** Object ids that were looked up and do not exist in the directory (deleted or never created). */
  missingObjectIds: string[];
  /** Recent group membership changes of the caller, when the directory audit log could be read. */
  membershipChanges?: { groupId: string; at: string }[];
}

export interface RoleAssignmentFacts {
  id: string;
  name?: string;
  scope: string;
  /** As ARM returns it, either `/subscriptions/<s>/providers/...` or `/providers/...`; compare by the trailing GUID. */
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
  condition?: string | null;
  conditionVersion?: string | null;
  createdOn?: string;
  updatedOn?: string;
}

export interface RolePermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
  condition?: string | null;
  conditionVersion?: string | null;
}

export interface RoleDefinitionFacts {
  id: string;
  /** The role's GUID. */
  name: string;
  roleName: string;
  /** BuiltInRole or CustomRole. */
  roleType: string;
  description?: string;
  assignableScopes: string[];
  permissions: RolePermission[];
}

export interface DenyAssignmentFacts {
  id: string;
  name?: string;
  denyAssignmentName?: string;
  scope: string;
  permissions: RolePermission[];
  principals: { id: string; type?: string }[];
  excludePrincipals: { id: string; type?: string }[];
  doNotApplyToChildScopes: boolean;
  isSystemProtected?: boolean;
}

/** State of one secret, key or certificate as ARM reports it (ARM never returns values). */
export interface ObjectFacts {
  /** `secrets/<name>`, `keys/<name>` or `certificates/<name>`. */
  ref: string;
  id?: string;
  exists: boolean;
  enabled?: boolean;
  /** Permitted key operations (`keyOps`), keys only. */
  keyOps?: string[];
}

export interface PrivateEndpointFacts {
  id: string;
  subnetId?: string;
  /** Private addresses of the endpoint's network interface, from `customDnsConfigs`. */
  ipAddresses: string[];
  /** The `privateLinkServiceConnectionState.status` the endpoint itself reports. */
  status?: string;
  provisioningState?: string;
  privateLinkServiceId?: string;
}

export interface PrivateDnsZoneFacts {
  id: string;
  name: string;
  links: { id: string; virtualNetworkId: string; registrationEnabled?: boolean; state?: string }[];
  aRecords: { name: string; ipv4Addresses: string[] }[];
}

export interface VirtualNetworkFacts {
  id: string;
  subnets: { id: string; addressPrefix?: string; serviceEndpoints: string[] }[];
  peeredVnetIds: string[];
  /** Custom DNS servers; empty means Azure-provided DNS. */
  dnsServers: string[];
}

export interface NetworkFacts {
  privateEndpoints: PrivateEndpointFacts[];
  privateDnsZones: PrivateDnsZoneFacts[];
  virtualNetworks: VirtualNetworkFacts[];
}

/** An AKS cluster the caller runs in, as ARM reports it. */
export interface ClusterFacts {
  id: string;
  name: string;
  oidcIssuerEnabled?: boolean;
  /** `oidcIssuerProfile.issuerURL`, exactly as ARM returns it (the trailing slash matters). */
  oidcIssuerUrl?: string;
  workloadIdentityEnabled?: boolean;
  /** The cluster's own identity (control plane). */
  clusterPrincipalId?: string;
  /** `identityProfile.kubeletidentity`: the identity the nodes (and IMDS) use by default. */
  kubeletIdentity?: { resourceId?: string; clientId?: string; objectId?: string };
  /** `addonProfiles.azureKeyvaultSecretsProvider.identity`, when the add-on is enabled. */
  secretsProviderIdentity?: { resourceId?: string; clientId?: string; objectId?: string };
  nodeSubnetIds: string[];
  /** Client ids of every user-assigned identity attached to the node pools, when known. */
  nodeIdentityClientIds?: string[];
}

/**
 * Destination of the vault's `AuditEvent` logs, from its diagnostic settings:
 * - none: no diagnostic setting sends `AuditEvent` (or the `audit`/`allLogs` group) anywhere;
 * - not-log-analytics: they go only to a storage account, an event hub or a partner solution;
 * - log-analytics: they go to the Log Analytics workspace `workspaceId`.
 */
export type AuditLogDestination = 'none' | 'not-log-analytics' | 'log-analytics';

/** The two layouts Key Vault audit events take in a Log Analytics workspace. */
export type AuditLogTable = 'AzureDiagnostics' | 'AZKVAuditLogs';

/** Requests Key Vault refused, grouped by caller, operation, reason and client address. */
export interface AuditDenialGroup {
  /** `oid` claim: the caller's object (principal) id. */
  callerObjectId?: string;
  /** `appid` claim: the caller's application (client) id. */
  callerClientId?: string;
  /** `xms_mirid` claim: the managed identity resource that got the token, when it was one. */
  managedIdentityResourceId?: string;
  /** Tenant of the token (`tid` claim), when logged. */
  callerTenantId?: string;
  /** `OperationName` as Key Vault logs it, such as `SecretGet` or `KeyUnwrap`. */
  operationName: string;
  /** The catalogue operation (`secrets/get`) that `operationName` stands for, when known. */
  operation?: string;
  /** HTTP status of the response (401 or 403). */
  status?: number;
  /**
   * Why Key Vault refused: `ForbiddenByRbac`, `ForbiddenByPolicy`, `ForbiddenByFirewall`,
   * `ForbiddenByConnection`, `Unauthorized`, or `Forbidden` when the record does not say more.
   */
  reason: string;
  /** `ResultDescription` of the newest record in the group. */
  description?: string;
  /** `CallerIpAddress`: the address Key Vault saw. */
  clientAddress?: string;
  /** The object the request named, as `secrets/<name>`, when the request URI shows it. */
  object?: string;
  count: number;
  /** Time of the oldest and the newest record in the group (ISO 8601). */
  firstSeen: string;
  lastSeen: string;
}

/** Recent denials for the vault, from Key Vault's own audit log. */
export interface AuditLogFacts {
  destination: AuditLogDestination;
  /** Name of the diagnostic setting that sends `AuditEvent` to Log Analytics. */
  settingName?: string;
  /** Resource id of the Log Analytics workspace the audit events go to. */
  workspaceId?: string;
  /** The table that was queried. */
  table?: AuditLogTable;
  /** The window the query covered (ISO 8601 times); absent when no query ran. */
  window?: { start: string; end: string };
  /** Maximum rows the query returned; `truncated` is true when it returned that many. */
  rowLimit?: number;
  truncated?: boolean;
  /** Recent denials, newest group first; absent when the query did not run or failed (an `auditLog` gap gives the reason). */
  denials?: AuditDenialGroup[];
  /** A Log Analytics workspace in the vault's subscription, offered as the target of a new diagnostic setting. */
  candidateWorkspaceId?: string;
}

/** Facts about the cloud the facts were read from. */
export interface CloudFacts {
  /** `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud` or a custom cloud's name. */
  name: string;
  /** DNS suffix of vault host names, such as `vault.azure.net`. */
  keyVaultDnsSuffix: string;
}

export interface AccessFacts {
  schema: typeof FACTS_SCHEMA;
  /** The clock the diagnosis uses (ISO 8601); propagation windows compare against it. */
  now: string;
  request: AccessRequest;
  /** Absent when the vault could not be read, in which case a `vault` gap gives the reason. */
  vault?: VaultFacts;
  caller: CallerFacts;
  /** Managed identities read from ARM: the caller's own and any the cluster uses. */
  identities: IdentityFacts[];
  directory: DirectoryFacts;
  /** Role assignments that reach the vault or the requested objects, for the caller, its groups and other principals. */
  roleAssignments: RoleAssignmentFacts[];
  /** Role definitions the assignments use that the built-in snapshot does not hold (custom roles). */
  roleDefinitions: RoleDefinitionFacts[];
  denyAssignments: DenyAssignmentFacts[];
  /** Management groups above the vault's subscription, nearest first, as resource ids. */
  managementGroupIds: string[];
  objects: ObjectFacts[];
  network: NetworkFacts;
  cluster?: ClusterFacts;
  workload?: WorkloadFacts;
  /** Recent denials from Key Vault's audit log; absent when it was not looked at. */
  auditLog?: AuditLogFacts;
  /** The cloud the facts come from; absent in facts saved by older versions. */
  cloud?: CloudFacts;
  gaps: Gap[];
}
