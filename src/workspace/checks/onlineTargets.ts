/**
 * The objects the signed-in checks of the workspace compare with Azure. These are each
 * ServiceAccount whose client-id annotation names an identity, and each SecretProviderClass or
 * External Secrets store that names both a vault and a client id. Each is anchored at the field
 * that states the client id.
 */
import { esoController, findServiceAccount } from '../../diagnosis/checks/identity/workload';
import { isGuid } from '../../diagnosis/checks/identity/findings';
import type { FieldRef, SecretStoreFact, ServiceAccountFact, SourceRef, WorkloadFacts } from '../../diagnosis/workload';
import { workloadTargets, type WorkloadTarget } from '../targets';
import { fieldLocation } from './finding';

/** A ServiceAccount that requests tokens for the identity with `clientId`. */
export interface ServiceAccountBinding {
  namespace: string;
  name: string;
  clientId: string;
  /** The client-id annotation. */
  anchor: SourceRef;
}

/** A workload target whose vault and client id are literal, with the field the editor marks. */
export interface AccessTarget extends WorkloadTarget {
  vaultName: string;
  clientId: string;
  anchor: SourceRef;
}

/**
 * Lists the ServiceAccounts that request tokens for a literal client id: those with a client-id
 * annotation, and those of pods that mount a SecretProviderClass whose `clientID` names another
 * identity than their annotation. The latter are anchored at `clientID`.
 */
export function serviceAccountBindings(workload: WorkloadFacts): ServiceAccountBinding[] {
  const bindings: ServiceAccountBinding[] = [];
  for (const account of workload.serviceAccounts) {
    const clientId = account.clientId?.value?.trim();
    if (!account.clientId || !clientId || !isGuid(clientId)) continue;
    bindings.push({ namespace: account.namespace, name: account.name, clientId: clientId.toLowerCase(), anchor: fieldLocation(account.source.file, account.clientId) });
  }

  for (const providerClass of workload.secretProviderClasses) {
    const clientId = providerClass.clientID?.value?.trim().toLowerCase();
    // With useVMManagedIdentity the driver uses the node's identity, which needs no federated credential.
    if (providerClass.provider !== 'azure' || providerClass.useVMManagedIdentity?.value === 'true' || !providerClass.clientID || !clientId || !isGuid(clientId)) continue;

    const pods = workload.podTemplates.filter((pod) => pod.namespace === providerClass.namespace && pod.secretProviderClassNames.includes(providerClass.name));
    for (const name of new Set(pods.map((pod) => pod.serviceAccountName))) {
      const known = bindings.some((binding) => binding.namespace === providerClass.namespace && binding.name === name && binding.clientId === clientId);
      if (!known) bindings.push({ namespace: providerClass.namespace, name, clientId, anchor: fieldLocation(providerClass.source.file, providerClass.clientID) });
    }
  }
  return bindings;
}

function storeAccount(workload: WorkloadFacts, store: SecretStoreFact): ServiceAccountFact | undefined {
  const reference = store.serviceAccountRef;
  if (!reference) {
    const controller = esoController(workload);
    return findServiceAccount(workload, controller.namespace, controller.name);
  }
  const users = workload.externalSecrets.filter((secret) => secret.storeRef.kind === store.kind && secret.storeRef.name === store.name);
  const namespace = store.kind === 'SecretStore' ? store.namespace : (reference.namespace ?? users[0]?.namespace ?? 'default');
  return findServiceAccount(workload, namespace, reference.name);
}

/** Maps each target label to the field its client id comes from, by the same rules as `workloadTargets`. */
function clientIdFields(workload: WorkloadFacts): Map<string, { file: string; field: FieldRef }> {
  const fields = new Map<string, { file: string; field: FieldRef }>();
  for (const providerClass of workload.secretProviderClasses.filter((candidate) => candidate.provider === 'azure')) {
    const field = providerClass.useVMManagedIdentity?.value === 'true' ? providerClass.userAssignedIdentityID : providerClass.clientID;
    if (field) fields.set(`SecretProviderClass ${providerClass.namespace}/${providerClass.name}`, { file: providerClass.source.file, field });
  }
  for (const store of workload.secretStores) {
    const label = store.kind === 'SecretStore' ? `SecretStore ${store.namespace}/${store.name}` : `ClusterSecretStore ${store.name}`;
    if (store.authType?.value !== 'WorkloadIdentity') {
      if (store.identityId) fields.set(label, { file: store.source.file, field: store.identityId });
      continue;
    }
    const account = storeAccount(workload, store);
    if (account?.clientId) fields.set(label, { file: account.source.file, field: account.clientId });
  }
  return fields;
}

/** Lists the targets that name a vault and a client id literally, because only those can be checked against Azure. */
export function accessTargets(workload: WorkloadFacts): AccessTarget[] {
  const fields = clientIdFields(workload);
  return workloadTargets(workload).flatMap((target) => {
    const where = fields.get(target.label);
    const clientId = target.clientId?.trim().toLowerCase();
    if (!where || !target.vaultName || !clientId || !isGuid(clientId)) return [];
    return [{ ...target, vaultName: target.vaultName, clientId, anchor: fieldLocation(where.file, where.field) }];
  });
}
