/**
 * Deny assignments at any scope: list with `atScope()`, `principalId eq` and
 * `denyAssignmentName eq`, and GET by name. Deny assignments are read-only in ARM.
 */
import type { ArmResource } from '../../src/scenario/types';
import { queryValue } from '../http/faults';
import { armListBody } from '../http/paging';
import { ArmError, json } from '../http/respond';
import type { Route } from '../http/route';
import { parseAuthorizationFilter } from '../query/assignmentFilter';
import { normalizeScope, sameId } from '../tenant/armId';
import type { TenantState } from '../tenant/tenantState';

/** The principal id Azure uses in deny assignments that apply to everyone. */
const EVERYONE = '00000000-0000-0000-0000-000000000000';

function principalIdsOf(deny: ArmResource): string[] {
  const principals = deny.properties?.principals;
  if (!Array.isArray(principals)) {
    return [];
  }
  return principals.map((principal) => String((principal as { id?: unknown }).id ?? ''));
}

/**
 * The deny assignments a list at `scope` returns: at the scope, above it (unless the deny
 * assignment has `doNotApplyToChildScopes`) and, without `atScope()`, below it.
 */
export function listDenyAssignments(state: TenantState, scope: string, filterText: string | undefined): ArmResource[] {
  const filter = parseAuthorizationFilter(filterText, ['atScope', 'principalId', 'denyAssignmentName']);

  return [...state.denyAssignments.values()].filter((deny) => {
    const properties = deny.properties ?? {};
    const denyScope = String(properties.scope ?? '');
    const at = sameId(normalizeScope(denyScope), normalizeScope(scope));
    const above = !at && state.isAtOrAbove(denyScope, scope) && properties.doNotApplyToChildScopes !== true;
    const below = !filter.atScope && state.isBelow(denyScope, scope);

    const principals = principalIdsOf(deny);
    const forPrincipal = filter.principalId === undefined || principals.some((id) => sameId(id, filter.principalId as string) || id === EVERYONE);
    const named = filter.denyAssignmentName === undefined || sameId(String(properties.denyAssignmentName ?? ''), filter.denyAssignmentName);
    return (at || above || below) && forPrincipal && named;
  });
}

export const denyAssignmentRoutes: readonly Route[] = [
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^(.*)\/providers\/Microsoft\.Authorization\/denyAssignments$/i,
    handle: (context) => {
      const scope = normalizeScope(context.match[1]);
      const denies = listDenyAssignments(context.state, scope, queryValue(context.request.query, '$filter'));
      return json(200, armListBody(denies, context));
    },
  },
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^(.*)\/providers\/Microsoft\.Authorization\/denyAssignments\/([^/]+)$/i,
    handle: (context) => {
      const id = `${normalizeScope(context.match[1]).replace(/^\/$/, '')}/providers/Microsoft.Authorization/denyAssignments/${context.match[2]}`;
      const deny = [...context.state.denyAssignments.values()].find((candidate) => sameId(candidate.id, id));
      if (!deny) {
        throw new ArmError(404, 'DenyAssignmentNotFound', `The deny assignment '${context.match[2]}' is not found at scope '${normalizeScope(context.match[1])}'.`);
      }
      return json(200, deny);
    },
  },
];
