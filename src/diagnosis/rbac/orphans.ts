/**
 * Role assignments left behind by a deleted principal. When a managed identity is deleted and
 * recreated under the same name it gets a new principal id, and its old assignments keep naming
 * the old one ("Identity not found" in the portal).
 */
import type { AccessFacts, RoleAssignmentFacts } from '../facts';
import { resolveRole, type ResolvedRole } from './roles';
import { isBelowVault, scopeContains } from './scope';
import { vaultIdOf } from './targets';

export interface OrphanedAssignment {
  assignment: RoleAssignmentFacts;
  role?: ResolvedRole;
  /** Reason the principal is taken to be gone, in plain words. */
  reason: string;
}

function lower(value: string | undefined): string | undefined {
  return value?.toLowerCase();
}

function time(value: string | undefined): number | undefined {
  const parsed = value ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * Lists assignments at, above or below the vault whose principal no longer exists. Either the
 * directory reports the principal missing (`missingObjectIds`), or the caller is a managed identity
 * created after the assignment and the assignment's service principal is unknown to the directory
 * and to the identities read.
 */
export function orphanedAssignments(facts: AccessFacts): OrphanedAssignment[] {
  const vaultId = vaultIdOf(facts);
  const missing = new Set(facts.directory.missingObjectIds.map((id) => id.toLowerCase()));
  const known = new Set([
    ...facts.directory.principals.map((principal) => principal.objectId.toLowerCase()),
    ...facts.identities.map((identity) => identity.principalId.toLowerCase()),
    ...(facts.caller.groupIds ?? []).map((id) => id.toLowerCase()),
  ]);
  const callerCreated = facts.caller.identityId ? time(facts.caller.createdAt) : undefined;
  const directoryRead = !facts.gaps.some((gap) => gap.fact === 'directory' || gap.fact.startsWith('directory:'));
  const orphans: OrphanedAssignment[] = [];

  for (const assignment of facts.roleAssignments) {
    const principalId = assignment.principalId.toLowerCase();
    const reachesVault = scopeContains(assignment.scope, vaultId, facts.managementGroupIds) || isBelowVault(assignment.scope, vaultId);
    if (!reachesVault || principalId === lower(facts.caller.principalId)) {
      continue;
    }

    const role = resolveRole(assignment.roleDefinitionId, facts);
    if (missing.has(principalId)) {
      orphans.push({ assignment, role, reason: `the directory has no object with id ${assignment.principalId}` });
      continue;
    }

    const created = time(assignment.createdOn);
    const servicePrincipal = (assignment.principalType ?? 'ServicePrincipal').toLowerCase() === 'serviceprincipal';
    if (directoryRead && servicePrincipal && !known.has(principalId) && callerCreated !== undefined && created !== undefined && callerCreated > created) {
      orphans.push({
        assignment,
        role,
        reason: `the identity was created at ${facts.caller.createdAt}, after this assignment (${assignment.createdOn}), and ${assignment.principalId} is not a known principal`,
      });
    }
  }
  return orphans;
}
