/**
 * Renames the resource groups of a scenario's vault and caller identity, for tests that check
 * hostile names survive every path from collection to the rendered fix. Each caller chooses its
 * own suffix within ARM's rule for resource group names (`^[-\w._()]+$`, at most 90 characters,
 * no final period).
 */
import type { Scenario } from '../../src/scenario/types';

export interface Rename {
  from: string;
  to: string;
}

/** Lists the resource groups of the vault and of the caller identity, each with `suffix` appended. */
export function resourceGroupRenames(scenario: Scenario, suffix: string): Rename[] {
  const groups = new Set<string>([scenario.question.vault.split('/')[4]]);

  const identity = scenario.question.caller.identity;
  if (identity) {
    groups.add(identity.split('/')[4]);
  }

  return [...groups].filter(Boolean).map((name) => ({ from: name, to: `${name}${suffix}` }));
}

/**
 * Replaces a name wherever it is a whole path segment or a whole string, so `rg-app` inside
 * `rg-app-2` stays as it is. Path segments match in any letter case, as ARM resource group
 * names do.
 */
function renameInString(text: string, renames: readonly Rename[]): string {
  let result = text;
  for (const { from, to } of renames) {
    if (result === from) {
      return to;
    }
    result = result
      .split('/')
      .map((segment) => (segment.toLowerCase() === from.toLowerCase() ? to : segment))
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
export function withRenamedResourceGroups(scenario: Scenario, suffix: string): { scenario: Scenario; renames: Rename[] } {
  const renames = resourceGroupRenames(scenario, suffix);
  const { workspace, ...rest } = scenario;

  const renamed = renameDeep(rest, renames) as Scenario;
  if (workspace) {
    renamed.workspace = structuredClone(workspace);
  }
  return { scenario: renamed, renames };
}
