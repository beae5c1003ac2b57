/**
 * Findings, fixes and the diagnosis: the engine's output.
 *
 * Finding codes are a public contract (command line JSON, report, Problems panel): a code is never
 * renamed once released; new codes may be added.
 */
import type { AuditDenialGroup, AuditLogTable, VaultFacts } from './facts';
import type { SourceRange } from './workload';

export const CAUSE_CODES = [
  // Which identity actually calls (token acquisition, before Key Vault).
  'caller-mismatch',
  // The caller's object id names no directory object, or its managed identity does not exist.
  'caller-not-found',
  'tenant-mismatch',
  'wi-fic-missing',
  'wi-fic-issuer-mismatch',
  'wi-fic-subject-mismatch',
  'wi-fic-audience-mismatch',
  'wi-client-id-mismatch',
  'wi-pod-not-labelled',
  'wi-eso-no-service-account-ref',
  'csi-identity-mode',
  // Permission model of the vault.
  'model-access-policies',
  'model-rbac',
  // Azure RBAC.
  'rbac-no-assignment',
  'rbac-control-plane-only',
  'rbac-missing-data-action',
  'rbac-not-data-actions',
  'rbac-scope-mismatch',
  'rbac-orphaned-assignment',
  'rbac-deny-assignment',
  'rbac-condition',
  'rbac-recent-change',
  'rbac-group-cache',
  // Access policies.
  'policy-no-entry',
  'policy-client-id-as-object-id',
  'policy-missing-permission',
  'policy-compound-identity',
  'policy-tenant-mismatch',
  // Network.
  'network-public-access-disabled',
  'network-firewall',
  'network-not-trusted-service',
  'network-private-endpoint-state',
  'network-private-dns',
  'network-rules-ignored',
  // Object state.
  'secret-disabled',
  'key-operation-not-allowed',
  // Collection.
  'facts-incomplete',
  'audit-log-unavailable',
] as const;

export type CauseCode = (typeof CAUSE_CODES)[number];

/**
 * - blocker: this alone makes the request fail.
 * - warning: may make it fail, will fail later, or explains a delay; not proven.
 * - info: true and worth knowing; changes nothing about access.
 * - ok: the check ran and passed.
 * - unknown: the check could not run because facts are missing.
 */
export type Severity = 'blocker' | 'warning' | 'info' | 'ok' | 'unknown';

export type Verdict = 'blocked' | 'unknown' | 'should-work';

/** Check families, in the order Key Vault and Entra ID evaluate a request. */
export type CheckFamily = 'network' | 'identity' | 'model' | 'authorization' | 'object' | 'collection';

export const FAMILY_ORDER: readonly CheckFamily[] = ['network', 'identity', 'model', 'authorization', 'object', 'collection'];

/**
 * A fix as typed data. The engine decides what to change; the fixes module renders the `az`
 * command for bash and PowerShell and the ARM request that applies it.
 */
export type FixSpec =
  | {
      kind: 'role-assignment-create';
      principalId: string;
      /** ServicePrincipal, User, Group or ForeignGroup; managed identities are ServicePrincipal. */
      principalType: string;
      roleDefinitionGuid: string;
      roleName: string;
      scope: string;
    }
  | { kind: 'role-assignment-delete'; assignmentId: string }
  | {
      kind: 'role-definition-update';
      /** Full role definition id. */
      roleDefinitionId: string;
      roleName: string;
      description?: string;
      assignableScopes: string[];
      /** The corrected permissions, complete (they replace the old ones). */
      permissions: { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }[];
    }
  | {
      kind: 'access-policy-set';
      vaultId: string;
      objectId: string;
      /** The vault's tenant: the ARM request (`accessPolicies/add`) needs it; without it only the az command is offered. */
      tenantId?: string;
      secrets?: string[];
      keys?: string[];
      certificates?: string[];
    }
  | {
      kind: 'access-policy-delete';
      vaultId: string;
      objectId: string;
      applicationId?: string;
      /** The entry's tenant and current permissions: ARM's `accessPolicies/remove` removes the permissions it is given. */
      tenantId?: string;
      permissions?: AccessPolicyPermissions;
    }
  | {
      kind: 'vault-update';
      vaultId: string;
      enableRbacAuthorization?: boolean;
      publicNetworkAccess?: 'Enabled' | 'Disabled';
      defaultAction?: 'Allow' | 'Deny';
      bypass?: 'AzureServices' | 'None';
      /** Moves the vault to this tenant (`properties.tenantId`). */
      tenantId?: string;
      /** Removes every access policy (needed after a tenant move: old entries name objects of the old tenant). */
      removeAccessPolicies?: boolean;
      /** The vault's current network rules, so an ARM PATCH of `defaultAction` or `bypass` keeps them. */
      currentNetworkAcls?: VaultFacts['networkAcls'];
    }
  | {
      kind: 'network-rule-add';
      vaultId: string;
      ipAddress?: string;
      subnetId?: string;
      /** The vault's current network rules: the ARM PATCH sends the complete rule lists, so it repeats these. */
      currentNetworkAcls?: VaultFacts['networkAcls'];
    }
  | { kind: 'subnet-service-endpoint'; subnetId: string; existingServiceEndpoints: string[] }
  | { kind: 'private-endpoint-connection-approve'; vaultId: string; connectionName: string }
  | { kind: 'private-dns-link-create'; zoneId: string; virtualNetworkId: string; linkName: string }
  | { kind: 'private-dns-a-record-add'; zoneId: string; recordName: string; ipv4Address: string }
  | {
      kind: 'federated-credential-create';
      identityId: string;
      name: string;
      issuer: string;
      subject: string;
      audiences: string[];
    }
  | { kind: 'federated-credential-delete'; identityId: string; name: string }
  | {
      kind: 'secret-enable';
      vaultName: string;
      secretName: string;
      version?: string;
      /** The vault's resource id, for the ARM request that enables the current version. */
      vaultId?: string;
    }
  | {
      kind: 'key-operations-update';
      vaultName: string;
      keyName: string;
      /** The key's complete list of permitted operations after the fix (`az` replaces the list). */
      keyOps: string[];
    }
  | { kind: 'kubectl-label-pod-template'; namespace: string; controllerKind: string; name: string }
  | { kind: 'kubectl-annotate-service-account'; namespace: string; name: string; clientId: string }
  | {
      kind: 'workspace-edit';
      file: string;
      range: SourceRange;
      newText: string;
      /** More edits in the same file, applied together with the first, as a move needs. Their ranges refer to the unedited text and do not overlap. */
      additionalEdits?: { range: SourceRange; newText: string }[];
    }
  | {
      kind: 'diagnostic-setting-create';
      vaultId: string;
      /** Name of the new diagnostic setting, such as `kv-doctor-audit`. */
      name: string;
      /** Log Analytics workspace resource id; absent when none is known, so the command carries a placeholder the user must fill in. */
      workspaceId?: string;
      /** Log categories to enable, such as `AuditEvent`. */
      categories: string[];
    };

/**
 * A read-only check to run inside the cluster, for what ARM cannot see: how a pod resolves the
 * vault, which workload identity variables the webhook injected, and the address Key Vault reports.
 * None of them reads a secret value or requests a Key Vault token.
 */
export type VerifySpec =
  | {
      kind: 'resolve-vault-host';
      namespace: string;
      /** `deploy/<name>` (or `pod/<name>`, `statefulset/<name>`, ...), or a placeholder in angle brackets. */
      target: string;
      vaultHost: string;
      /** Private endpoint addresses the name should resolve to, when a private endpoint exists. */
      expectedAddresses: string[];
    }
  | {
      kind: 'workload-identity-environment';
      namespace: string;
      target: string;
      /** The diagnosed identity's client and tenant ids, which AZURE_CLIENT_ID and AZURE_TENANT_ID should hold. */
      expectedClientId?: string;
      expectedTenantId?: string;
    }
  | { kind: 'workload-identity-token-file'; namespace: string; target: string }
  | {
      kind: 'vault-network-info';
      namespace: string;
      target: string;
      vaultHost: string;
      expectedAddresses: string[];
    };

/** Access policy permission lists, in the shape of ARM's `permissions` object. */
export interface AccessPolicyPermissions {
  keys?: string[];
  secrets?: string[];
  certificates?: string[];
  storage?: string[];
}

/** One way to resolve a finding. `note` explains order, preconditions or who may run it. */
export interface Fix {
  title: string;
  spec: FixSpec;
  note?: string;
}

export interface Finding {
  code: CauseCode;
  family: CheckFamily;
  severity: Severity;
  title: string;
  /** Plain words naming the actual role, scope and ids involved. */
  detail: string;
  /** Resource ids or fields the finding rests on. */
  evidence: string[];
  fixes: Fix[];
  /** For `unknown` findings: the facts that were missing. */
  missing?: string[];
  /** Read-only checks to run inside the cluster that confirm or rule out this finding. */
  verify?: VerifySpec[];
}

/** Recent denials Key Vault logged for the vault, as the diagnosis reports them. */
export interface RecentDenials {
  /** Resource id of the Log Analytics workspace that was queried. */
  workspaceId: string;
  table: AuditLogTable;
  window: { start: string; end: string };
  truncated: boolean;
  groups: AuditDenialGroup[];
}

export const DIAGNOSIS_SCHEMA = 'kv-doctor-diagnosis/1';

export interface Diagnosis {
  schema: typeof DIAGNOSIS_SCHEMA;
  verdict: Verdict;
  /** Every finding, blockers first within the family order. */
  findings: Finding[];
  /** When the facts were taken (copied from `AccessFacts.now`). */
  now: string;
  vaultId: string;
  /** The caller's principal id, when it could be resolved. */
  principalId?: string;
  /** The caller's display name (or managed identity name), when known. */
  callerName?: string;
  /** One condition that explains the whole diagnosis, for the top of a report, such as a vault id that names no vault. */
  notice?: string;
  /** Denials from Key Vault's audit log, when it was read. */
  recentDenials?: RecentDenials;
}
