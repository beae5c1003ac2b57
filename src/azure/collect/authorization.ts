/** Role assignments, deny assignments and custom role definitions that reach the vault. */
import type { RoleAssignmentFacts, RoleDefinitionFacts, DenyAssignmentFacts } from '../../diagnosis/facts';
import { lookupBuiltInRoleByGuid } from '../../diagnosis/builtinRoles';
import { listAll } from '../clients';
import { isNotFound } from '../errors';
import { parseResourceId, roleGuid, scopeArgument } from '../ids';
import { mapDenyAssignment, mapRoleAssignment, mapRoleDefinition } from '../map/authorization';
import { recordGap, type CollectContext } from './context';

/**
 * Assignments for the principal and every group it is transitively in, at the vault, above it
 * (resource group, subscription, management groups) and below it (single secrets or keys):
 * ARM's `assignedTo()` filter without `atScope()`.
 */
export async function readCallerAssignments(context: CollectContext, principalId: string): Promise<RoleAssignmentFacts[] | undefined> {
  return listAssignments(context, `assignedTo('${principalId}')`, `Listing role assignments of ${principalId} at ${context.request.vaultId}`, 'roleAssignments');
}

/** Assignments of every principal at the vault and above (`atScope()`), for orphaned-assignment and wrong-identity hints. */
export async function readScopeAssignments(context: CollectContext): Promise<RoleAssignmentFacts[] | undefined> {
  return listAssignments(context, 'atScope()', `Listing all role assignments at ${context.request.vaultId}`, 'roleAssignments:allPrincipals');
}

async function listAssignments(context: CollectContext, filter: string, description: string, fact: string): Promise<RoleAssignmentFacts[] | undefined> {
  try {
    const client = await context.clients.authorization(context.vault.subscriptionId);
    const assignments = await listAll(client.roleAssignments.listForScope(scopeArgument(context.request.vaultId), { filter, abortSignal: context.signal }));
    return assignments.map(mapRoleAssignment);
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    recordGap(context, fact, error, description);
    return undefined;
  }
}

/** Deny assignments at, above and below the vault (no filter: a deny assignment on one secret counts too). */
export async function readDenyAssignments(context: CollectContext): Promise<DenyAssignmentFacts[]> {
  try {
    const client = await context.clients.authorization(context.vault.subscriptionId);
    const denies = await listAll(client.denyAssignments.listForScope(scopeArgument(context.request.vaultId), { abortSignal: context.signal }));
    return denies.map(mapDenyAssignment);
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    recordGap(context, 'denyAssignments', error, `Listing deny assignments at ${context.request.vaultId}`);
    return [];
  }
}

/** Role definitions fetched earlier in this session, by lower-case GUID; custom roles change rarely within one. */
export type RoleDefinitionCache = Map<string, RoleDefinitionFacts>;

/**
 * Fetches the definitions of the roles these assignments use that the built-in snapshot does not
 * hold (custom roles, and built-in roles the snapshot lacks), once per GUID per session.
 */
export async function readRoleDefinitions(
  context: CollectContext,
  assignments: RoleAssignmentFacts[],
  cache: RoleDefinitionCache,
  alreadyRequested: Set<string>,
): Promise<RoleDefinitionFacts[]> {
  const wanted = new Map<string, string>();
  for (const assignment of assignments) {
    const guid = roleGuid(assignment.roleDefinitionId);
    const builtIn = lookupBuiltInRoleByGuid(guid);
    if ((builtIn && builtIn.permissions !== null) || cache.has(guid) || alreadyRequested.has(guid) || wanted.has(guid)) {
      continue;
    }
    wanted.set(guid, assignment.roleDefinitionId);
  }

  await Promise.all(
    [...wanted].map(async ([guid, roleDefinitionId]) => {
      alreadyRequested.add(guid);
      try {
        const subscriptionId = parseResourceId(roleDefinitionId)?.subscriptionId ?? context.vault.subscriptionId;
        const client = await context.clients.authorization(subscriptionId);
        const definition = mapRoleDefinition(await client.roleDefinitions.getById(scopeArgument(roleDefinitionId), { abortSignal: context.signal }));
        cache.set(guid, definition);
      } catch (error) {
        if (context.signal?.aborted) {
          throw error;
        }
        const description = isNotFound(error) ? `The role definition ${roleDefinitionId} was not found` : `Reading the role definition ${roleDefinitionId}`;
        recordGap(context, `roleDefinitions:${guid}`, error, description);
      }
    }),
  );

  return assignments
    .map((assignment) => cache.get(roleGuid(assignment.roleDefinitionId)))
    .filter((definition): definition is RoleDefinitionFacts => definition !== undefined);
}
