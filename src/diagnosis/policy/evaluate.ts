/**
 * Access policy decisions. Key Vault allows a request when an entry names the caller's object id
 * (or a group the caller is in), carries the vault's tenant, has no `applicationId` and lists the
 * operation's permission or `all`. An entry with an `applicationId` is a compound identity, which
 * matches only the on-behalf-of flow and never a plain token.
 */
import type { OperationSpec } from '../context';
import type { AccessFacts, AccessPolicyEntry } from '../facts';
import { permissionListAllows } from './permissions';

export interface PolicyEntryView {
  entry: AccessPolicyEntry;
  index: number;
  /** Relation of the entry's object id to the caller. */
  relation: 'principal' | 'group' | 'client-id';
  /** Reason Key Vault ignores this entry for a plain token, if it does. */
  ignoredBecause?: 'compound-identity' | 'tenant-mismatch' | 'client-id';
}

export interface OperationPolicyDecision {
  operation: OperationSpec;
  allowed: boolean;
  /** Entries that apply to the caller and allow the operation. */
  allowing: PolicyEntryView[];
}

export interface PolicyEvaluation {
  /** Every entry that relates to the caller, effective or not. */
  related: PolicyEntryView[];
  /** Entries Key Vault applies to the caller's token. */
  effective: PolicyEntryView[];
  decisions: OperationPolicyDecision[];
  /** Entries whose object id is neither the caller nor one of its known groups, while the caller's groups were not read. */
  undeterminedEntries: AccessPolicyEntry[];
}

function same(a: string | null | undefined, b: string | null | undefined): boolean {
  return Boolean(a) && Boolean(b) && (a as string).toLowerCase() === (b as string).toLowerCase();
}

/** Returns the entry's permissions for the operation's collection. */
export function entryPermissions(entry: AccessPolicyEntry, operation: OperationSpec): string[] | undefined {
  return entry.permissions[operation.collection];
}

/** Evaluates the vault's access policies for the caller and the operations. */
export function evaluatePolicies(facts: AccessFacts, operations: readonly OperationSpec[]): PolicyEvaluation {
  const vault = facts.vault;
  const caller = facts.caller;
  const related: PolicyEntryView[] = [];
  const undeterminedEntries: AccessPolicyEntry[] = [];
  const knownPrincipals = new Map(facts.directory.principals.map((principal) => [principal.objectId.toLowerCase(), principal]));

  (vault?.accessPolicies ?? []).forEach((entry, index) => {
    let relation: PolicyEntryView['relation'] | undefined;
    if (same(entry.objectId, caller.principalId)) {
      relation = 'principal';
    } else if (caller.groupIds?.some((groupId) => same(groupId, entry.objectId))) {
      relation = 'group';
    } else if (same(entry.objectId, caller.clientId)) {
      relation = 'client-id';
    }

    if (!relation) {
      const known = knownPrincipals.get(entry.objectId.toLowerCase());
      const mayBeGroup = !known || !known.type || known.type.toLowerCase().includes('group');
      if (caller.groupIds === undefined && mayBeGroup) {
        undeterminedEntries.push(entry);
      }
      return;
    }

    let ignoredBecause: PolicyEntryView['ignoredBecause'];
    if (relation === 'client-id') {
      ignoredBecause = 'client-id';
    } else if (entry.applicationId) {
      ignoredBecause = 'compound-identity';
    } else if (vault && !same(entry.tenantId, vault.tenantId)) {
      ignoredBecause = 'tenant-mismatch';
    }
    related.push({ entry, index, relation, ignoredBecause });
  });

  const effective = related.filter((view) => !view.ignoredBecause);
  const decisions = operations.map((operation) => {
    const allowing = effective.filter((view) => permissionListAllows(entryPermissions(view.entry, operation), operation));
    return { operation, allowed: allowing.length > 0, allowing };
  });
  return { related, effective, decisions, undeterminedEntries };
}
