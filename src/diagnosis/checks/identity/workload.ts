/**
 * The workload view: the Kubernetes objects in the workspace that take part in this request, and
 * the service account that really requests the Entra ID token (the federated credential's subject):
 * - application pods using workload identity: the pod's service account;
 * - the CSI driver in workload identity mode (`clientID`): the service account of the pod that
 *   mounts the SecretProviderClass, handed over by the driver, not the webhook;
 * - External Secrets with `serviceAccountRef`: that account, in the SecretStore's namespace or,
 *   for a ClusterSecretStore, `serviceAccountRef.namespace` (else the ExternalSecret's namespace);
 * - External Secrets without `serviceAccountRef`: the ESO controller's own service account.
 */
import type { AccessFacts, IdentityFacts } from '../../facts';
import type {
  ExternalSecretFact,
  FieldRef,
  PodTemplateFact,
  SecretProviderClassFact,
  SecretStoreFact,
  ServiceAccountFact,
  WorkloadFacts,
} from '../../workload';
import { resourceName, sameId } from './findings';
import { emptyWorkloadFacts } from '../../workload';

export type RequesterKind = 'pod' | 'csi' | 'eso-reference' | 'eso-controller';

/** A client id setting in a file: the annotation, the SecretProviderClass `clientID`, or an env var. */
export interface ClientIdSetting {
  file: string;
  field: FieldRef;
  /** Location in the words of the finding: "the annotation azure.workload.identity/client-id of ServiceAccount payments/payments-api". */
  label: string;
  serviceAccount?: ServiceAccountFact;
}

export interface Requester {
  kind: RequesterKind;
  namespace: string;
  serviceAccountName: string;
  /** `system:serviceaccount:<namespace>:<name>`. */
  subject: string;
  serviceAccount?: ServiceAccountFact;
  pod?: PodTemplateFact;
  providerClass?: SecretProviderClassFact;
  store?: SecretStoreFact;
  clientId?: ClientIdSetting;
}

export interface WorkloadView {
  workload: WorkloadFacts;
  vaultName: string;
  providerClasses: SecretProviderClassFact[];
  stores: SecretStoreFact[];
  externalSecrets: ExternalSecretFact[];
  requesters: Requester[];
  /** Client id settings outside workload identity: `identityId` of stores with authType ManagedIdentity. */
  managedIdentitySettings: ClientIdSetting[];
  /** The identity being diagnosed, when it is a user-assigned identity read from ARM. */
  targetIdentity?: IdentityFacts;
}

export function subjectOf(namespace: string, serviceAccountName: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccountName}`;
}

/** Default controller service account of the External Secrets Helm chart (namespace external-secrets). */
const ESO_CONTROLLER = { namespace: 'external-secrets', name: 'external-secrets' };

export function vaultNameOf(facts: AccessFacts): string {
  return (facts.vault?.name ?? resourceName(facts.request.vaultId)).toLowerCase();
}

export function findServiceAccount(workload: WorkloadFacts, namespace: string, name: string): ServiceAccountFact | undefined {
  return workload.serviceAccounts.find((account) => account.namespace === namespace && account.name === name);
}

function annotationSetting(account: ServiceAccountFact | undefined): ClientIdSetting | undefined {
  if (!account?.clientId) return undefined;
  return {
    file: account.source.file,
    field: account.clientId,
    label: `the annotation azure.workload.identity/client-id of ServiceAccount ${account.namespace}/${account.name}`,
    serviceAccount: account,
  };
}

function envSetting(pod: PodTemplateFact): ClientIdSetting | undefined {
  const variable = pod.env.find((entry) => entry.name === 'AZURE_CLIENT_ID' && entry.value !== undefined);
  if (!variable) return undefined;
  return {
    file: pod.source.file,
    field: { value: variable.value, range: variable.range },
    label: `the environment variable AZURE_CLIENT_ID of ${pod.kind} ${pod.namespace}/${pod.name}`,
  };
}

/** True when the vault URL of a store names this vault: `https://<vault>.vault.azure.net`. */
function storeUsesVault(store: SecretStoreFact, vaultName: string): boolean {
  const url = store.vaultUrl?.value?.toLowerCase() ?? '';
  return new RegExp(`^https?://${vaultName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`).test(url);
}

function podMentionsVault(pod: PodTemplateFact, vaultName: string): boolean {
  return pod.env.some((entry) => entry.value?.toLowerCase().includes(vaultName) ?? false);
}

/** Finds the ESO controller: a Deployment named external-secrets (the chart's name), or the chart's default account. */
export function esoController(workload: WorkloadFacts): { namespace: string; name: string; pod?: PodTemplateFact } {
  const pod = workload.podTemplates.find((template) => template.kind === 'Deployment' && template.name === 'external-secrets');
  return pod ? { namespace: pod.namespace, name: pod.serviceAccountName, pod } : ESO_CONTROLLER;
}

function csiRequesters(workload: WorkloadFacts, providerClasses: SecretProviderClassFact[]): Requester[] {
  const requesters: Requester[] = [];
  for (const providerClass of providerClasses.filter((candidate) => candidate.clientID?.value)) {
    const pods = workload.podTemplates.filter((pod) => pod.namespace === providerClass.namespace && pod.secretProviderClassNames.includes(providerClass.name));
    for (const pod of pods) {
      const account = findServiceAccount(workload, pod.namespace, pod.serviceAccountName);
      requesters.push({
        kind: 'csi',
        namespace: pod.namespace,
        serviceAccountName: pod.serviceAccountName,
        subject: subjectOf(pod.namespace, pod.serviceAccountName),
        serviceAccount: account,
        pod,
        providerClass,
        clientId: {
          file: providerClass.source.file,
          field: providerClass.clientID as FieldRef,
          label: `clientID of SecretProviderClass ${providerClass.namespace}/${providerClass.name}`,
        },
      });
    }
  }
  return requesters;
}

function esoRequesters(workload: WorkloadFacts, stores: SecretStoreFact[], externalSecrets: ExternalSecretFact[]): Requester[] {
  const requesters: Requester[] = [];
  for (const store of stores.filter((candidate) => candidate.authType?.value === 'WorkloadIdentity')) {
    if (!store.serviceAccountRef) {
      const controller = esoController(workload);
      const account = findServiceAccount(workload, controller.namespace, controller.name);
      requesters.push({
        kind: 'eso-controller',
        namespace: controller.namespace,
        serviceAccountName: controller.name,
        subject: subjectOf(controller.namespace, controller.name),
        serviceAccount: account,
        pod: controller.pod,
        store,
        clientId: annotationSetting(account),
      });
      continue;
    }

    const reference = store.serviceAccountRef;
    const users = externalSecrets.filter((secret) => secret.storeRef.kind === store.kind && secret.storeRef.name === store.name);
    let namespaces = [...new Set(users.map((secret) => secret.namespace))];
    if (store.kind === 'SecretStore') {
      namespaces = [store.namespace];
    } else if (reference.namespace) {
      namespaces = [reference.namespace];
    }
    for (const namespace of namespaces) {
      const account = findServiceAccount(workload, namespace, reference.name);
      requesters.push({
        kind: 'eso-reference',
        namespace,
        serviceAccountName: reference.name,
        subject: subjectOf(namespace, reference.name),
        serviceAccount: account,
        store,
        clientId: annotationSetting(account),
      });
    }
  }
  return requesters;
}

/**
 * `widen`: when no pod names the vault or the client id, take the pod set up for workload identity
 * if there is exactly one; with several, which one calls the vault is a guess, so none is taken.
 */
function podRequesters(facts: AccessFacts, workload: WorkloadFacts, vaultName: string, widen: boolean): Requester[] {
  const callerClientId = facts.caller.clientId;
  const usesWorkloadIdentity = (pod: PodTemplateFact): boolean => {
    const account = findServiceAccount(workload, pod.namespace, pod.serviceAccountName);
    return Boolean(account?.clientId || pod.podUseLabel || pod.controllerUseLabel || envSetting(pod));
  };

  // Pods that name this vault, or whose service account names the diagnosed client id.
  let pods = workload.podTemplates.filter((pod) => {
    const account = findServiceAccount(workload, pod.namespace, pod.serviceAccountName);
    return podMentionsVault(pod, vaultName) || sameId(account?.clientId?.value, callerClientId);
  });
  if (pods.length === 0 && widen) {
    const candidates = workload.podTemplates.filter(usesWorkloadIdentity);
    pods = candidates.length === 1 ? candidates : [];
  }

  return pods
    .filter((pod) => pod.secretProviderClassNames.length === 0 || usesWorkloadIdentity(pod))
    .map((pod) => {
      const account = findServiceAccount(workload, pod.namespace, pod.serviceAccountName);
      return {
        kind: 'pod' as const,
        namespace: pod.namespace,
        serviceAccountName: pod.serviceAccountName,
        subject: subjectOf(pod.namespace, pod.serviceAccountName),
        serviceAccount: account,
        pod,
        clientId: annotationSetting(account) ?? envSetting(pod),
      };
    });
}

/** Builds the view of the workload that the identity checks share. */
export function viewWorkload(facts: AccessFacts): WorkloadView {
  const workload = facts.workload ?? emptyWorkloadFacts();
  const vaultName = vaultNameOf(facts);
  const providerClasses = workload.secretProviderClasses.filter(
    (providerClass) => providerClass.provider === 'azure' && providerClass.keyvaultName?.value?.toLowerCase() === vaultName,
  );
  const stores = workload.secretStores.filter((store) => storeUsesVault(store, vaultName));
  const externalSecrets = workload.externalSecrets.filter((secret) =>
    stores.some((store) => store.kind === secret.storeRef.kind && store.name === secret.storeRef.name),
  );

  const client = facts.request.client;
  const requesters: Requester[] = [];
  if (client === 'csi-driver' || (client === undefined && providerClasses.length > 0)) {
    requesters.push(...csiRequesters(workload, providerClasses));
  }
  if (client === 'external-secrets' || (client === undefined && stores.length > 0)) {
    requesters.push(...esoRequesters(workload, stores, externalSecrets));
  }
  if (client === 'aks-workload' || (client === undefined && requesters.length === 0)) {
    requesters.push(...podRequesters(facts, workload, vaultName, client === 'aks-workload'));
  }

  const caller = facts.caller;
  const targetIdentity = facts.identities.find(
    (identity) => sameId(identity.id, caller.identityId) || sameId(identity.clientId, caller.clientId) || sameId(identity.principalId, caller.principalId),
  );
  const managedIdentitySettings = stores
    .filter((store) => store.authType?.value === 'ManagedIdentity' && store.identityId)
    .map((store) => ({
      file: store.source.file,
      field: store.identityId as FieldRef,
      label: `identityId of ${store.kind} ${store.kind === 'SecretStore' ? `${store.namespace}/` : ''}${store.name}`,
    }));
  return { workload, vaultName, providerClasses, stores, externalSecrets, requesters: dedupe(requesters), managedIdentitySettings, targetIdentity };
}

function dedupe(requesters: Requester[]): Requester[] {
  const seen = new Set<string>();
  return requesters.filter((requester) => {
    const key = `${requester.kind}|${requester.subject}|${requester.pod?.source.file ?? ''}|${requester.pod?.name ?? ''}|${requester.store?.name ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
