/**
 * Delays that explain a 403 when the static checks pass: a role assignment or condition changed
 * moments ago, or access that comes only through a group whose membership the caller's token does
 * not carry yet.
 *
 * Documented windows (Azure RBAC troubleshooting page): role assignments take up to 10 minutes, and
 * conditions up to 5 minutes. Built-in roles with data actions assigned at a management group
 * "might not be updated for several hours". Managed identities cache group memberships for up to
 * about 24 hours.
 */
import type { AccessFacts } from '../facts';
import type { Finding } from '../finding';
import { describeAssignment, describeCaller, joinWords, unique } from './describe';
import type { AssignmentView, TargetDecision } from './evaluate';
import { isManagementGroupScope } from './scope';

const MINUTE = 60_000;
const ASSIGNMENT_WINDOW = 10 * MINUTE;
// NOTE: the documentation says "several hours" without a figure; 8 hours is an estimate.
const MANAGEMENT_GROUP_WINDOW = 8 * 60 * MINUTE;
const GROUP_CACHE_HOURS = 24;

function time(value: string | undefined): number | undefined {
  const parsed = value ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? undefined : parsed;
}

function changedAt(view: AssignmentView): number | undefined {
  return time(view.assignment.updatedOn) ?? time(view.assignment.createdOn);
}

function windowOf(view: AssignmentView): number {
  return isManagementGroupScope(view.assignment.scope) ? MANAGEMENT_GROUP_WINDOW : ASSIGNMENT_WINDOW;
}

function minutesBefore(now: number, at: number): string {
  const minutes = Math.max(0, Math.round((now - at) / MINUTE));
  return minutes < 120 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`;
}

/** Tests whether every grant of a decision changed inside its propagation window. */
function onlyRecentGrants(decision: TargetDecision, now: number): boolean {
  return decision.granting.every((view) => {
    const at = changedAt(view);
    return at !== undefined && now - at >= -MINUTE && now - at < windowOf(view);
  });
}

/** Warnings for recent changes and group-only access; call only when every target is allowed. */
export function propagationFindings(facts: AccessFacts, decisions: readonly TargetDecision[]): Finding[] {
  const findings: Finding[] = [];
  const now = time(facts.now);
  const caller = describeCaller(facts);

  const recent = now === undefined ? [] : decisions.filter((decision) => decision.granting.length > 0 && onlyRecentGrants(decision, now));
  if (now !== undefined && recent.length > 0) {
    const views = unique(
      recent.flatMap((decision) => decision.granting),
      (view) => view.assignment.id,
    );
    const described = views.map((view) => `${describeAssignment(view)}, changed ${minutesBefore(now, changedAt(view) ?? now)} before ${facts.now}`);
    const atManagementGroup = views.some((view) => isManagementGroupScope(view.assignment.scope));
    findings.push({
      code: 'rbac-recent-change',
      family: 'authorization',
      severity: 'warning',
      title: 'The granting role assignment changed moments ago',
      detail: `Every check passes, but the only assignments that grant access changed recently: ${joinWords(described)}. ${atManagementGroup ? 'Data roles assigned at a management group can take several hours to apply.' : 'Role assignments take up to 10 minutes to apply.'} Retry after the window, and make clients retry 403 responses for a few minutes after a deployment.`,
      evidence: views.map((view) => view.assignment.id),
      fixes: [],
    });
  }

  const groupOnly = decisions.filter((decision) => decision.granting.length > 0 && decision.granting.every((view) => view.reach === 'group'));
  if (groupOnly.length > 0) {
    const views = unique(
      groupOnly.flatMap((decision) => decision.granting),
      (view) => view.assignment.id,
    );
    const groupIds = unique(views.map((view) => view.assignment.principalId.toLowerCase()));
    const changes = (facts.directory.membershipChanges ?? []).filter((change) => groupIds.includes(change.groupId.toLowerCase()));
    const changeText =
      changes.length > 0
        ? ` The caller was added to ${joinWords(changes.map((change) => `${change.groupId} at ${change.at}`))}.`
        : '';
    const managedIdentity = Boolean(facts.caller.identityId) || facts.caller.principalType === 'ServicePrincipal';
    const cacheText = managedIdentity
      ? `Managed identities cache group memberships for up to about ${GROUP_CACHE_HOURS} hours, so a membership added recently may not apply yet.`
      : 'Group memberships travel in the token, so a membership added after the token was issued applies only after signing in again (az login) or a new token.';
    findings.push({
      code: 'rbac-group-cache',
      family: 'authorization',
      severity: 'warning',
      title: `${caller} has access only through group membership`,
      detail: `Access comes only from ${joinWords(views.map(describeAssignment))}. ${cacheText}${changeText} A role assigned to the principal itself avoids the delay.`,
      evidence: views.map((view) => view.assignment.id),
      fixes: [],
    });
  }
  return findings;
}
