/**
 * Classification of one request target that Azure RBAC denies (or may deny), as a finding code. The tests run in the
 * order that names the most direct fix. A deny assignment wins over any grant. Then come a false
 * condition, a stale assignment of a deleted principal, an exclusion by notDataActions, an
 * assignment at the wrong scope, control-plane-only roles and data roles without the action.
 * No assignment at all comes last.
 */
import { OPERATIONS } from '../catalogue';
import type { AccessFacts } from '../facts';
import type { CauseCode } from '../finding';
import { anyActionMatches, blockGrants } from './actionPattern';
import type { AssignmentView, TargetDecision } from './evaluate';
import { intendedDataActions } from './fixes';
import type { OrphanedAssignment } from './orphans';
import { isBelowVault, scopeContains } from './scope';
import { vaultIdOf } from './targets';

const KNOWN_DATA_ACTIONS = [...new Set(OPERATIONS.map((operation) => operation.dataAction))];

export type TargetClassification =
  | { kind: 'allowed' }
  | { kind: 'unknown'; code: CauseCode; severity: 'unknown' | 'warning'; reasons: string[]; missing: string[] }
  | {
      kind: 'denied';
      code: CauseCode;
      /** Custom-role entries under `actions` that were meant as this data action. */
      mistakes: { view: AssignmentView; actions: string[] }[];
      orphans: OrphanedAssignment[];
    };

/** Entries under `actions` in the caller's in-scope roles that name this operation's Key Vault permission. */
function controlPlaneMistakes(decision: TargetDecision): { view: AssignmentView; actions: string[] }[] {
  const dataAction = decision.target.operation.dataAction.toLowerCase();
  const mistakes: { view: AssignmentView; actions: string[] }[] = [];

  for (const view of decision.inScope) {
    const actions = (view.role?.permissions ?? []).flatMap((block) =>
      block.actions.filter(
        (action) =>
          !anyActionMatches(block.notActions, action) &&
          intendedDataActions(action, KNOWN_DATA_ACTIONS).some((intended) => intended.toLowerCase() === dataAction),
      ),
    );
    if (actions.length > 0) {
      mistakes.push({ view, actions });
    }
  }
  return mistakes;
}

/** True when no in-scope role has any Key Vault data action but some has control-plane access to the vault. */
function onlyControlPlane(decision: TargetDecision): boolean {
  const roles = decision.inScope.flatMap((view) => (view.role ? [view.role] : []));
  const anyDataAction = roles.some((role) =>
    role.permissions.some((block) => KNOWN_DATA_ACTIONS.some((dataAction) => blockGrants(block.dataActions, block.notDataActions, dataAction))),
  );
  const controlPlane = roles.some((role) =>
    role.permissions.some((block) => blockGrants(block.actions, block.notActions, 'Microsoft.KeyVault/vaults/read')),
  );
  return !anyDataAction && controlPlane;
}

function relevantOrphans(decision: TargetDecision, orphans: readonly OrphanedAssignment[], facts: AccessFacts): OrphanedAssignment[] {
  const { resource, operation } = decision.target;
  return orphans.filter(
    (orphan) =>
      (scopeContains(orphan.assignment.scope, resource, facts.managementGroupIds) ||
        (isBelowVault(orphan.assignment.scope, vaultIdOf(facts)) && decision.target.unnamedObject)) &&
      (orphan.role?.permissions ?? []).some((block) => blockGrants(block.dataActions, block.notDataActions, operation.dataAction)),
  );
}

function unknownReasons(decision: TargetDecision, facts: AccessFacts): TargetClassification | undefined {
  if (decision.unresolved.length > 0) {
    const gap = facts.gaps.find((candidate) => candidate.fact === 'roleDefinitions');
    const reasons = decision.unresolved.map(
      (view) =>
        `role definition ${view.assignment.roleDefinitionId} of assignment ${view.assignment.id} is neither a built-in role this tool knows nor among the custom roles read${gap ? ` (role definitions could not be read: ${gap.error})` : ''}`,
    );
    return { kind: 'unknown', code: 'rbac-missing-data-action', severity: 'unknown', reasons, missing: ['roleDefinitions'] };
  }
  if (decision.membershipUnknown.length > 0) {
    const reasons = decision.membershipUnknown.map(
      (view) => `group ${view.assignment.principalId} has a role at ${view.assignment.scope}, and the caller's group memberships were not read`,
    );
    return { kind: 'unknown', code: 'rbac-no-assignment', severity: 'unknown', reasons, missing: ['directory'] };
  }
  const undecided = decision.conditional.filter((grant) => grant.condition.value === 'unknown');
  if (undecided.length > 0) {
    const reasons = undecided.map((grant) => `the condition on assignment ${grant.assignment.id} could not be evaluated: ${grant.condition.notes.join('; ')}`);
    return { kind: 'unknown', code: 'rbac-condition', severity: 'warning', reasons, missing: [] };
  }
  return undefined;
}

/** Classifies one decision. `orphans` are the stale assignments found at or around the vault. */
export function classifyTarget(decision: TargetDecision, facts: AccessFacts, orphans: readonly OrphanedAssignment[]): TargetClassification {
  const denied = (code: CauseCode, extra: Partial<{ mistakes: { view: AssignmentView; actions: string[] }[]; orphans: OrphanedAssignment[] }> = {}) =>
    ({ kind: 'denied', code, mistakes: extra.mistakes ?? [], orphans: extra.orphans ?? [] }) as const;

  if (decision.denyState === 'denied') {
    return denied('rbac-deny-assignment');
  }
  if (decision.grantState === 'granted') {
    if (decision.denyState === 'unknown') {
      return { kind: 'unknown', code: 'rbac-deny-assignment', severity: 'unknown', reasons: [decision.denyUnknownReason ?? 'deny assignments are unknown'], missing: ['denyAssignments'] };
    }
    return { kind: 'allowed' };
  }
  if (decision.grantState === 'unknown') {
    return unknownReasons(decision, facts) ?? { kind: 'unknown', code: 'rbac-no-assignment', severity: 'unknown', reasons: [], missing: [] };
  }

  if (decision.conditional.some((grant) => grant.condition.value === false)) {
    return denied('rbac-condition');
  }
  const orphaned = relevantOrphans(decision, orphans, facts);
  if (orphaned.length > 0) {
    return denied('rbac-orphaned-assignment', { orphans: orphaned });
  }
  if (decision.excluded.length > 0) {
    return denied('rbac-not-data-actions');
  }
  if (decision.outOfScope.length > 0) {
    return denied('rbac-scope-mismatch');
  }
  const mistakes = controlPlaneMistakes(decision);
  if (mistakes.length > 0 || onlyControlPlane(decision)) {
    return denied('rbac-control-plane-only', { mistakes });
  }
  if (decision.inScope.length > 0) {
    return denied('rbac-missing-data-action');
  }
  return denied('rbac-no-assignment');
}
