/**
 * Azure RBAC decisions for one request target, re-implemented offline the way Azure documents them.
 * A deny assignment that covers the caller blocks. Otherwise the union of the caller's role
 * assignments whose scope contains the target must grant the data action. `notDataActions` subtract
 * only inside their own permission block, and `actions` never grant a data action. A granting
 * assignment with a condition counts only when the condition is true.
 */
import type { AccessFacts, DenyAssignmentFacts, RoleAssignmentFacts } from '../facts';
import { anyActionMatches } from './actionPattern';
import { evaluateCondition, type ConditionResult } from './conditionEvaluate';
import { indexedCallerViews, indexedTargetViews } from './callerViews';
import { assignmentKeys, denyAssignmentsFor, denyScopeOf, forEachCallerAssignment, managementGroupSet, normalizedScopeContains } from './factsIndex';
import { EVERYONE_PRINCIPAL_ID, reachOf, type Reach } from './membership';
import { roleGrants, type RoleGrant } from './roleGrants';
import { resolveRoleByGuid, type ResolvedRole } from './roles';
import { normalizeScope } from './scope';
import { vaultNameOf, type RequestTarget } from './targets';

export interface AssignmentView {
  assignment: RoleAssignmentFacts;
  reach: Reach;
  /** Undefined when the role definition is neither in the snapshot nor in the facts. */
  role?: ResolvedRole;
}

export interface ConditionalGrant extends AssignmentView {
  condition: ConditionResult;
}

export type GrantState = 'granted' | 'not-granted' | 'unknown';
export type DenyState = 'none' | 'denied' | 'unknown';

export interface TargetDecision {
  target: RequestTarget;
  grantState: GrantState;
  denyState: DenyState;
  /** In scope, granting the data action without a condition or with a true one. */
  granting: AssignmentView[];
  /** In scope, granting the data action only under a condition that is false or unknown here. */
  conditional: ConditionalGrant[];
  /** In scope, naming the data action in `dataActions` but excluding it in `notDataActions` of the same block. */
  excluded: AssignmentView[];
  /** Whose role would grant the data action, but whose scope does not contain the target. */
  outOfScope: AssignmentView[];
  /** Every assignment of the caller (or its groups) whose scope contains the target. */
  inScope: AssignmentView[];
  /** In scope, with a role definition that could not be resolved. */
  unresolved: AssignmentView[];
  /** Group assignments that would grant, while the caller's group membership was not read. */
  membershipUnknown: AssignmentView[];
  /** Deny assignments that cover the caller and the data action at the target. */
  denying: DenyAssignmentFacts[];
  /** Reason the deny state is unknown, when it is. */
  denyUnknownReason?: string;
}

/**
 * Lists the caller's role assignments with their reach and role, skipping those of other
 * principals. The order is that of `facts.roleAssignments`.
 */
export function callerAssignments(facts: AccessFacts): AssignmentView[] {
  const indexed = indexedCallerViews(facts);
  if (indexed) {
    return indexed;
  }

  const views: AssignmentView[] = [];
  forEachCallerAssignment(facts, (assignment, reach, keys) => {
    views.push({ assignment, reach, role: resolveRoleByGuid(keys.roleGuid, facts) });
  });
  return views;
}

function evaluateDeny(facts: AccessFacts, target: RequestTarget): { state: DenyState; denying: DenyAssignmentFacts[]; reason?: string } {
  const gap = facts.gaps.find((candidate) => candidate.fact === 'denyAssignments' || candidate.fact.startsWith('denyAssignments:'));
  if (gap) {
    return { state: 'unknown', denying: [], reason: `deny assignments could not be read: ${gap.error}` };
  }

  const denying: DenyAssignmentFacts[] = [];
  let unknownReason: string | undefined;
  const covering = denyAssignmentsFor(facts.denyAssignments, target.operation.dataAction);
  const resource = covering.length > 0 ? normalizeScope(target.resource) : '';
  const managementGroups = managementGroupSet(facts.managementGroupIds);

  for (const deny of covering) {
    const scope = denyScopeOf(deny);
    const inScope = deny.doNotApplyToChildScopes ? scope.value === resource : normalizedScopeContains(scope, resource, managementGroups);
    if (!inScope) {
      continue;
    }

    const reaches = (principal: { id: string; type?: string }): Reach | undefined =>
      principal.id === EVERYONE_PRINCIPAL_ID ? 'direct' : reachOf(principal.id, principal.type, facts);
    const covered = deny.principals.map(reaches);
    const excluded = deny.excludePrincipals.map(reaches);

    if (excluded.some((reach) => reach === 'direct' || reach === 'group')) {
      continue;
    }
    if (covered.some((reach) => reach === 'direct' || reach === 'group')) {
      if (excluded.includes('group-unknown')) {
        unknownReason = `deny assignment ${deny.id} excludes groups, and the caller's group membership was not read`;
        continue;
      }
      denying.push(deny);
    } else if (covered.includes('group-unknown')) {
      unknownReason = `deny assignment ${deny.id} names groups, and the caller's group membership was not read`;
    }
  }

  if (denying.length > 0) {
    return { state: 'denied', denying };
  }
  return unknownReason ? { state: 'unknown', denying, reason: unknownReason } : { state: 'none', denying };
}

function conditionOf(view: AssignmentView, facts: AccessFacts, target: RequestTarget): ConditionResult | undefined {
  const request = { dataAction: target.operation.dataAction, vaultName: vaultNameOf(facts), secretName: target.objectName };
  const results: ConditionResult[] = [];

  if (view.assignment.condition) {
    results.push(evaluateCondition(view.assignment.condition, view.assignment.conditionVersion, request));
  }
  for (const block of view.role?.permissions ?? []) {
    if (block.condition && anyActionMatches(block.dataActions, target.operation.dataAction)) {
      results.push(evaluateCondition(block.condition, block.conditionVersion, request));
    }
  }
  if (results.length === 0) {
    return undefined;
  }

  const notes = results.flatMap((result) => result.notes);
  if (results.some((result) => result.value === false)) {
    return { value: false, notes };
  }
  return { value: results.some((result) => result.value === 'unknown') ? 'unknown' : true, notes };
}

/** Sorts a view whose scope contains the target into the decision's lists. */
function addInScope(decision: TargetDecision, view: AssignmentView, grant: RoleGrant | undefined, facts: AccessFacts): void {
  if (view.reach === 'group-unknown') {
    if (!view.role || grant?.grants) {
      decision.membershipUnknown.push(view);
    }
    return;
  }

  decision.inScope.push(view);
  if (!view.role || !grant) {
    decision.unresolved.push(view);
    return;
  }
  if (grant.excludedOnly) {
    decision.excluded.push(view);
  }
  if (!grant.grants) {
    return;
  }

  const condition = conditionOf(view, facts, decision.target);
  if (condition === undefined || condition.value === true) {
    decision.granting.push(view);
  } else {
    decision.conditional.push({ ...view, condition });
  }
}

/** Decides one target for the caller. */
export function evaluateTarget(facts: AccessFacts, target: RequestTarget, assignments: readonly AssignmentView[]): TargetDecision {
  const decision: TargetDecision = {
    target,
    grantState: 'not-granted',
    denyState: 'none',
    granting: [],
    conditional: [],
    excluded: [],
    outOfScope: [],
    inScope: [],
    unresolved: [],
    membershipUnknown: [],
    denying: [],
  };
  const dataAction = target.operation.dataAction;
  const indexed = indexedTargetViews(assignments, target.resource, facts.managementGroupIds, dataAction);
  const resource = indexed ? '' : normalizeScope(target.resource);
  const managementGroups = managementGroupSet(facts.managementGroupIds);

  for (let at = 0; at < assignments.length; at += 1) {
    const view = assignments[at] as AssignmentView;
    let inScope: boolean;
    let grant: RoleGrant | undefined;
    if (indexed) {
      inScope = indexed.stamps[indexed.scopeIds[at] as number] === indexed.stamp;
      grant = indexed.grantsBySlot[indexed.roleSlots[at] as number];
    } else {
      inScope = normalizedScopeContains(assignmentKeys(view.assignment).scope, resource, managementGroups);
      grant = view.role ? roleGrants(view.role.permissions, dataAction) : undefined;
    }

    if (!inScope) {
      // Views from the index never have the reach `group-unknown`, so their objects stay unread here.
      if (grant?.grants && (indexed || view.reach !== 'group-unknown')) {
        decision.outOfScope.push(view);
      }
      continue;
    }
    addInScope(decision, view, grant, facts);
  }

  if (decision.granting.length > 0) {
    decision.grantState = 'granted';
  } else if (
    decision.unresolved.length > 0 ||
    decision.membershipUnknown.length > 0 ||
    decision.conditional.some((grant) => grant.condition.value === 'unknown')
  ) {
    decision.grantState = 'unknown';
  }

  const deny = evaluateDeny(facts, target);
  decision.denyState = deny.state;
  decision.denying = deny.denying;
  decision.denyUnknownReason = deny.reason;
  return decision;
}
