/**
 * Lookups computed once over the facts' role assignments, deny assignments and management
 * groups, so that evaluating many callers and targets against one tenant does not lower-case,
 * trim and split the same ids on every evaluation.
 *
 * The caches are keyed by the arrays and assignment objects inside the facts, not by the facts
 * object itself, because callers build a new `AccessFacts` per caller around the same
 * tenant-wide arrays. Weak maps let an index go when its facts go. The facts are treated as
 * immutable once evaluated: an assignment edited in place keeps its old keys. An array whose
 * length changed is indexed again.
 */
import type { AccessFacts, DenyAssignmentFacts, RoleAssignmentFacts } from '../facts';
import { blockGrants } from './actionPattern';
import type { Reach } from './membership';
import { roleGuidOf } from './roles';
import { MANAGEMENT_GROUP_PREFIX, normalizeScope } from './scope';

/** A scope in the form `scopeContains` compares, computed once. */
export interface NormalizedScope {
  value: string;
  managementGroup: boolean;
}

/** The normalised fields of one role assignment that the evaluator reads. */
export interface AssignmentKeys {
  /** The principal id, lower case. */
  principalKey: string;
  /** True for the principal types `Group` and `ForeignGroup`. */
  groupTyped: boolean;
  scope: NormalizedScope;
  /** The role definition's GUID, lower case. */
  roleGuid: string;
}

export interface PrincipalIndex {
  length: number;
  /** The keys of each assignment, by position. */
  keys: AssignmentKeys[];
  /** Positions in the assignment array, ascending, by lower-cased principal id. */
  byPrincipal: Map<string, number[]>;
  /** Positions of the assignments to groups, ascending. */
  groupTyped: number[];
  /** A small integer per distinct normalised scope, by position. */
  scopeIds: Int32Array;
  scopeIdByValue: Map<string, number>;
}

interface DenyIndex {
  length: number;
  /** The deny assignments whose permissions cover a data action, in array order, by data action. */
  byDataAction: Map<string, DenyAssignmentFacts[]>;
}

/**
 * Below this many assignments a scan with cached keys costs less than building an index that
 * may serve one evaluation only: callers that select assignments per caller pass a new small
 * array each time. Tenant-wide arrays are far above it.
 */
const INDEX_THRESHOLD = 1024;

const assignmentKeyCache = new WeakMap<RoleAssignmentFacts, AssignmentKeys>();
const principalIndexCache = new WeakMap<readonly RoleAssignmentFacts[], PrincipalIndex>();
const denyIndexCache = new WeakMap<readonly DenyAssignmentFacts[], DenyIndex>();
const denyScopeCache = new WeakMap<DenyAssignmentFacts, NormalizedScope>();
const managementGroupCache = new WeakMap<readonly string[], Set<string>>();

export function normalizedScopeOf(scope: string): NormalizedScope {
  const value = normalizeScope(scope);
  return { value, managementGroup: value.startsWith(MANAGEMENT_GROUP_PREFIX) };
}

/** Returns the normalised keys of an assignment, computing them on first use. */
export function assignmentKeys(assignment: RoleAssignmentFacts): AssignmentKeys {
  let keys = assignmentKeyCache.get(assignment);
  if (!keys) {
    const type = assignment.principalType?.toLowerCase();
    keys = {
      principalKey: assignment.principalId.toLowerCase(),
      groupTyped: type === 'group' || type === 'foreigngroup',
      scope: normalizedScopeOf(assignment.scope),
      roleGuid: roleGuidOf(assignment.roleDefinitionId),
    };
    assignmentKeyCache.set(assignment, keys);
  }
  return keys;
}

/** Returns the lower-cased management group ids as a set. */
export function managementGroupSet(managementGroupIds: readonly string[]): Set<string> {
  let set = managementGroupCache.get(managementGroupIds);
  if (!set) {
    set = new Set(managementGroupIds.map(normalizeScope));
    managementGroupCache.set(managementGroupIds, set);
  }
  return set;
}

/**
 * Tests whether `outer` contains the normalised scope `inner`, with the rules of
 * `scopeContains`: the root contains everything, a management group contains what lies below one
 * of `managementGroups`, and any other scope contains itself and the ids below it.
 */
export function normalizedScopeContains(outer: NormalizedScope, inner: string, managementGroups: ReadonlySet<string>): boolean {
  const value = outer.value;
  if (value === '/') {
    return true;
  }
  if (outer.managementGroup) {
    return managementGroups.has(value);
  }
  return inner === value || (inner.length > value.length && inner.charCodeAt(value.length) === 0x2f && inner.startsWith(value));
}

/** Tests whether the assignments are many enough to be indexed by principal. */
export function isIndexable(assignments: readonly RoleAssignmentFacts[]): boolean {
  return assignments.length >= INDEX_THRESHOLD;
}

export function principalIndexOf(assignments: readonly RoleAssignmentFacts[]): PrincipalIndex {
  const cached = principalIndexCache.get(assignments);
  if (cached && cached.length === assignments.length) {
    return cached;
  }

  const index: PrincipalIndex = {
    length: assignments.length,
    keys: [],
    byPrincipal: new Map(),
    groupTyped: [],
    scopeIds: new Int32Array(assignments.length),
    scopeIdByValue: new Map(),
  };
  assignments.forEach((assignment, position) => {
    const keys = assignmentKeys(assignment);
    index.keys.push(keys);

    let scopeId = index.scopeIdByValue.get(keys.scope.value);
    if (scopeId === undefined) {
      scopeId = index.scopeIdByValue.size;
      index.scopeIdByValue.set(keys.scope.value, scopeId);
    }
    index.scopeIds[position] = scopeId;

    const positions = index.byPrincipal.get(keys.principalKey);
    if (positions) {
      positions.push(position);
    } else {
      index.byPrincipal.set(keys.principalKey, [position]);
    }
    if (keys.groupTyped) {
      index.groupTyped.push(position);
    }
  });
  principalIndexCache.set(assignments, index);
  return index;
}

/** The caller's ids, lower case, as `reachOf` compares them. */
export interface CallerKeys {
  principalKey?: string;
  /** Undefined when the caller's group membership was not read. */
  groupKeys?: string[];
}

export function callerKeysOf(facts: AccessFacts): CallerKeys {
  return {
    principalKey: facts.caller.principalId?.toLowerCase(),
    groupKeys: facts.caller.groupIds?.map((groupId) => groupId.toLowerCase()),
  };
}

/** Decides the reach like `reachOf`, from normalised keys. */
function reachFromKeys(keys: AssignmentKeys, caller: CallerKeys): Reach | undefined {
  if (caller.principalKey !== undefined && keys.principalKey === caller.principalKey) {
    return 'direct';
  }
  if (caller.groupKeys) {
    return caller.groupKeys.includes(keys.principalKey) ? 'group' : undefined;
  }
  return keys.groupTyped ? 'group-unknown' : undefined;
}

/** Returns the positions of the assignments that may reach the caller, ascending and without repeats. */
function candidatePositions(index: PrincipalIndex, caller: CallerKeys): ArrayLike<number> {
  const lists: number[][] = [];
  const direct = caller.principalKey === undefined ? undefined : index.byPrincipal.get(caller.principalKey);
  if (direct) {
    lists.push(direct);
  }

  if (caller.groupKeys) {
    for (const groupKey of new Set(caller.groupKeys)) {
      const positions = groupKey === caller.principalKey ? undefined : index.byPrincipal.get(groupKey);
      if (positions) {
        lists.push(positions);
      }
    }
  } else if (index.groupTyped.length > 0) {
    lists.push(index.groupTyped);
  }

  if (lists.length <= 1) {
    return lists[0] ?? [];
  }

  // Only the direct list and the list of group-typed assignments can share positions.
  const merged = new Uint32Array(lists.reduce((total, list) => total + list.length, 0));
  let offset = 0;
  for (const list of lists) {
    merged.set(list, offset);
    offset += list.length;
  }
  merged.sort();
  return merged.filter((position, at) => at === 0 || merged[at - 1] !== position);
}

/**
 * Calls `visit` for each role assignment that reaches the caller, in the order of
 * `facts.roleAssignments`, with the same reach `reachOf` returns.
 */
export function forEachCallerAssignment(facts: AccessFacts, visit: (assignment: RoleAssignmentFacts, reach: Reach, keys: AssignmentKeys) => void): void {
  const assignments = facts.roleAssignments;
  const caller = callerKeysOf(facts);

  if (assignments.length < INDEX_THRESHOLD) {
    for (const assignment of assignments) {
      const keys = assignmentKeys(assignment);
      const reach = reachFromKeys(keys, caller);
      if (reach) {
        visit(assignment, reach, keys);
      }
    }
    return;
  }

  const index = principalIndexOf(assignments);
  const positions = candidatePositions(index, caller);
  for (let at = 0; at < positions.length; at += 1) {
    const position = positions[at] as number;
    const keys = index.keys[position] as AssignmentKeys;
    const reach = reachFromKeys(keys, caller);
    if (reach) {
      visit(assignments[position] as RoleAssignmentFacts, reach, keys);
    }
  }
}

export function denyScopeOf(deny: DenyAssignmentFacts): NormalizedScope {
  let scope = denyScopeCache.get(deny);
  if (!scope) {
    scope = normalizedScopeOf(deny.scope);
    denyScopeCache.set(deny, scope);
  }
  return scope;
}

/** Lists the deny assignments whose permissions cover the data action, in array order. */
export function denyAssignmentsFor(denyAssignments: readonly DenyAssignmentFacts[], dataAction: string): readonly DenyAssignmentFacts[] {
  let index = denyIndexCache.get(denyAssignments);
  if (!index || index.length !== denyAssignments.length) {
    index = { length: denyAssignments.length, byDataAction: new Map() };
    denyIndexCache.set(denyAssignments, index);
  }

  let covering = index.byDataAction.get(dataAction);
  if (!covering) {
    covering = denyAssignments.filter((deny) => deny.permissions.some((block) => blockGrants(block.dataActions, block.notDataActions, dataAction)));
    index.byDataAction.set(dataAction, covering);
  }
  return covering;
}
