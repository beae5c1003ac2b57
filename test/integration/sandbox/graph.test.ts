import assert from 'node:assert/strict';

import { startSandbox, type Sandbox } from '../../../sandbox/index';
import { INHERITANCE, inheritanceScenario, loadCase, sendJson } from './helpers';

type GraphList = { value: Record<string, unknown>[]; '@odata.nextLink'?: string };

describe('sandbox Microsoft Graph', function () {
  let sandbox: Sandbox;

  before(async function () {
    const scenario = inheritanceScenario();
    scenario.directory.auditLogs = loadCase('group-role-granted-minutes-ago-in-same-terraform-run.json').directory.auditLogs;
    sandbox = await startSandbox({ scenario, https: false, pageSize: 50 });
  });

  after(async function () {
    await sandbox.stop();
  });

  const list = async (path: string) => (await sendJson(sandbox, 'GET', `/graph/v1.0/${path}`)).body as unknown as GraphList;
  const callerAppId = '639238ce-6f81-48cd-a6bd-142e9fd6eb53';

  it('finds a service principal by app id', async function () {
    const byAppId = await list(`servicePrincipals?$filter=${encodeURIComponent(`appId eq '${callerAppId}'`)}`);
    const byName = await list(`servicePrincipals?$filter=${encodeURIComponent(`servicePrincipalNames/any(c:c eq '${callerAppId}')`)}`);

    assert.deepEqual(byAppId.value.map((item) => item.id), [INHERITANCE.caller]);
    assert.deepEqual(byName.value.map((item) => item.id), [INHERITANCE.caller]);
    assert.equal(byAppId.value[0]['@odata.type'], '#microsoft.graph.servicePrincipal');
    assert.equal(byAppId.value[0].servicePrincipalType, 'ManagedIdentity');
    assert.deepEqual(byAppId.value[0].servicePrincipalNames, [callerAppId, '/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders-api']);
  });

  it('resolves objects by ids', async function () {
    const response = await sendJson(sandbox, 'POST', '/graph/v1.0/directoryObjects/getByIds', {
      ids: [INHERITANCE.caller, INHERITANCE.admin, INHERITANCE.directGroup, '00000000-1111-2222-3333-444444444444'],
      types: ['user', 'group', 'servicePrincipal'],
    });
    const objects = (response.body as unknown as GraphList).value;

    assert.equal(response.status, 200);
    assert.deepEqual(objects.map((item) => item['@odata.type']), ['#microsoft.graph.servicePrincipal', '#microsoft.graph.user', '#microsoft.graph.group']);
    assert.equal((objects[0].servicePrincipalNames as string[])[0], callerAppId);
    assert.equal(objects[1].userPrincipalName, 'platform.admin@sandbox.invalid');
  });

  it('reads users and groups by id', async function () {
    const user = await sendJson(sandbox, 'GET', `/graph/v1.0/users/${INHERITANCE.admin}`);
    const group = await sendJson(sandbox, 'GET', `/graph/v1.0/groups/${INHERITANCE.directGroup}`);
    const wrongKind = await sendJson(sandbox, 'GET', `/graph/v1.0/users/${INHERITANCE.directGroup}`);

    assert.equal(user.body.displayName, 'Platform Admin');
    assert.equal(group.body.securityEnabled, true);
    assert.equal(wrongKind.status, 404);
    assert.equal((wrongKind.body.error as { code: string }).code, 'Request_ResourceNotFound');
  });

  it('lists direct and transitive membership', async function () {
    const direct = await list(`servicePrincipals/${INHERITANCE.caller}/memberOf`);
    const transitive = await list(`directoryObjects/${INHERITANCE.caller}/transitiveMemberOf`);
    const members = await list(`groups/${INHERITANCE.outerGroup}/transitiveMembers`);

    assert.deepEqual(direct.value.map((item) => item.id), [INHERITANCE.directGroup]);
    assert.deepEqual(transitive.value.map((item) => item.id), [INHERITANCE.directGroup, INHERITANCE.outerGroup]);
    assert.deepEqual(members.value.map((item) => item.id).sort(), [INHERITANCE.caller, INHERITANCE.directGroup].sort());
  });

  it('filters directory audits', async function () {
    const filter = "activityDisplayName eq 'Add member to group' and activityDateTime ge 2026-12-04T11:00:00Z and targetResources/any(t:t/id eq '35d1ba43-61fd-4b7d-9002-9f061d596161')";
    const hits = await list(`auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`);
    const none = await list(`auditLogs/directoryAudits?$filter=${encodeURIComponent('activityDateTime ge 2026-12-05T00:00:00Z')}`);
    const invalid = await sendJson(sandbox, 'GET', `/graph/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent('activityDateTime ge $now')}`);

    assert.equal(hits.value.length, 1);
    assert.equal(hits.value[0].activityDateTime, '2026-12-04T11:56:30Z');
    assert.equal(none.value.length, 0);
    assert.equal(invalid.status, 400);
  });

  it('pages Graph lists with odata.nextLink', async function () {
    const small = await startSandbox({ scenario: inheritanceScenario(), https: false, pageSize: 2 });
    try {
      const first = (await sendJson(small, 'GET', '/graph/v1.0/directoryObjects')).body as unknown as GraphList;
      const nextLink = first['@odata.nextLink'];
      if (!nextLink) {
        assert.fail('the first page has no @odata.nextLink');
      }
      assert.ok(nextLink.startsWith(small.url), nextLink);
      const second = (await sendJson(small, 'GET', nextLink.slice(small.url.length))).body as unknown as GraphList;

      assert.equal(first.value.length, 2);
      assert.equal(second.value.length, 2);
      assert.notDeepEqual(second.value.map((item) => item.id), first.value.map((item) => item.id));
    } finally {
      await small.stop();
    }
  });
});
