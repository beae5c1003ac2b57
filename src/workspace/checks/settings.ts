/**
 * Ids the workspace states in several places: the client ids workloads send, the tenant ids they
 * name, and whether any workload reads secret values. The offline checks compare fields with these.
 */
import { isGuid } from '../../diagnosis/checks/identity/findings';
import type { FieldRef, WorkloadFacts } from '../../diagnosis/workload';

/** A literal id written in a file, with where it sits and what it is, in plain words. */
export interface IdSetting {
  value: string;
  file: string;
  field: FieldRef;
  label: string;
}

function setting(file: string, field: FieldRef | undefined, label: string): IdSetting[] {
  const value = field?.value?.trim();
  return field && value && isGuid(value) ? [{ value: value.toLowerCase(), file, field, label }] : [];
}

/** Client ids the workloads send: ServiceAccount annotations, SecretProviderClass `clientID`, AZURE_CLIENT_ID, ESO `identityId`. */
export function workspaceClientIds(workload: WorkloadFacts): IdSetting[] {
  const ids: IdSetting[] = [];
  for (const account of workload.serviceAccounts) {
    ids.push(...setting(account.source.file, account.clientId, `the client-id annotation of ServiceAccount ${account.namespace}/${account.name}`));
  }
  for (const providerClass of workload.secretProviderClasses) {
    ids.push(...setting(providerClass.source.file, providerClass.clientID, `clientID of SecretProviderClass ${providerClass.namespace}/${providerClass.name}`));
  }
  for (const pod of workload.podTemplates) {
    for (const variable of pod.env.filter((entry) => entry.name === 'AZURE_CLIENT_ID')) {
      ids.push(...setting(pod.source.file, { value: variable.value, range: variable.range }, `AZURE_CLIENT_ID of ${pod.kind} ${pod.namespace}/${pod.name}`));
    }
  }
  for (const store of workload.secretStores) {
    ids.push(...setting(store.source.file, store.identityId, `identityId of ${store.kind} ${store.name}`));
  }
  return ids;
}

/** Tenant ids the workloads and other vaults name, to compare a vault's `tenantId` with. */
export function workspaceTenantIds(workload: WorkloadFacts): IdSetting[] {
  const ids: IdSetting[] = [];
  for (const account of workload.serviceAccounts) {
    ids.push(...setting(account.source.file, account.tenantId, `the tenant-id annotation of ServiceAccount ${account.namespace}/${account.name}`));
  }
  for (const providerClass of workload.secretProviderClasses) {
    ids.push(...setting(providerClass.source.file, providerClass.tenantId, `tenantID of SecretProviderClass ${providerClass.namespace}/${providerClass.name}`));
  }
  for (const store of workload.secretStores) {
    ids.push(...setting(store.source.file, store.tenantId, `tenantId of ${store.kind} ${store.name}`));
  }
  for (const vault of workload.vaults) {
    ids.push(...setting(vault.source.file, vault.tenantId, `tenantId of vault ${vault.name ?? '(unnamed)'}`));
  }
  return ids;
}

/**
 * Describes the workloads that read secret values: SecretProviderClass objects of type secret,
 * ExternalSecrets, and pods with a vault URL in their environment. Empty when none does.
 */
export function secretReaders(workload: WorkloadFacts): string[] {
  const readers: string[] = [];
  for (const providerClass of workload.secretProviderClasses.filter((candidate) => candidate.provider === 'azure')) {
    if (providerClass.objects.some((object) => object.objectType === 'secret')) readers.push(`SecretProviderClass ${providerClass.namespace}/${providerClass.name}`);
  }
  for (const secret of workload.externalSecrets.filter((candidate) => !candidate.pushes)) {
    readers.push(`ExternalSecret ${secret.namespace}/${secret.name}`);
  }
  for (const pod of workload.podTemplates) {
    if (pod.env.some((entry) => /VAULT/i.test(entry.name) && /\.vault\.(azure\.net|usgovcloudapi\.net|azure\.cn)/i.test(entry.value ?? ''))) {
      readers.push(`${pod.kind} ${pod.namespace}/${pod.name}`);
    }
  }
  return readers;
}
