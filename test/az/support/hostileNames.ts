/**
 * Derives a scenario whose resource group, vault, identity and secret names contain characters
 * that shells treat specially: spaces, single and double quotes, `$`, backticks, parentheses and
 * non-ASCII letters. ARM accepts some of them only in some names (parentheses, periods and
 * Unicode letters in resource group names, for example). The sandbox accepts them all, so
 * the derived scenario exercises the quoting of every generated command end to end.
 */
import type { Scenario } from '../../../src/scenario/types';

/** Appended to each renamed name; every character class a shell could misread is in it. */
export const HOSTILE_SUFFIX = ` O'Brien "quoted" $HOME \`id\` (prod) Ärger-ü`;

export interface Rename {
  from: string;
  to: string;
}

function segmentsOf(id: string): string[] {
  return id.split('/');
}

/** Finds the names to rename: the vault, its resource group, the caller identity with its group, and the secrets asked about. */
export function hostileRenames(scenario: Scenario): Rename[] {
  const names = new Set<string>();

  const vaultSegments = segmentsOf(scenario.question.vault);
  names.add(vaultSegments[4]);
  names.add(vaultSegments[8]);

  const identity = scenario.question.caller.identity;
  if (identity) {
    const identitySegments = segmentsOf(identity);
    names.add(identitySegments[4]);
    names.add(identitySegments[8]);
  }

  for (const ref of scenario.question.objects ?? []) {
    if (ref.startsWith('secrets/')) {
      names.add(ref.slice('secrets/'.length));
    }
  }

  return [...names].filter(Boolean).map((name) => ({ from: name, to: `${name}${HOSTILE_SUFFIX}` }));
}

/**
 * Replaces a name wherever it is a whole path segment (`/name/`, `/name` at the end, `name/` at
 * the start) or a whole string, so `rg-app` inside `rg-app-2` stays as it is.
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
 * Returns a copy of the scenario with hostile names in ARM ids, `name` fields and the question.
 * Workspace files are left as they are because a name with quotes would no longer parse as YAML.
 */
export function withHostileNames(scenario: Scenario): { scenario: Scenario; renames: Rename[] } {
  const renames = hostileRenames(scenario);
  const { workspace, ...rest } = scenario;
  const renamed = renameDeep(rest, renames) as Scenario;
  if (workspace) {
    renamed.workspace = structuredClone(workspace);
  }
  return { scenario: renamed, renames };
}
