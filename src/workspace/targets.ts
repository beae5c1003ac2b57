/**
 * The Key Vault requests a SecretProviderClass or an External Secrets store makes, read from the
 * manifests: which vault, with which client id, and which operations on which objects. The editor
 * offers "Diagnose 403" on these objects and runs the diagnosis with these values.
 */
import type { ClientKind } from '../diagnosis/facts';
import { esoController, findServiceAccount } from '../diagnosis/checks/identity/workload';
import type { ExternalSecretFact, SecretStoreFact, SourceRef, WorkloadFacts } from '../diagnosis/workload';

export interface WorkloadTarget {
  /** `SecretProviderClass web/web-tls`, `ClusterSecretStore kv-shared`. */
  label: string;
  /** The object's first line, where the editor shows the code lens. */
  location: SourceRef;
  /** The vault's name from `keyvaultName` or the host of `vaultUrl`; absent when the manifest does not name it literally. */
  vaultName?: string;
  /** The client id the driver or ESO sends, when the manifests state it. */
  clientId?: string;
  operations: string[];
  /** `secrets/<name>`, `keys/<name>`, `certificates/<name>`. */
  objects: string[];
  client: ClientKind;
}

/** Operations ExternalSecrets perform through a store: `find` lists before reading, a PushSecret writes. */
export function externalSecretOperations(secrets: readonly ExternalSecretFact[]): string[] {
  const operations: string[] = [];
  if (secrets.some((secret) => secret.lists)) operations.push('secrets/list');
  operations.push('secrets/get');
  if (secrets.some((secret) => secret.pushes)) operations.push('secrets/set');
  return operations;
}

const COLLECTIONS: Record<string, string> = { secret: 'secrets', key: 'keys', cert: 'certificates' };

function firstLine(source: SourceRef): SourceRef {
  return { file: source.file, range: [source.range[0], source.range[1], source.range[0], source.range[1]] };
}

/** Returns the vault name in a `https://<name>.vault.azure.net/` URL. */
function vaultNameOfUrl(url: string | undefined): string | undefined {
  return /^https?:\/\/([^./]+)\./i.exec(url?.trim() ?? '')?.[1];
}

function storeClientId(workload: WorkloadFacts, store: SecretStoreFact, users: ExternalSecretFact[]): string | undefined {
  if (store.authType?.value !== 'WorkloadIdentity') {
    return store.identityId?.value;
  }
  const reference = store.serviceAccountRef;
  if (!reference) {
    const controller = esoController(workload);
    return findServiceAccount(workload, controller.namespace, controller.name)?.clientId?.value;
  }
  const namespace = store.kind === 'SecretStore' ? store.namespace : (reference.namespace ?? users[0]?.namespace ?? 'default');
  return findServiceAccount(workload, namespace, reference.name)?.clientId?.value;
}

/** Lists the SecretProviderClasses (Azure provider) and azurekv stores of the workspace, optionally of one file. */
export function workloadTargets(workload: WorkloadFacts, file?: string): WorkloadTarget[] {
  const targets: WorkloadTarget[] = [];

  for (const providerClass of workload.secretProviderClasses) {
    if (providerClass.provider !== 'azure' || (file !== undefined && providerClass.source.file !== file)) continue;
    const objects = providerClass.objects.map((object) => `${COLLECTIONS[object.objectType] ?? 'secrets'}/${object.objectName}`);
    const operations = [...new Set(objects.map((object) => `${object.split('/')[0]}/get`))];
    targets.push({
      label: `SecretProviderClass ${providerClass.namespace}/${providerClass.name}`,
      location: firstLine(providerClass.source),
      vaultName: providerClass.keyvaultName?.value || undefined,
      clientId: (providerClass.useVMManagedIdentity?.value === 'true' ? providerClass.userAssignedIdentityID?.value : providerClass.clientID?.value) || undefined,
      operations: operations.length > 0 ? operations : ['secrets/get'],
      objects,
      client: 'csi-driver',
    });
  }

  for (const store of workload.secretStores) {
    if (file !== undefined && store.source.file !== file) continue;
    const users = workload.externalSecrets.filter((secret) => secret.storeRef.kind === store.kind && secret.storeRef.name === store.name);
    targets.push({
      label: store.kind === 'SecretStore' ? `SecretStore ${store.namespace}/${store.name}` : `ClusterSecretStore ${store.name}`,
      location: firstLine(store.source),
      vaultName: vaultNameOfUrl(store.vaultUrl?.value),
      clientId: storeClientId(workload, store, users) || undefined,
      operations: externalSecretOperations(users),
      objects: [...new Set(users.flatMap((secret) => secret.gets))].map((key) => `secrets/${key}`),
      client: 'external-secrets',
    });
  }
  return targets;
}
