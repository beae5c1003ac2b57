/**
 * Every identity the facts name (cluster identities, managed identities, directory principals),
 * so a finding can name the owner of an object id or client id.
 */
import type { AccessFacts } from '../../facts';
import { resourceName, sameId } from './findings';

export interface KnownIdentity {
  /** Plain words, such as "the kubelet identity of cluster aks-prod". */
  label: string;
  principalId?: string;
  clientId?: string;
  resourceId?: string;
  role: 'kubelet' | 'secrets-provider' | 'cluster' | 'managed-identity' | 'principal';
}

export function knownIdentities(facts: AccessFacts): KnownIdentity[] {
  const known: KnownIdentity[] = [];
  const cluster = facts.cluster;

  if (cluster?.kubeletIdentity) {
    const kubelet = cluster.kubeletIdentity;
    known.push({ label: `the kubelet (node pool) identity of cluster ${cluster.name}`, principalId: kubelet.objectId, clientId: kubelet.clientId, resourceId: kubelet.resourceId, role: 'kubelet' });
  }
  if (cluster?.secretsProviderIdentity) {
    const addon = cluster.secretsProviderIdentity;
    known.push({ label: `the Key Vault secrets provider add-on identity of cluster ${cluster.name}`, principalId: addon.objectId, clientId: addon.clientId, resourceId: addon.resourceId, role: 'secrets-provider' });
  }
  if (cluster?.clusterPrincipalId) {
    known.push({ label: `the cluster's own identity of ${cluster.name}`, principalId: cluster.clusterPrincipalId, role: 'cluster' });
  }
  for (const identity of facts.identities) {
    known.push({ label: `the managed identity ${identity.name}`, principalId: identity.principalId, clientId: identity.clientId, resourceId: identity.id, role: 'managed-identity' });
  }
  for (const principal of facts.directory.principals) {
    const name = principal.displayName ?? principal.objectId;
    known.push({ label: `${name} (${principal.type ?? 'directory object'})`, principalId: principal.objectId, clientId: principal.clientId, role: 'principal' });
  }
  return known;
}

/** Finds who an id belongs to; the first match wins, so cluster roles beat plain directory names. */
export function whoIs(facts: AccessFacts, ids: { objectId?: string; clientId?: string; resourceId?: string }): KnownIdentity | undefined {
  return knownIdentities(facts).find(
    (identity) =>
      sameId(identity.principalId, ids.objectId) || sameId(identity.clientId, ids.clientId) || sameId(identity.resourceId, ids.resourceId),
  );
}

/** Finds the identity whose principal id is `id`: used to spot a principal id given where a client id belongs. */
export function whoseObjectId(facts: AccessFacts, id: string): KnownIdentity | undefined {
  return knownIdentities(facts).find((identity) => sameId(identity.principalId, id));
}

/** Describes the diagnosed caller in plain words. */
export function describeCaller(facts: AccessFacts): string {
  const caller = facts.caller;
  const name = caller.displayName ?? (caller.identityId ? resourceName(caller.identityId) : undefined);
  const ids = [caller.principalId && `principal id ${caller.principalId}`, caller.clientId && `client id ${caller.clientId}`].filter(Boolean).join(', ');
  if (name && ids) return `${name} (${ids})`;
  return name ?? (ids || 'the identity being diagnosed');
}
