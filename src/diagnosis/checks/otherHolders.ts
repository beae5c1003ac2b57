/**
 * Other known identities that have access to the vault when the caller has none: the cluster's
 * own identity with the role the kubelet needed, a sibling managed identity, a person. Naming
 * them shows where a grant went. Fixes never name them: their access does not help the caller.
 */
import type { AccessFacts, AccessPolicyEntry } from '../facts';
import { joinWords } from '../rbac/describe';
import { resolveRole } from '../rbac/roles';
import { isBelowVault, scopeContains } from '../rbac/scope';
import { resourceName, sameId } from './identity/findings';
import { whoIs, type KnownIdentity } from './identity/knownIdentities';

const ROLE_WORDS: Record<KnownIdentity['role'], (cluster: string) => string> = {
  kubelet: (cluster) => `kubelet identity of cluster ${cluster}`,
  'secrets-provider': (cluster) => `Key Vault secrets provider add-on identity of cluster ${cluster}`,
  cluster: (cluster) => `cluster identity of ${cluster}`,
  'managed-identity': () => 'user-assigned managed identity',
  principal: () => 'directory object',
};

/** Returns the display name of a principal from the directory or the identities read, when one is known. */
function nameOf(facts: AccessFacts, principalId: string): string | undefined {
  const principal = facts.directory.principals.find((candidate) => sameId(candidate.objectId, principalId));
  const identity = facts.identities.find((candidate) => sameId(candidate.principalId, principalId));
  return principal?.displayName ?? identity?.name;
}

/** Describes a known principal as `aks-warehouse (cluster identity of aks-warehouse, 4fba…)`; undefined for an unknown id. */
function describeHolder(facts: AccessFacts, principalId: string): string | undefined {
  const known = whoIs(facts, { objectId: principalId });
  if (!known) {
    return undefined;
  }
  const cluster = facts.cluster?.name ?? 'the cluster';
  const principal = facts.directory.principals.find((candidate) => sameId(candidate.objectId, principalId));
  const kind = known.role === 'principal' ? (principal?.type ?? 'directory object') : ROLE_WORDS[known.role](cluster);
  const name = nameOf(facts, principalId) ?? (known.resourceId ? resourceName(known.resourceId) : undefined);
  return name ? `${name} (${kind}, ${principalId})` : `${principalId} (${kind})`;
}

/** Describes the caller as "the kubelet identity of cluster aks-warehouse that calls" or by name. */
function describeCallerRole(facts: AccessFacts): string {
  const caller = facts.caller;
  const known = whoIs(facts, { objectId: caller.principalId, clientId: caller.clientId });
  if (known && known.role !== 'principal' && known.role !== 'managed-identity') {
    return `the ${ROLE_WORDS[known.role](facts.cluster?.name ?? 'the cluster')} that calls`;
  }
  const name = caller.displayName ?? (caller.identityId ? resourceName(caller.identityId) : caller.principalId);
  return `${name ?? 'the caller'}, which calls`;
}

function grantsKeyVaultData(facts: AccessFacts, roleDefinitionId: string): string | undefined {
  const role = resolveRole(roleDefinitionId, facts);
  const dataActions = role?.permissions.flatMap((permission) => permission.dataActions) ?? [];
  return dataActions.some((action) => action === '*' || action.toLowerCase().startsWith('microsoft.keyvault/')) ? role?.roleName : undefined;
}

/**
 * Returns a sentence naming the known identities other than the caller that hold Key Vault data
 * roles at the vault, above it or on its objects, or '' when there are none.
 */
export function otherRoleHolders(facts: AccessFacts): string {
  const vaultId = facts.vault?.id ?? facts.request.vaultId;
  const rolesByHolder = new Map<string, Set<string>>();

  for (const assignment of facts.roleAssignments) {
    if (sameId(assignment.principalId, facts.caller.principalId) || (facts.caller.groupIds ?? []).some((group) => sameId(group, assignment.principalId))) {
      continue;
    }
    const reachesVault = scopeContains(assignment.scope, vaultId, facts.managementGroupIds) || isBelowVault(assignment.scope, vaultId);
    const roleName = reachesVault ? grantsKeyVaultData(facts, assignment.roleDefinitionId) : undefined;
    const holder = roleName ? describeHolder(facts, assignment.principalId) : undefined;
    if (roleName && holder) {
      rolesByHolder.set(holder, (rolesByHolder.get(holder) ?? new Set()).add(roleName));
    }
  }
  return holdersSentence([...rolesByHolder].map(([holder, roles]) => `${joinWords([...roles])} ${roles.size === 1 ? 'is' : 'are'} held by ${holder}`), facts);
}

/** Returns a sentence naming the known identities other than the caller that have access policy entries, or ''. */
export function otherPolicyHolders(facts: AccessFacts, entries: readonly AccessPolicyEntry[]): string {
  const parts: string[] = [];
  for (const entry of entries) {
    const holder = sameId(entry.objectId, facts.caller.principalId) ? undefined : describeHolder(facts, entry.objectId);
    if (holder) {
      const secrets = entry.permissions.secrets ?? [];
      parts.push(`an access policy entry${secrets.length > 0 ? ` with secrets ${secrets.join(', ')}` : ''} is held by ${holder}`);
    }
  }
  return holdersSentence(parts, facts);
}

/** At most this many holders are named, so a vault with many administrators keeps a readable finding. */
const MAX_HOLDERS = 5;

function holdersSentence(all: string[], facts: AccessFacts): string {
  if (all.length === 0) {
    return '';
  }
  const parts = all.length > MAX_HOLDERS ? [...all.slice(0, MAX_HOLDERS), `${all.length - MAX_HOLDERS} more`] : all;
  const text = `${joinWords(parts)}, not by ${describeCallerRole(facts)}. Access held by another identity does not apply to the caller.`;
  return ` ${text[0].toUpperCase()}${text.slice(1)}`;
}
