/**
 * One sentence per finding code, for rule lists such as SARIF's `tool.driver.rules`. The codes
 * and their meaning are the public contract of the finding list.
 */
import type { CauseCode } from '../diagnosis/finding';

const DESCRIPTIONS: Partial<Record<CauseCode, string>> = {
  'caller-mismatch': 'Key Vault was called by another identity than the one diagnosed.',
  'caller-not-found': "The caller's object id names no directory object, or its managed identity does not exist.",
  'tenant-mismatch': "The vault's tenant differs from the caller's tenant, so Key Vault answers 401 AKV10032.",
  'wi-fic-missing': 'The identity has no federated credential for the workload\'s issuer and subject.',
  'wi-fic-issuer-mismatch': "A federated credential's issuer differs from the cluster's OIDC issuer URL.",
  'wi-fic-subject-mismatch': "A federated credential's subject differs from the service account that requests the token.",
  'wi-fic-audience-mismatch': "A federated credential's audiences do not include the token's audience.",
  'wi-client-id-mismatch': 'A client id and a principal id are mixed up, or the client id names another identity.',
  'wi-pod-not-labelled': 'The pod (template) lacks the label azure.workload.identity/use: "true".',
  'wi-eso-no-service-account-ref': 'An External Secrets store uses workload identity without serviceAccountRef.',
  'csi-identity-mode': 'A SecretProviderClass uses an identity mode that cannot get a token for the identity meant.',
  'model-access-policies': 'The vault uses access policies, so role assignments do not apply to the data plane.',
  'model-rbac': 'The vault uses Azure RBAC, so access policy entries do not apply.',
  'rbac-no-assignment': 'No role assignment reaches the caller at the vault or the object.',
  'rbac-control-plane-only': 'The role grants only control-plane actions for Key Vault and no data action.',
  'rbac-missing-data-action': 'The data-plane role does not grant the data action the operation needs.',
  'rbac-not-data-actions': 'The role excludes the needed data action with notDataActions.',
  'rbac-scope-mismatch': 'The role assignment sits at a scope that does not contain the requested object.',
  'rbac-orphaned-assignment': "A role assignment names a principal id that is not the identity's current one.",
  'rbac-deny-assignment': 'A deny assignment covers the caller and the data action.',
  'rbac-condition': 'The granting role assignment has a condition that does not allow the request.',
  'rbac-recent-change': 'The granting role assignment changed inside the propagation window.',
  'rbac-group-cache': 'Access comes only through a group whose membership may not be in the token yet.',
  'policy-no-entry': "No access policy entry has the caller's object id.",
  'policy-client-id-as-object-id': "An access policy entry holds a client id instead of the principal's object id.",
  'policy-missing-permission': "The caller's access policy entry lacks the permission the operation needs.",
  'policy-compound-identity': "The caller's only access policy entry is a compound identity with applicationId.",
  'policy-tenant-mismatch': "An access policy entry's tenantId is not the vault's tenant.",
  'network-public-access-disabled': 'Public network access is disabled and the caller does not come through a private endpoint.',
  'network-firewall': "The vault's firewall does not allow the caller's address or subnet.",
  'network-not-trusted-service': 'The setup relies on the trusted services bypass, but the caller is not a trusted service.',
  'network-private-endpoint-state': 'The private endpoint connection is not approved or has failed.',
  'network-private-dns': "The caller's network does not resolve the vault to its private endpoint.",
  'network-rules-ignored': 'Firewall rules are set while public network access is disabled, so they have no effect.',
  'secret-disabled': 'The requested secret or version is disabled.',
  'key-operation-not-allowed': "The key's permitted operations exclude the requested operation.",
  'facts-incomplete': 'Facts the diagnosis needs could not be read.',
  'audit-log-unavailable': "Key Vault's audit log could not be read, or no diagnostic setting sends it to Log Analytics.",
};

/** Returns the one-sentence description of a code, or a generic sentence for a code added after this table. */
export function describeCause(code: CauseCode): string {
  return DESCRIPTIONS[code] ?? `Finding ${code}.`;
}
