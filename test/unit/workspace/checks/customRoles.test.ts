import { strict as assert } from 'node:assert';
import { parseWorkspaceFiles } from '../../../../src/workspace/parse';
import { applyFix, check, preferredEdit, single, textAt } from './support';

/** Under actions this grants no key access; the fix adds the data action of the same name. */
const KEYS_READ = 'Microsoft.KeyVault/vaults/keys/read';
const SECRETS_READ = 'Microsoft.KeyVault/vaults/secrets/read';
const WRAP = 'Microsoft.KeyVault/vaults/keys/wrap/action';

/** Returns a role definition as `az role definition create` takes it, indented like JSON.stringify output. */
function azRole(actions: string[], dataActions: string[]): string {
  return `${JSON.stringify({ Name: 'CMK Key Access', IsCustom: true, Actions: actions, NotActions: [], DataActions: dataActions, NotDataActions: [], AssignableScopes: ['/subscriptions/af9dcb89-aa5f-4560-8928-c4e8358eefa3'] }, null, 2)}\n`;
}

/** Returns a Bicep role definition resource with `dataActions` written exactly as given. */
function bicepRole(dataActions: string): string {
  return [
    "resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {",
    "  name: guid(subscription().id, 'secret-reader')",
    '  properties: {',
    "    roleName: 'Orders Secret Reader'",
    "    type: 'CustomRole'",
    '    permissions: [',
    '      {',
    '        actions: [',
    `          '${KEYS_READ}'`,
    '        ]',
    '        notActions: []',
    `        dataActions: ${dataActions}`,
    '        notDataActions: []',
    '      }',
    '    ]',
    '    assignableScopes: [',
    '      subscription().id',
    '    ]',
    '  }',
    '}',
    '',
  ].join('\n');
}

describe('custom role definitions', () => {
  describe('JSON', () => {
    it('records the range of an empty DataActions list', () => {
      const json = azRole([KEYS_READ], []);
      const [role] = parseWorkspaceFiles({ 'role.json': json }).roleDefinitions;
      assert.ok(role.dataActionsListRange, 'no list range');
      assert.equal(textAt(json, role.dataActionsListRange), '[]');
    });

    it('fills an empty DataActions list', () => {
      const json = azRole([KEYS_READ], []);
      const finding = single(check({ 'role.json': json }), 'rbac-control-plane-only', 'blocker');

      const fixed = applyFix(json, preferredEdit(finding, 'role.json'));
      const parsed = JSON.parse(fixed) as { DataActions: string[]; Actions: string[] };
      assert.deepEqual(parsed.DataActions, [KEYS_READ]);
      assert.deepEqual(parsed.Actions, [KEYS_READ]);
      assert.deepEqual(check({ 'role.json': fixed }), []);
    });

    it('appends to a one-line list on its line', () => {
      const json = `{\n  "Name": "Reader",\n  "Actions": ["${KEYS_READ}"],\n  "DataActions": ["${WRAP}"]\n}\n`;
      const finding = single(check({ 'role.json': json }), 'rbac-control-plane-only', 'blocker');

      const fixed = applyFix(json, preferredEdit(finding, 'role.json'));
      assert.match(fixed, new RegExp(`"DataActions": \\["${WRAP}", "${KEYS_READ}"\\]\\n`));
      assert.deepEqual((JSON.parse(fixed) as { DataActions: string[] }).DataActions, [WRAP, KEYS_READ]);
      assert.deepEqual(check({ 'role.json': fixed }), []);
    });
  });

  describe('Bicep', () => {
    it('reads the role name and lists', () => {
      const bicep = bicepRole(`[\n          '${WRAP}'\n        ]`);
      const [role] = parseWorkspaceFiles({ 'role.bicep': bicep }).roleDefinitions;

      assert.equal(role.roleName, 'Orders Secret Reader');
      assert.deepEqual(role.actions.map((action) => action.value), [KEYS_READ]);
      assert.deepEqual(role.dataActions.map((action) => action.value), [WRAP]);
      assert.equal(textAt(bicep, role.actions[0].range), `'${KEYS_READ}'`);
      assert.equal(role.actions[0].quote, "'");
    });

    it('ignores notActions and notDataActions', () => {
      const bicep = bicepRole('[]').replace('notActions: []', `notActions: [ '${SECRETS_READ}' ]`).replace('notDataActions: []', `notDataActions: [ '${WRAP}' ]`);
      const [role] = parseWorkspaceFiles({ 'role.bicep': bicep }).roleDefinitions;
      assert.deepEqual(role.actions.map((action) => action.value), [KEYS_READ]);
      assert.deepEqual(role.dataActions, []);
    });

    it('fills an empty dataActions list', () => {
      const bicep = bicepRole('[]');
      const finding = single(check({ 'role.bicep': bicep }), 'rbac-control-plane-only', 'blocker');
      assert.match(finding.title, /Orders Secret Reader/);
      assert.equal(textAt(bicep, finding.location.range), `'${KEYS_READ}'`);

      const fixed = applyFix(bicep, preferredEdit(finding, 'role.bicep'));
      assert.match(fixed, new RegExp(`dataActions: \\['${KEYS_READ}'\\]\\n`));
      assert.deepEqual(parseWorkspaceFiles({ 'role.bicep': fixed }).roleDefinitions[0].dataActions.map((action) => action.value), [KEYS_READ]);
      assert.deepEqual(check({ 'role.bicep': fixed }), []);
    });

    it('appends a line to a multi-line list without a comma', () => {
      const bicep = bicepRole(`[\n          '${WRAP}'\n        ]`);
      const finding = single(check({ 'role.bicep': bicep }), 'rbac-control-plane-only', 'blocker');

      const fixed = applyFix(bicep, preferredEdit(finding, 'role.bicep'));
      assert.match(fixed, new RegExp(`dataActions: \\[\\n {10}'${WRAP}'\\n {10}'${KEYS_READ}'\\n {8}\\]`));
      assert.deepEqual(check({ 'role.bicep': fixed }), []);
    });

    it('accepts a role that has the data action', () => {
      assert.deepEqual(check({ 'role.bicep': bicepRole(`[ '${KEYS_READ}' ]`) }), []);
    });
  });
});
