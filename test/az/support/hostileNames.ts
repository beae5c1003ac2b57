/**
 * Derives scenarios whose names contain characters that shells treat specially, within what
 * ARM allows for each kind of name:
 * - resource group names may contain parentheses, periods, underscores and non-ASCII letters;
 * - custom role names and descriptions may contain spaces, quotes, `$` and backticks.
 * Vault names (ASCII letters, digits, hyphens), managed identity names (the same plus
 * underscores) and secret names (letters, digits, hyphens) allow none of these, and the
 * collection code rejects such names before it sends a request.
 */
import type { ArmResource, Scenario } from '../../../src/scenario/types';

/** Appended to each renamed resource group; ARM's rule is `^[-\w._()]+$` without a final period. */
export const HOSTILE_GROUP_SUFFIX = '_(prod).Ärger-ü';

/** A custom role name with every character a shell could misread. */
export const HOSTILE_ROLE_NAME = `CMK "Key" Access for O'Brien's $HOME \`id\` (prod) Ärger`;

export interface Rename {
  from: string;
  to: string;
}

/** Finds the resource groups of the vault and of the caller identity. */
export function hostileGroupRenames(scenario: Scenario): Rename[] {
  const groups = new Set<string>();
  groups.add(scenario.question.vault.split('/')[4]);

  const identity = scenario.question.caller.identity;
  if (identity) {
    groups.add(identity.split('/')[4]);
  }

  return [...groups].filter(Boolean).map((name) => ({ from: name, to: `${name}${HOSTILE_GROUP_SUFFIX}` }));
}

/**
 * Replaces a name wherever it is a whole path segment or a whole string, so `rg-app` inside
 * `rg-app-2` stays as it is.
 */
function renameInString(text: string, renames: readonly Rename[]): string {
  let result = text;
  for (const { from, to } of renames) {
    if (result === from) {
      return to;
    }
    result = result
      .split('/')
      .map((segment) => (segment === from ? to : segment))
      .join('/');
  }
  return result;
}

function renameDeep(value: unknown, renames: readonly Rename[]): unknown {
  if (typeof value === 'string') {
    return renameInString(value, renames);
  }
  if (Array.isArray(value)) {
    return value.map((item) => renameDeep(item, renames));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renameDeep(item, renames)]));
  }
  return value;
}

/**
 * Returns a copy of the scenario with the vault's and the identity's resource groups renamed in
 * every ARM id and in the question. Workspace files keep their text, because they name vaults
 * and identities, not resource groups.
 */
export function withHostileResourceGroups(scenario: Scenario): { scenario: Scenario; renames: Rename[] } {
  const renames = hostileGroupRenames(scenario);
  const { workspace, ...rest } = scenario;
  const renamed = renameDeep(rest, renames) as Scenario;
  if (workspace) {
    renamed.workspace = structuredClone(workspace);
  }
  return { scenario: renamed, renames };
}

/** Returns a copy of the scenario whose custom roles carry HOSTILE_ROLE_NAME and a hostile description. */
export function withHostileRoleNames(scenario: Scenario): Scenario {
  const copy = structuredClone(scenario);
  copy.tenant.roleDefinitions = (copy.tenant.roleDefinitions ?? []).map((role: ArmResource) => ({
    ...role,
    properties: {
      ...role.properties,
      roleName: HOSTILE_ROLE_NAME,
      description: `Used by "payments" at $COMPANY; don't edit \`by hand\` (ask #payments-team).`,
    },
  }));
  return copy;
}
