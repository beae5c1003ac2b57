import assert from 'node:assert/strict';

import { startSandbox, type Sandbox } from '../../../sandbox/index';
import { INHERITANCE, inheritanceScenario, sendJson } from './helpers';

type ArmList = { value: Record<string, unknown>[]; nextLink?: string };

const subscription = `/subscriptions/${INHERITANCE.subscriptionId}`;
const assignments = `${INHERITANCE.vault}/providers/Microsoft.Authorization/roleAssignments`;
const secretsUser = `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${INHERITANCE.roles.secretsUser}`;

function errorCode(response: { body: Record<string, unknown> }): string {
  return (response.body.error as { code: string }).code;
}

describe('sandbox authorization edge cases', function () {
  let sandbox: Sandbox;

  beforeEach(async function () {
    sandbox = await startSandbox({ scenario: inheritanceScenario(), https: false, pageSize: 100 });
  });

  afterEach(async function () {
    await sandbox.stop();
  });

  const put = (name: string, properties: Record<string, unknown>) =>
    sendJson(sandbox, 'PUT', `${assignments}/${name}?api-version=2022-04-01`, { properties });

  it('rejects changing an existing assignment', async function () {
    const name = 'b0000000-0000-4000-8000-000000000001';
    await put(name, { roleDefinitionId: secretsUser, principalId: INHERITANCE.caller, principalType: 'ServicePrincipal' });

    const changed = await put(name, { roleDefinitionId: secretsUser, principalId: INHERITANCE.admin, principalType: 'User' });

    assert.equal(changed.status, 400);
    assert.equal(errorCode(changed), 'RoleAssignmentUpdateNotPermitted');
  });

  it('rejects a mismatched principal type', async function () {
    const response = await put('b0000000-0000-4000-8000-000000000002', { roleDefinitionId: secretsUser, principalId: INHERITANCE.admin, principalType: 'ServicePrincipal' });

    assert.equal(response.status, 400);
    assert.equal(errorCode(response), 'UnmatchedPrincipalType');
  });

  it('rejects ids that are not GUIDs', async function () {
    const badName = await put('not-a-guid', { roleDefinitionId: secretsUser, principalId: INHERITANCE.caller });
    const badPrincipal = await put('b0000000-0000-4000-8000-000000000003', { roleDefinitionId: secretsUser, principalId: 'someone' });

    assert.equal(errorCode(badName), 'InvalidRoleAssignmentId');
    assert.equal(errorCode(badPrincipal), 'InvalidPrincipalId');
  });

  it('fills the principal type from the directory', async function () {
    const response = await put('b0000000-0000-4000-8000-000000000004', { roleDefinitionId: secretsUser, principalId: INHERITANCE.admin });

    assert.equal(response.status, 201);
    assert.equal((response.body.properties as { principalType: string }).principalType, 'User');
  });

  it('rejects assignedTo with a group', async function () {
    const response = await sendJson(sandbox, 'GET', `${assignments}?api-version=2022-04-01&$filter=${encodeURIComponent(`assignedTo('${INHERITANCE.directGroup}')`)}`);
    const unsupported = await sendJson(sandbox, 'GET', `${assignments}?api-version=2022-04-01&$filter=${encodeURIComponent("roleName eq 'x'")}`);

    assert.equal(response.status, 400);
    assert.equal(errorCode(response), 'UnsupportedQuery');
    assert.equal(unsupported.status, 400);
  });

  it('lists assignments at the root scope', async function () {
    const response = await sendJson(sandbox, 'GET', '/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01');

    assert.equal(response.status, 200);
    assert.equal((response.body as unknown as ArmList).value.length, 6);
  });

  it('creates and updates a custom role', async function () {
    const guid = 'c0000000-0000-4000-8000-000000000001';
    const path = `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${guid}?api-version=2022-04-01`;
    const body = (dataActions: string[]) => ({
      properties: {
        roleName: 'Orders secret reader',
        type: 'CustomRole',
        assignableScopes: [subscription],
        permissions: [{ actions: [], notActions: [], dataActions, notDataActions: [] }],
      },
    });

    const created = await sendJson(sandbox, 'PUT', path, body(['Microsoft.KeyVault/vaults/secrets/readMetadata/action']));
    const updated = await sendJson(sandbox, 'PUT', path, body(['Microsoft.KeyVault/vaults/secrets/getSecret/action']));
    const sameName = await sendJson(sandbox, 'PUT', path.replace(guid, 'c0000000-0000-4000-8000-000000000002'), body([]));
    const builtin = await sendJson(sandbox, 'PUT', path.replace(guid, INHERITANCE.roles.reader), body([]));
    const listed = await sendJson(sandbox, 'GET', `${INHERITANCE.vault}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01&$filter=${encodeURIComponent("type eq 'CustomRole'")}`);

    assert.equal(created.status, 201);
    assert.equal(updated.status, 201);
    assert.deepEqual((updated.body.properties as { permissions: { dataActions: string[] }[] }).permissions[0].dataActions, ['Microsoft.KeyVault/vaults/secrets/getSecret/action']);
    assert.equal(errorCode(sameName), 'RoleDefinitionWithSameNameExists');
    assert.equal(errorCode(builtin), 'RoleDefinitionUpdateNotPermitted');
    assert.deepEqual((listed.body as unknown as ArmList).value.map((role) => role.name), [guid]);
  });

  it('honours doNotApplyToChildScopes on deny assignments', async function () {
    const deny = (name: string, doNotApplyToChildScopes: boolean) => ({
      id: `${subscription}/providers/Microsoft.Authorization/denyAssignments/${name}`,
      name,
      type: 'Microsoft.Authorization/denyAssignments',
      properties: { denyAssignmentName: name, scope: subscription, doNotApplyToChildScopes, principals: [{ id: INHERITANCE.caller, type: 'ServicePrincipal' }] },
    });
    sandbox.state.denyAssignments.set('inherited', deny('inherited', false));
    sandbox.state.denyAssignments.set('local', deny('local', true));

    const atVault = await sendJson(sandbox, 'GET', `${INHERITANCE.vault}/providers/Microsoft.Authorization/denyAssignments?api-version=2022-04-01`);
    const atSubscription = await sendJson(sandbox, 'GET', `${subscription}/providers/Microsoft.Authorization/denyAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`principalId eq '${INHERITANCE.caller}'`)}`);
    const byName = await sendJson(sandbox, 'GET', `${subscription}/providers/Microsoft.Authorization/denyAssignments/local?api-version=2022-04-01`);

    assert.deepEqual((atVault.body as unknown as ArmList).value.map((item) => item.name), ['inherited']);
    assert.deepEqual((atSubscription.body as unknown as ArmList).value.map((item) => item.name).sort(), ['inherited', 'local']);
    assert.equal(byName.status, 200);
  });
});
