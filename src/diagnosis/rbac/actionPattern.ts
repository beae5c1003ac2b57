/**
 * Matching of Azure RBAC action patterns against an operation, as Azure does it: `*` matches any
 * run of characters, `/` included, so the pattern `Microsoft.KeyVault/vaults/<*>/read` matches
 * `.../vaults/keys/read` (written `<*>` here only because a star and a slash end a comment).
 * The comparison ignores case: built-in roles mix `.../Delete` with `.../delete`.
 * Microsoft's own access policy to RBAC comparison tool matches the same way.
 */

const cache = new Map<string, RegExp>();

function patternToRegExp(pattern: string): RegExp {
  let regExp = cache.get(pattern);
  if (!regExp) {
    const body = pattern
      .trim()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regExp = new RegExp(`^${body}$`, 'i');
    cache.set(pattern, regExp);
  }
  return regExp;
}

/** Tests whether one action pattern from a role or deny assignment matches an action. */
export function actionMatches(pattern: string, action: string): boolean {
  return patternToRegExp(pattern).test(action.trim());
}

/** Tests whether any pattern in the list matches the action. */
export function anyActionMatches(patterns: readonly string[], action: string): boolean {
  return patterns.some((pattern) => actionMatches(pattern, action));
}

/**
 * Tests whether a permission block grants an action: some pattern in `included` matches and none
 * in `excluded` does. `excluded` only subtracts inside this block, never from another role.
 */
export function blockGrants(included: readonly string[], excluded: readonly string[], action: string): boolean {
  return anyActionMatches(included, action) && !anyActionMatches(excluded, action);
}
