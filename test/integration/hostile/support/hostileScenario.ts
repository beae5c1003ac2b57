/**
 * Derives a scenario whose attacker-choosable names carry markup, script, template syntax,
 * bidirectional-text controls, shell metacharacters and very long text, within what each name
 * allows:
 * - resource group names: letters (any script), digits, `.`, `_`, `-`, `(` and `)`, at most 90
 *   characters, no final period;
 * - custom role names and descriptions, tag names and values, and directory display names: any
 *   text.
 * Vault, identity and secret names allow only ASCII letters, digits and hyphens (identities also
 * underscores). They keep their names, because the request validation rejects anything else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArmResource, Scenario } from '../../../../src/scenario/types';
import { withRenamedResourceGroups, type Rename } from '../../../support/hostileNames';

const repoRoot = path.resolve(__dirname, '../../../..');
export const CASES_DIR = path.resolve(repoRoot, '../shared/scenarios/cases');

/** The case the hostile scenario derives from: blocked by rbac-missing-data-action (Key Vault Reader cannot get). */
export const BASE_CASE = 'eso-find-with-key-vault-reader-cannot-get';

export function loadCase(name: string): Scenario {
  return JSON.parse(fs.readFileSync(path.join(CASES_DIR, `${name}.json`), 'utf8')) as Scenario;
}

export function caseNames(): string[] {
  return fs
    .readdirSync(CASES_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** A global that any of the injected scripts would set; it must stay undefined wherever the report is shown. */
export const PWNED_GLOBAL = '__kvdPwned';

/** Fragments that a renderer, a template engine, a terminal or a shell could act on. */
export const HOSTILE_FRAGMENTS = {
  script: `<script>window.${PWNED_GLOBAL}=1</script>`,
  image: `<img src=x onerror="window.${PWNED_GLOBAL}=2">`,
  link: `[open](javascript:window.${PWNED_GLOBAL}=3) <a href="javascript:window.${PWNED_GLOBAL}=3">x</a>`,
  mustache: `{{constructor.constructor('window.${PWNED_GLOBAL}=4')()}}`,
  templateLiteral: `\${window.${PWNED_GLOBAL}=5}`,
  bidi: '\u202Eexe.txt\u202C \u2066isolated\u2069 zero\u200Bwidth',
  shell: "$(touch kvd-pwned) `touch kvd-pwned` ; rm -rf ~ && echo 'x' | cat > /dev/null & %PATH% ^& !!",
  quotes: `'"\\ \u2019 \u201C`,
  terminal: '\u001b[2J\u001b]0;pwned\u0007',
  markdown: '# heading\n- item\n| a | b |\n***bold*** ~~gone~~ @user ![img](https://example.invalid/x.png)',
} as const;

/** A role name that contains every fragment. */
export const HOSTILE_ROLE_NAME = `Reader ${HOSTILE_FRAGMENTS.script} ${HOSTILE_FRAGMENTS.mustache} ${HOSTILE_FRAGMENTS.templateLiteral} ${HOSTILE_FRAGMENTS.bidi} ${HOSTILE_FRAGMENTS.shell} ${HOSTILE_FRAGMENTS.quotes} ${HOSTILE_FRAGMENTS.terminal}`;

/** A long description: every fragment, then about 4,000 more characters. */
export const HOSTILE_DESCRIPTION = `${Object.values(HOSTILE_FRAGMENTS).join(' ')} ${'long '.repeat(800)}end`;

/** A directory display name (Microsoft Graph allows any text up to 256 characters). */
export const HOSTILE_DISPLAY_NAME = `${HOSTILE_FRAGMENTS.image} ${HOSTILE_FRAGMENTS.bidi}`.slice(0, 256);

/**
 * Appended to each renamed resource group. Together with the base name it stays within ARM's
 * rule `^[-\w._()]+$` (where \w includes letters of every script) and 90 characters.
 */
export const HOSTILE_GROUP_SUFFIX = '.(prod)_Ärger-東京-ñ_(x)';

/** The GUID of the custom role that replaces Key Vault Reader in the hostile scenario. */
export const HOSTILE_ROLE_GUID = 'c0ffee00-7e57-4bad-9a11-00000000d00d';

const KEY_VAULT_READER = '21090545-7ca7-4776-b22c-e363652d74d2';


export interface HostileScenario {
  scenario: Scenario;
  renames: Rename[];
  /** Every hostile text placed in the scenario, for assertions that look for it in output. */
  texts: string[];
}

/**
 * Returns a copy of `base` with hostile names: the vault's and the identity's resource groups
 * renamed in every ARM id, every Key Vault Reader assignment switched to a custom role with the
 * same permissions and a hostile name and description, hostile tags on every resource, and
 * hostile display names for every directory principal. Workspace files keep their text, because
 * they name vaults and identities, not resource groups.
 */
export function hostileScenario(base: Scenario): HostileScenario {
  const { scenario, renames } = withRenamedResourceGroups(base, HOSTILE_GROUP_SUFFIX);

  const hostileTags = { [`owner ${HOSTILE_FRAGMENTS.script}`]: HOSTILE_FRAGMENTS.image, 'cost-center': HOSTILE_FRAGMENTS.shell };
  scenario.tenant.resources = scenario.tenant.resources.map((resource: ArmResource) => ({ ...resource, tags: { ...(resource.tags ?? {}), ...hostileTags } }));
  scenario.directory.principals = scenario.directory.principals.map((principal) => ({ ...principal, displayName: HOSTILE_DISPLAY_NAME }));

  replaceReaderWithCustomRole(scenario);
  return { scenario, renames, texts: [HOSTILE_ROLE_NAME, HOSTILE_DESCRIPTION, HOSTILE_DISPLAY_NAME, ...renames.map((rename) => rename.to)] };
}

/**
 * Gives existing custom roles the hostile name and description, adds the hostile custom role
 * (Key Vault Reader's permissions) and points Key Vault Reader assignments at it.
 */
function replaceReaderWithCustomRole(scenario: Scenario): void {
  const subscriptionId = scenario.question.vault.split('/')[2];
  for (const role of scenario.tenant.roleDefinitions ?? []) {
    role.properties = { ...role.properties, roleName: HOSTILE_ROLE_NAME, description: HOSTILE_DESCRIPTION };
  }

  const roleId = `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${HOSTILE_ROLE_GUID}`;

  scenario.tenant.roleDefinitions = [
    ...(scenario.tenant.roleDefinitions ?? []),
    {
      id: roleId,
      name: HOSTILE_ROLE_GUID,
      type: 'Microsoft.Authorization/roleDefinitions',
      properties: {
        roleName: HOSTILE_ROLE_NAME,
        type: 'CustomRole',
        description: HOSTILE_DESCRIPTION,
        assignableScopes: [`/subscriptions/${subscriptionId}`],
        permissions: [
          {
            actions: ['Microsoft.KeyVault/vaults/*/read'],
            notActions: [],
            dataActions: ['Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
            notDataActions: [],
          },
        ],
        createdOn: '2026-02-07T09:04:19.4951203Z',
        updatedOn: '2026-02-07T09:04:19.4951203Z',
      },
    },
  ];

  for (const assignment of scenario.tenant.roleAssignments ?? []) {
    const properties = assignment.properties as { roleDefinitionId?: string } | undefined;
    if (properties?.roleDefinitionId?.toLowerCase().endsWith(`/${KEY_VAULT_READER}`)) {
      properties.roleDefinitionId = roleId;
    }
  }
}
