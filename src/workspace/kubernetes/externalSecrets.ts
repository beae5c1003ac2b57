/**
 * External Secrets Operator resources: the `azurekv` stores and the ExternalSecret and PushSecret
 * objects that read or write through them.
 */
import type { YAMLMap } from 'yaml';
import type { ExternalSecretFact, SecretStoreFact } from '../../diagnosis/workload';
import { asMap, asSeq, blockMapRange, fieldOf, getIn, stringIn, type SourcePositions } from '../yamlNodes';

type StoreKind = SecretStoreFact['kind'];

function storeKind(value: string | undefined): StoreKind {
  return value === 'ClusterSecretStore' ? 'ClusterSecretStore' : 'SecretStore';
}

/** Reads a store that uses the Azure Key Vault provider; other providers return undefined. */
export function readSecretStore(positions: SourcePositions, root: YAMLMap, kind: StoreKind): SecretStoreFact | undefined {
  const name = stringIn(root, ['metadata', 'name']);
  const azurekv = asMap(getIn(root, ['spec', 'provider', 'azurekv']));
  if (!name || !azurekv) {
    return undefined;
  }

  const fact: SecretStoreFact = {
    source: positions.sourceRef(root),
    kind,
    name,
    namespace: kind === 'ClusterSecretStore' ? '' : (stringIn(root, ['metadata', 'namespace']) ?? 'default'),
  };

  const fields = {
    vaultUrl: fieldOf(positions, azurekv, 'vaultUrl'),
    authType: fieldOf(positions, azurekv, 'authType'),
    tenantId: fieldOf(positions, azurekv, 'tenantId'),
    identityId: fieldOf(positions, azurekv, 'identityId'),
  };
  for (const [key, field] of Object.entries(fields)) {
    if (field) {
      fact[key as keyof typeof fields] = field;
    }
  }

  const reference = asMap(getIn(azurekv, ['serviceAccountRef']));
  const referenceName = stringIn(reference, ['name']);
  if (reference && referenceName) {
    fact.serviceAccountRef = { name: referenceName, range: positions.nodeRange(reference) };
    const referenceNamespace = stringIn(reference, ['namespace']);
    if (referenceNamespace) fact.serviceAccountRef.namespace = referenceNamespace;
  }

  const providerRange = blockMapRange(positions, azurekv);
  if (providerRange) fact.providerRange = providerRange;
  return fact;
}

/** Reads an ExternalSecret: `data[].remoteRef.key` and `dataFrom[].extract.key` are single gets, and `dataFrom[].find` lists first. */
export function readExternalSecret(positions: SourcePositions, root: YAMLMap): ExternalSecretFact | undefined {
  const name = stringIn(root, ['metadata', 'name']);
  const storeName = stringIn(root, ['spec', 'secretStoreRef', 'name']);
  if (!name || !storeName) {
    return undefined;
  }

  const gets: string[] = [];
  let lists = false;
  for (const entry of asSeq(getIn(root, ['spec', 'data']))?.items ?? []) {
    const key = stringIn(entry, ['remoteRef', 'key']);
    if (key) gets.push(key);
  }
  for (const entry of asSeq(getIn(root, ['spec', 'dataFrom']))?.items ?? []) {
    const key = stringIn(entry, ['extract', 'key']);
    if (key) gets.push(key);
    if (getIn(entry, ['find']) !== undefined) lists = true;
  }

  return {
    source: positions.sourceRef(root),
    kind: 'ExternalSecret',
    name,
    namespace: stringIn(root, ['metadata', 'namespace']) ?? 'default',
    storeRef: { name: storeName, kind: storeKind(stringIn(root, ['spec', 'secretStoreRef', 'kind'])) },
    gets,
    lists,
    pushes: false,
  };
}

/** Reads a PushSecret, one fact per store, because it may name several (`secretStoreRefs`). */
export function readPushSecret(positions: SourcePositions, root: YAMLMap): ExternalSecretFact[] {
  const name = stringIn(root, ['metadata', 'name']);
  if (!name) {
    return [];
  }

  const gets: string[] = [];
  for (const entry of asSeq(getIn(root, ['spec', 'data']))?.items ?? []) {
    const key = stringIn(entry, ['match', 'remoteRef', 'remoteKey']);
    if (key) gets.push(key);
  }

  const facts: ExternalSecretFact[] = [];
  for (const reference of asSeq(getIn(root, ['spec', 'secretStoreRefs']))?.items ?? []) {
    const storeName = stringIn(reference, ['name']);
    if (!storeName) continue;
    facts.push({
      source: positions.sourceRef(root),
      kind: 'PushSecret',
      name,
      namespace: stringIn(root, ['metadata', 'namespace']) ?? 'default',
      storeRef: { name: storeName, kind: storeKind(stringIn(reference, ['kind'])) },
      gets,
      lists: false,
      pushes: true,
    });
  }
  return facts;
}
