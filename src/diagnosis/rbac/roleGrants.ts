/**
 * Whether a role's permission blocks grant a data action. `notDataActions` subtract only inside
 * their own block, and `actions` never grant a data action.
 */
import type { RolePermission } from '../facts';
import { anyActionMatches, blockGrants } from './actionPattern';

export interface RoleGrant {
  grants: boolean;
  /** True when a block names the data action but every such block excludes it with notDataActions. */
  excludedOnly: boolean;
}

// Permission lists come from the shipped snapshot or the facts' definitions and are shared by
// every evaluation, so each result is computed once per list and data action.
const cache = new WeakMap<readonly RolePermission[], Map<string, RoleGrant>>();

/** Tests whether a role grants the data action. The returned object is shared and must not be modified. */
export function roleGrants(permissions: readonly RolePermission[], dataAction: string): RoleGrant {
  let byAction = cache.get(permissions);
  if (!byAction) {
    byAction = new Map();
    cache.set(permissions, byAction);
  }

  let grant = byAction.get(dataAction);
  if (!grant) {
    grant = computeRoleGrant(permissions, dataAction);
    byAction.set(dataAction, grant);
  }
  return grant;
}

function computeRoleGrant(permissions: readonly RolePermission[], dataAction: string): RoleGrant {
  let grants = false;
  let named = false;
  for (const block of permissions) {
    if (anyActionMatches(block.dataActions, dataAction)) {
      named = true;
      if (blockGrants(block.dataActions, block.notDataActions, dataAction)) {
        grants = true;
      }
    }
  }
  return { grants, excludedOnly: named && !grants };
}
