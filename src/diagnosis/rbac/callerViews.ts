/**
 * The caller's assignment views from the principal index of `factsIndex.ts`, and per-target
 * scope and role tests that read contiguous arrays, so that deciding a target over a caller with
 * a hundred assignments does not follow a hundred object graphs.
 *
 * Views are built once per principal and shared by every caller they reach in the same way.
 * They are read-only: nothing in the evaluator writes to an `AssignmentView`.
 */
import type { AccessFacts, RoleAssignmentFacts, RoleDefinitionFacts } from '../facts';
import type { AssignmentView } from './evaluate';
import { callerKeysOf, isIndexable, managementGroupSet, principalIndexOf, type AssignmentKeys, type PrincipalIndex } from './factsIndex';
import { roleGrants, type RoleGrant } from './roleGrants';
import { resolveRoleByGuid, type ResolvedRole } from './roles';
import { MANAGEMENT_GROUP_PREFIX, normalizeScope } from './scope';

/**
 * Views in position order, with the scope id and role slot of each in arrays of their own, so
 * deciding a target reads them in sequence.
 */
interface ViewList {
  views: AssignmentView[];
  scopeIds: number[];
  /** Indexes into `ViewTables.roles`. */
  roleSlots: number[];
}

/** The assignments of one principal, as views for one kind of reach. */
interface ViewBucket extends ViewList {
  /** Positions in the assignment array, ascending. */
  positions: number[];
}

/** The state the buckets of one assignment array share, for one array of role definitions. */
interface ViewTables {
  index: PrincipalIndex;
  roleSource: readonly RoleDefinitionFacts[];
  roleSourceLength: number;
  /** The distinct roles of the views built so far; a slot is a position here. */
  roles: (ResolvedRole | undefined)[];
  roleSlotByGuid: Map<string, number>;
  /** The grant of each role slot, by data action. A role that was not resolved has undefined. */
  grantsByAction: Map<string, (RoleGrant | undefined)[]>;
  directBuckets: Map<string, ViewBucket>;
  groupBuckets: Map<string, ViewBucket>;
  /** `stamps[scopeId] === stamp` marks the scopes that contain the target being decided. */
  stamps: Uint32Array;
  stamp: number;
  /** The scope ids that contain a resource, by resource as the target names it, for `containingFor`. */
  containing: Map<string, number[]>;
  containingFor?: readonly string[];
}

/** Bounds the `containing` cache; a diagnosis decides a handful of resources. */
const MAX_CONTAINING = 10_000;

/** Views in array order, as `indexedCallerViews` returned them, with their scope ids and role slots. */
interface PreparedViews extends ViewList {
  tables: ViewTables;
}

/**
 * The views of one target decision: view `at` is in scope when `stamps[scopeIds[at]] === stamp`,
 * and its role grants `grantsBySlot[roleSlots[at]]` (undefined for a role not resolved).
 */
export interface TargetViews {
  scopeIds: readonly number[];
  roleSlots: readonly number[];
  stamps: Uint32Array;
  stamp: number;
  grantsBySlot: readonly (RoleGrant | undefined)[];
}

const tablesCache = new WeakMap<PrincipalIndex, ViewTables>();

/**
 * The most recent arrays `indexedCallerViews` returned. A weak map keyed by each new array would
 * keep every entry until a full garbage collection (hundreds of megabytes at 50,000 evaluations
 * a second), so a few recent arrays are held strongly instead. The diagnosis decides all targets
 * right after listing the caller's views, which this covers; an older array takes the slower path.
 */
const recentViews: PreparedViews[] = [];
const RECENT_VIEWS = 4;

function rememberViews(prepared: PreparedViews): void {
  if (recentViews.length >= RECENT_VIEWS) {
    recentViews.pop();
  }
  recentViews.unshift(prepared);
}

function tablesOf(index: PrincipalIndex, definitions: readonly RoleDefinitionFacts[]): ViewTables {
  let tables = tablesCache.get(index);
  if (!tables || tables.roleSource !== definitions || tables.roleSourceLength !== definitions.length) {
    tables = {
      index,
      roleSource: definitions,
      roleSourceLength: definitions.length,
      roles: [],
      roleSlotByGuid: new Map(),
      grantsByAction: new Map(),
      directBuckets: new Map(),
      groupBuckets: new Map(),
      stamps: new Uint32Array(index.scopeIdByValue.size),
      stamp: 0,
      containing: new Map(),
    };
    tablesCache.set(index, tables);
  }
  return tables;
}

function roleSlotOf(tables: ViewTables, guid: string, facts: AccessFacts): number {
  let slot = tables.roleSlotByGuid.get(guid);
  if (slot === undefined) {
    slot = tables.roles.length;
    tables.roles.push(resolveRoleByGuid(guid, facts));
    tables.roleSlotByGuid.set(guid, slot);
  }
  return slot;
}

function viewBucket(tables: ViewTables, assignments: readonly RoleAssignmentFacts[], facts: AccessFacts, principalKey: string, reach: 'direct' | 'group'): ViewBucket | undefined {
  const buckets = reach === 'direct' ? tables.directBuckets : tables.groupBuckets;
  let bucket = buckets.get(principalKey);
  if (bucket) {
    return bucket;
  }

  const positions = tables.index.byPrincipal.get(principalKey);
  if (!positions) {
    return undefined;
  }
  bucket = { positions, views: [], scopeIds: [], roleSlots: [] };
  for (const position of positions) {
    const keys = tables.index.keys[position] as AssignmentKeys;
    const slot = roleSlotOf(tables, keys.roleGuid, facts);
    bucket.views.push({ assignment: assignments[position] as RoleAssignmentFacts, reach, role: tables.roles[slot] });
    bucket.scopeIds.push(tables.index.scopeIds[position] as number);
    bucket.roleSlots.push(slot);
  }
  buckets.set(principalKey, bucket);
  return bucket;
}

/**
 * Merges two buckets with disjoint positions into one list in position order. The positions are
 * kept only when `keepPositions` is set, for a further merge.
 */
function mergeTwo(first: ViewBucket, second: ViewBucket, keepPositions: boolean): ViewBucket {
  const firstPositions = first.positions;
  const secondPositions = second.positions;
  const total = firstPositions.length + secondPositions.length;
  const merged: ViewBucket = { positions: keepPositions ? new Array(total) : [], views: new Array(total), scopeIds: new Array(total), roleSlots: new Array(total) };

  let a = 0;
  let b = 0;
  for (let at = 0; at < total; at += 1) {
    const fromFirst = b >= secondPositions.length || (a < firstPositions.length && (firstPositions[a] as number) < (secondPositions[b] as number));
    const source = fromFirst ? first : second;
    const from = fromFirst ? a : b;
    if (keepPositions) {
      merged.positions[at] = source.positions[from] as number;
    }
    merged.views[at] = source.views[from] as AssignmentView;
    merged.scopeIds[at] = source.scopeIds[from] as number;
    merged.roleSlots[at] = source.roleSlots[from] as number;
    if (fromFirst) {
      a += 1;
    } else {
      b += 1;
    }
  }
  return merged;
}

/** Merges buckets with disjoint positions into one list in position order. */
function mergeBuckets(tables: ViewTables, buckets: readonly ViewBucket[]): PreparedViews {
  if (buckets.length === 1) {
    // The bucket's arrays are shared; the views array goes to the caller, so it is copied.
    const only = buckets[0] as ViewBucket;
    return { tables, views: only.views.slice(), scopeIds: only.scopeIds, roleSlots: only.roleSlots };
  }

  let merged = buckets[0] as ViewBucket;
  for (let at = 1; at < buckets.length; at += 1) {
    merged = mergeTwo(merged, buckets[at] as ViewBucket, at < buckets.length - 1);
  }
  return { tables, views: merged.views, scopeIds: merged.scopeIds, roleSlots: merged.roleSlots };
}

/**
 * Lists the views of the role assignments that reach the caller, in the order of
 * `facts.roleAssignments`, each with the role `resolveRole` returns and the reach `reachOf`
 * returns. Returns undefined when the assignment array is too small to index or the caller's
 * group membership was not read. The caller then builds the views with `forEachCallerAssignment`.
 */
export function indexedCallerViews(facts: AccessFacts): AssignmentView[] | undefined {
  const assignments = facts.roleAssignments;
  const caller = callerKeysOf(facts);
  if (!caller.groupKeys || !isIndexable(assignments)) {
    return undefined;
  }

  const tables = tablesOf(principalIndexOf(assignments), facts.roleDefinitions);
  const buckets: ViewBucket[] = [];
  const direct = caller.principalKey === undefined ? undefined : viewBucket(tables, assignments, facts, caller.principalKey, 'direct');
  if (direct) {
    buckets.push(direct);
  }
  for (const groupKey of new Set(caller.groupKeys)) {
    const bucket = groupKey === caller.principalKey ? undefined : viewBucket(tables, assignments, facts, groupKey, 'group');
    if (bucket) {
      buckets.push(bucket);
    }
  }
  if (buckets.length === 0) {
    return [];
  }

  const merged = mergeBuckets(tables, buckets);
  rememberViews(merged);
  return merged.views;
}

/**
 * Lists the scope ids that contain the resource, with the rules of `scopeContains`: the root,
 * management groups in `managementGroupIds`, and any other scope that is the resource or an
 * ancestor of it at a `/` boundary, compared normalised.
 */
function containingScopeIds(tables: ViewTables, targetResource: string, managementGroupIds: readonly string[]): number[] {
  if (tables.containingFor !== managementGroupIds || tables.containing.size >= MAX_CONTAINING) {
    tables.containing.clear();
    tables.containingFor = managementGroupIds;
  }
  const cached = tables.containing.get(targetResource);
  if (cached) {
    return cached;
  }

  const resource = normalizeScope(targetResource);
  const candidates = ['/', ...managementGroupSet(managementGroupIds)].filter((scope) => scope === '/' || scope.startsWith(MANAGEMENT_GROUP_PREFIX));
  candidates.push(resource);
  for (let at = resource.indexOf('/'); at >= 0; at = resource.indexOf('/', at + 1)) {
    const ancestor = resource.slice(0, at);
    if (!ancestor.startsWith(MANAGEMENT_GROUP_PREFIX)) {
      candidates.push(ancestor);
    }
  }
  if (resource.startsWith(MANAGEMENT_GROUP_PREFIX)) {
    candidates.splice(candidates.indexOf(resource), 1);
  }

  const ids: number[] = [];
  for (const scope of candidates) {
    const id = tables.index.scopeIdByValue.get(scope);
    if (id !== undefined) {
      ids.push(id);
    }
  }
  tables.containing.set(targetResource, ids);
  return ids;
}

function grantsBySlot(tables: ViewTables, dataAction: string): (RoleGrant | undefined)[] {
  let grants = tables.grantsByAction.get(dataAction);
  if (!grants) {
    grants = [];
    tables.grantsByAction.set(dataAction, grants);
  }
  for (let slot = grants.length; slot < tables.roles.length; slot += 1) {
    const role = tables.roles[slot];
    grants.push(role ? roleGrants(role.permissions, dataAction) : undefined);
  }
  return grants;
}

/**
 * Prepares the decision of one target over views that `indexedCallerViews` returned: marks the
 * scopes that contain the resource and looks up what each role grants for the data action.
 * Returns undefined for any other array of views.
 */
export function indexedTargetViews(views: readonly AssignmentView[], resource: string, managementGroupIds: readonly string[], dataAction: string): TargetViews | undefined {
  const prepared = recentViews.find((candidate) => candidate.views === views);
  if (!prepared || prepared.scopeIds.length !== views.length) {
    return undefined;
  }

  const tables = prepared.tables;
  tables.stamp = tables.stamp === 0xffffffff ? 1 : tables.stamp + 1;
  if (tables.stamp === 1) {
    tables.stamps.fill(0);
  }
  for (const id of containingScopeIds(tables, resource, managementGroupIds)) {
    tables.stamps[id] = tables.stamp;
  }

  return {
    scopeIds: prepared.scopeIds,
    roleSlots: prepared.roleSlots,
    stamps: tables.stamps,
    stamp: tables.stamp,
    grantsBySlot: grantsBySlot(tables, dataAction),
  };
}
