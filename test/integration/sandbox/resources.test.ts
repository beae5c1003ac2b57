import assert from 'node:assert/strict';

import { startSandbox, type Sandbox } from '../../../sandbox/index';
import { INHERITANCE, inheritanceScenario, sendJson } from './helpers';

type ArmList = { value: Record<string, unknown>[]; nextLink?: string };

const subscription = `/subscriptions/${INHERITANCE.subscriptionId}`;
const zone = `${subscription}/resourceGroups/rg-network/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`;

describe('sandbox generic resources and management groups', function () {
  let sandbox: Sandbox;

  beforeEach(async function () {
    sandbox = await startSandbox({ scenario: inheritanceScenario(), https: false, pageSize: 100 });
  });

  afterEach(async function () {
    await sandbox.stop();
  });

  const get = (path: string, apiVersion = '2024-06-01') => sendJson(sandbox, 'GET', `${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`);
  const names = (response: { body: Record<string, unknown> }) => (response.body as unknown as ArmList).value.map((item) => item.name);

  it('lists private DNS record sets by type and ALL', async function () {
    const aRecords = await get(`${zone}/A`);
    const all = await get(`${zone}/aLL`);
    const links = await get(`${zone}/virtualNetworkLinks`);

    assert.deepEqual(names(aRecords), ['kv-orders-prod']);
    assert.deepEqual(names(all), ['kv-orders-prod']);
    assert.deepEqual(names(links), ['link-vnet-aks-prod']);
  });

  it('lists by subscription, resource group and parent', async function () {
    const bySubscription = await get(`${subscription}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`);
    const byGroup = await get(`${subscription}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities`);
    const groups = await get(`${subscription}/resourcegroups`);

    assert.deepEqual(names(bySubscription).sort(), ['aks-prod-agentpool', 'id-orders-api']);
    assert.deepEqual(names(byGroup), ['id-orders-api']);
    assert.ok(names(groups).includes('rg-orders'));
    assert.ok(names(groups).includes('MC_rg-aks_aks-prod_westeurope'));
  });

  it('serves diagnostic settings under a vault', async function () {
    const settingId = `${INHERITANCE.vault}/providers/Microsoft.Insights/diagnosticSettings/to-law`;
    const put = await sendJson(sandbox, 'PUT', `${settingId}?api-version=2021-05-01-preview`, {
      properties: { workspaceId: `${subscription}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law`, logs: [{ category: 'AuditEvent', enabled: true }] },
    });
    const listed = await get(`${INHERITANCE.vault}/providers/Microsoft.Insights/diagnosticSettings`, '2021-05-01-preview');

    assert.equal(put.status, 201);
    assert.equal(put.body.type, 'Microsoft.Insights/diagnosticSettings');
    assert.deepEqual(names(listed), ['to-law']);
  });

  it('creates, updates and deletes a generic resource', async function () {
    const id = `${subscription}/resourceGroups/rg-apps/providers/Microsoft.Web/sites/orders-web`;
    const withoutGroup = await sendJson(sandbox, 'PUT', `${id}?api-version=2023-12-01`, { location: 'westeurope' });
    const group = await sendJson(sandbox, 'PUT', `${subscription}/resourcegroups/rg-apps?api-version=2021-04-01`, { location: 'westeurope' });
    const created = await sendJson(sandbox, 'PUT', `${id}?api-version=2023-12-01`, { location: 'westeurope', identity: { type: 'SystemAssigned', principalId: 'p1' }, properties: { httpsOnly: true } });
    const patched = await sendJson(sandbox, 'PATCH', `${id}?api-version=2023-12-01`, { properties: { clientAffinityEnabled: false } });
    const deleted = await sendJson(sandbox, 'DELETE', `${id}?api-version=2023-12-01`);
    const gone = await get(id);

    assert.equal(withoutGroup.status, 404);
    assert.equal((withoutGroup.body.error as { code: string }).code, 'ResourceGroupNotFound');
    assert.equal(group.status, 201);
    assert.equal(created.status, 201);
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body.properties, { httpsOnly: true, clientAffinityEnabled: false });
    assert.equal(deleted.status, 200);
    assert.equal(gone.status, 404);
  });

  it('deleting an identity removes its principal and credentials', async function () {
    const identity = `${subscription}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders-api`;

    const deleted = await sendJson(sandbox, 'DELETE', `${identity}?api-version=2024-11-30`);

    assert.equal(deleted.status, 200);
    assert.equal(sandbox.state.findPrincipal(INHERITANCE.caller), undefined);
    assert.equal(sandbox.state.getResource(`${identity}/federatedIdentityCredentials/fic-aks-prod-orders`), undefined);
    assert.equal(sandbox.state.roleAssignments.size, 6, 'role assignments stay behind as orphans');
  });

  it('returns the 404 codes ARM uses', async function () {
    const missingVault = await get(`${subscription}/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-nope`);
    const missingGroup = await get(`${subscription}/resourceGroups/rg-nope/providers/Microsoft.KeyVault/vaults/kv-orders-prod`);
    const missingSubscription = await get('/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.KeyVault/vaults');

    assert.equal((missingVault.body.error as { code: string }).code, 'ResourceNotFound');
    assert.match((missingVault.body.error as { message: string }).message, /Microsoft\.KeyVault\/vaults\/kv-nope' under resource group 'rg-orders'/);
    assert.equal((missingGroup.body.error as { code: string }).code, 'ResourceGroupNotFound');
    assert.equal((missingSubscription.body.error as { code: string }).code, 'SubscriptionNotFound');
  });

  it('reads management group ancestry', async function () {
    const group = await get('/providers/Microsoft.Management/managementGroups/mg-platform?$expand=path,ancestors', '2023-04-01');
    const descendants = await get(`/providers/Microsoft.Management/managementGroups/${INHERITANCE.tenantId}/descendants`, '2023-04-01');
    const membership = await get(`/providers/Microsoft.Management/managementGroups/mg-platform/subscriptions/${INHERITANCE.subscriptionId}`, '2023-04-01');

    const details = (group.body.properties as { details: Record<string, unknown> }).details;
    assert.deepEqual(details.managementGroupAncestors, [INHERITANCE.tenantId]);
    assert.deepEqual(details.path, [{ name: INHERITANCE.tenantId, displayName: 'Tenant Root Group' }]);
    assert.deepEqual((descendants.body as unknown as ArmList).value.map((item) => item.type), [
      'Microsoft.Management/managementGroups',
      'Microsoft.Management/managementGroups/subscriptions',
    ]);
    assert.equal(membership.status, 200);
  });

  it('gives subscription ancestry through Resource Graph', async function () {
    const response = await sendJson(sandbox, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', {
      query: "ResourceContainers | where type == 'microsoft.resources/subscriptions' | project subscriptionId, chain = properties.managementGroupAncestorsChain",
    });

    const rows = response.body.data as Record<string, unknown>[];
    assert.equal(response.status, 200);
    assert.deepEqual(rows, [{
      subscriptionId: INHERITANCE.subscriptionId,
      chain: [{ name: 'mg-platform', displayName: 'mg-platform' }, { name: INHERITANCE.tenantId, displayName: INHERITANCE.tenantId }],
    }]);
  });
});
