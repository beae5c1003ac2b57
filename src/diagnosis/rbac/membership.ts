/**
 * Whether a role or deny assignment's principal is the caller: the caller itself, or a group the
 * caller is a member of (directly or transitively, as the collector read it).
 */
import type { AccessFacts } from '../facts';

/** Reach of an assignment to the caller. `group-unknown` is a group assignment while the caller's groups were not read. */
export type Reach = 'direct' | 'group' | 'group-unknown';

export const EVERYONE_PRINCIPAL_ID = '00000000-0000-0000-0000-000000000000';

function same(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Returns how a principal id reaches the caller, or undefined when it does not. */
export function reachOf(principalId: string, principalType: string | undefined, facts: AccessFacts): Reach | undefined {
  const caller = facts.caller;

  if (same(principalId, caller.principalId)) {
    return 'direct';
  }
  if (caller.groupIds) {
    return caller.groupIds.some((groupId) => same(groupId, principalId)) ? 'group' : undefined;
  }
  if (principalType?.toLowerCase() === 'group' || principalType?.toLowerCase() === 'foreigngroup') {
    return 'group-unknown';
  }
  return undefined;
}

/** Returns the caller's principal type for a fix, from the facts. Managed identities are ServicePrincipal. */
export function callerPrincipalType(facts: AccessFacts): { principalType: string; assumed: boolean } {
  const caller = facts.caller;
  if (caller.principalType) {
    return { principalType: caller.principalType, assumed: false };
  }
  if (caller.identityId) {
    return { principalType: 'ServicePrincipal', assumed: false };
  }

  const known = facts.directory.principals.find((principal) => same(principal.objectId, caller.principalId));
  if (known?.type) {
    return { principalType: known.type, assumed: false };
  }
  return { principalType: 'ServicePrincipal', assumed: true };
}
