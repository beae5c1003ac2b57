/**
 * Workload facts: the caller's configuration as the Kubernetes manifests and infrastructure
 * templates in the workspace declare it. Parsed by the workspace module; plain data so they can be saved with the
 * rest of the facts. Each object keeps where it came from so the editor can mark it and a fix can
 * edit it in place.
 */

/** Zero-based start line, start column, end line, end column, as in the scenario format. */
export type SourceRange = [number, number, number, number];

export interface SourceRef {
  /** Workspace-relative path with forward slashes. */
  file: string;
  /** The whole object (or document) in the file. */
  range: SourceRange;
}

/** The range of one field's value, and of the key line, where the field exists. */
export interface FieldRef {
  value?: string;
  /** The value as written, quotes included. */
  range: SourceRange;
  /** The key through the end of the value, for edits that replace or remove the whole field. */
  pairRange?: SourceRange;
  /** The quote character around the value in the file, so an edit can keep the style. */
  quote?: '"' | "'";
}

export interface ServiceAccountFact {
  source: SourceRef;
  name: string;
  namespace: string;
  /** `azure.workload.identity/client-id` annotation. */
  clientId?: FieldRef;
  /** `azure.workload.identity/tenant-id` annotation. */
  tenantId?: FieldRef;
  /** The workload identity label on the service account itself (ignored by webhook v1.0.0 and later). */
  useLabel?: FieldRef;
}

export type ControllerKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'Pod' | 'ReplicaSet';

export interface PodTemplateFact {
  source: SourceRef;
  kind: ControllerKind;
  name: string;
  namespace: string;
  /** `serviceAccountName` of the pod (template); `default` when absent. */
  serviceAccountName: string;
  serviceAccountRange?: SourceRange;
  /** `azure.workload.identity/use` on the pod template's labels (or the Pod's own labels). */
  podUseLabel?: FieldRef;
  /** `azure.workload.identity/use` on the controller object's own metadata.labels, where it has no effect. */
  controllerUseLabel?: FieldRef;
  /** Range of the pod template's `metadata.labels` map (or `metadata`), for inserting the label. */
  podLabelsRange?: SourceRange;
  /** Map that `podLabelsRange` covers: the labels map itself, or `metadata` when it has no labels. */
  podLabelsTarget?: 'labels' | 'metadata';
  /** Volumes that mount a SecretProviderClass through the CSI driver. */
  secretProviderClassNames: string[];
  /** Environment variables that name identities or vaults (AZURE_CLIENT_ID, KEYVAULT_URL and similar). */
  env: { name: string; value?: string; range: SourceRange }[];
}

export interface SpcObjectFact {
  objectName: string;
  /** secret, key or cert. */
  objectType: string;
  objectVersion?: string;
  objectVersionHistory?: number;
}

export interface SecretProviderClassFact {
  source: SourceRef;
  name: string;
  namespace: string;
  provider: string;
  keyvaultName?: FieldRef;
  tenantId?: FieldRef;
  /** Workload identity mode. */
  clientID?: FieldRef;
  useVMManagedIdentity?: FieldRef;
  userAssignedIdentityID?: FieldRef;
  usePodIdentity?: FieldRef;
  objects: SpcObjectFact[];
}

export interface SecretStoreFact {
  source: SourceRef;
  kind: 'SecretStore' | 'ClusterSecretStore';
  name: string;
  /** Namespace of a SecretStore; empty for a ClusterSecretStore. */
  namespace: string;
  vaultUrl?: FieldRef;
  /** ServicePrincipal, ManagedIdentity or WorkloadIdentity. */
  authType?: FieldRef;
  tenantId?: FieldRef;
  identityId?: FieldRef;
  serviceAccountRef?: { name: string; namespace?: string; range: SourceRange };
  /** Range of `spec.provider.azurekv`, for inserting `serviceAccountRef`. */
  providerRange?: SourceRange;
}

/** The Key Vault calls an ExternalSecret or PushSecret makes. */
export interface ExternalSecretFact {
  source: SourceRef;
  kind: 'ExternalSecret' | 'PushSecret';
  name: string;
  namespace: string;
  storeRef: { name: string; kind: 'SecretStore' | 'ClusterSecretStore' };
  /** `data[].remoteRef.key` and `dataFrom[].extract.key`: single gets. */
  gets: string[];
  /** True when `dataFrom[].find` is used, which lists the vault before reading. */
  lists: boolean;
  /** True for a PushSecret, which reads then writes. */
  pushes: boolean;
}

/** A role assignment or vault declared in Bicep, ARM JSON or Terraform. */
export interface IacRoleAssignmentFact {
  source: SourceRef;
  roleDefinition?: FieldRef;
  principalId?: FieldRef;
  scope?: FieldRef;
}

export interface IacVaultFact {
  source: SourceRef;
  name?: string;
  tenantId?: FieldRef;
  enableRbacAuthorization?: FieldRef;
  publicNetworkAccess?: FieldRef;
  hasFirewallRules: boolean;
  accessPolicyObjectIds: FieldRef[];
}

export interface IacFederatedCredentialFact {
  source: SourceRef;
  issuer?: FieldRef;
  subject?: FieldRef;
  audiences: string[];
}

/** A custom role definition: ARM JSON, `az role definition` JSON or a Bicep resource. */
export interface IacRoleDefinitionFact {
  source: SourceRef;
  roleName?: string;
  actions: FieldRef[];
  dataActions: FieldRef[];
  /** The first `dataActions` list as written, brackets included, so an edit can fill an empty list. */
  dataActionsListRange?: SourceRange;
}

export interface WorkloadFacts {
  files: string[];
  serviceAccounts: ServiceAccountFact[];
  podTemplates: PodTemplateFact[];
  secretProviderClasses: SecretProviderClassFact[];
  secretStores: SecretStoreFact[];
  externalSecrets: ExternalSecretFact[];
  roleAssignments: IacRoleAssignmentFact[];
  vaults: IacVaultFact[];
  federatedCredentials: IacFederatedCredentialFact[];
  roleDefinitions: IacRoleDefinitionFact[];
  /** Files that could not be parsed, with the place and the reason. */
  errors: { file: string; line?: number; message: string }[];
}

/** Workload facts with every list present and empty. */
export function emptyWorkloadFacts(): WorkloadFacts {
  return {
    files: [],
    serviceAccounts: [],
    podTemplates: [],
    secretProviderClasses: [],
    secretStores: [],
    externalSecrets: [],
    roleAssignments: [],
    vaults: [],
    federatedCredentials: [],
    roleDefinitions: [],
    errors: [],
  };
}
