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
import { resourceGroupRenames, withRenamedResourceGroups, type Rename } from '../../support/hostileNames';

/** Appended to each renamed resource group; ARM's rule is `^[-\w._()]+$` without a final period. */
export const HOSTILE_GROUP_SUFFIX = '_(prod).Ärger-ü';

/** A custom role name with every character a shell could misread. */
export const HOSTILE_ROLE_NAME = `CMK "Key" Access for O'Brien's $HOME \`id\` (prod) Ärger`;


/** Lists the resource groups of the vault and of the caller identity, each with HOSTILE_GROUP_SUFFIX appended. */
export function hostileGroupRenames(scenario: Scenario): Rename[] {
  return resourceGroupRenames(scenario, HOSTILE_GROUP_SUFFIX);
}

/** Returns a copy of the scenario with the vault's and the identity's resource groups renamed with HOSTILE_GROUP_SUFFIX. */
export function withHostileResourceGroups(scenario: Scenario): { scenario: Scenario; renames: Rename[] } {
  return withRenamedResourceGroups(scenario, HOSTILE_GROUP_SUFFIX);
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
