/**
 * Plain-words descriptions of principals, roles and assignments for finding titles and details.
 */
import type { AccessFacts } from '../facts';
import type { AssignmentView } from './evaluate';
import { roleGuidOf } from './roles';

/** Describes the caller for findings: display name and principal id, or the id alone. */
export function describeCaller(facts: AccessFacts): string {
  const { displayName, principalId } = facts.caller;
  if (!principalId) {
    return displayName ?? 'the caller';
  }
  return displayName ? `${displayName} (principal id ${principalId})` : `principal ${principalId}`;
}

/** Describes an assignment as `Key Vault Reader (21090545-...) at <scope>`, with the group it comes through. */
export function describeAssignment(view: AssignmentView): string {
  const role = view.role ? `${view.role.roleName} (${view.role.guid})` : `role ${roleGuidOf(view.assignment.roleDefinitionId)}`;
  const through = view.reach === 'direct' ? '' : ` through group ${view.assignment.principalId}`;
  return `${role} at ${view.assignment.scope}${through}`;
}

/** Joins items as `a`, `a and b`, or `a, b and c`. */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) {
    return items[0] ?? '';
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Removes repeated items, keeping the first of each. */
export function unique<T>(items: readonly T[], key: (item: T) => string = String): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const itemKey = key(item);
    if (seen.has(itemKey)) {
      return false;
    }
    seen.add(itemKey);
    return true;
  });
}
