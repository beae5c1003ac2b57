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
    const readAfterDelete = await get(id);

    assert.equal(withoutGroup.status, 404);
    assert.equal((withoutGroup.body.error as { code: string }).code, 'ResourceGroupNotFound');
    assert.equal(group.status, 201);
    assert.equal(created.status, 201);
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body.properties, { httpsOnly: true, clientAffinityEnabled: false });
    assert.equal(deleted.status, 200);
    assert.equal(readAfterDelete.status, 404);
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

  it('rejects a private endpoint connection', async function () {
    const vault = sandbox.state.getResource(INHERITANCE.vault);
    const connectionId = String((vault?.properties?.privateEndpointConnections as { id: string }[])[0].id);
    const connectionName = connectionId.split('/').pop() as string;

    const listed = await get(`${INHERITANCE.vault}/privateEndpointConnections`, '2026-02-01');
    const put = await sendJson(sandbox, 'PUT', `${connectionId}?api-version=2026-02-01`, {
      properties: { privateLinkServiceConnectionState: { status: 'Rejected', description: 'not ours' } },
    });

    assert.deepEqual(names(listed), [connectionName]);
    assert.equal(put.status, 200);
    const embedded = (sandbox.state.getResource(INHERITANCE.vault)?.properties?.privateEndpointConnections as { properties: Record<string, { status: string }> }[])[0];
    assert.equal(embedded.properties.privateLinkServiceConnectionState.status, 'Rejected');
    const endpoint = sandbox.state.getResource(`${subscription}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-kv-orders-prod`);
    const link = (endpoint?.properties?.privateLinkServiceConnections as { properties: Record<string, { status: string }> }[])[0];
    assert.equal(link.properties.privateLinkServiceConnectionState.status, 'Rejected');
  });

  it('serves ADFS metadata under a tenant path', async function () {
    const response = await sendJson(sandbox, 'GET', `/adfs/${INHERITANCE.tenantId}/.well-known/openid-configuration`, undefined, {});

    assert.equal(response.status, 200);
    assert.equal(response.body.token_endpoint, `${sandbox.url}/adfs/${INHERITANCE.tenantId}/oauth2/token`);
  });

  it('serves the collector Resource Graph queries', async function () {
    const query = (text: string) => sendJson(sandbox, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', { query: text });

    const byClientId = await query("Resources | where type =~ 'microsoft.managedidentity/userassignedidentities' and properties.clientId =~ '639238CE-6F81-48CD-A6BD-142E9FD6EB53'");
    const vaults = await query("Resources | where type =~ 'Microsoft.KeyVault/vaults' | project id, name, type, location, subscriptionId, resourceGroup, properties");
    const subscriptionRow = await query(`ResourceContainers | where type =~ 'microsoft.resources/subscriptions' and subscriptionId =~ '${INHERITANCE.subscriptionId}'`);

    assert.deepEqual((byClientId.body.data as Record<string, unknown>[]).map((row) => row.name), ['id-orders-api']);
    const vaultRows = vaults.body.data as Record<string, unknown>[];
    assert.equal(vaultRows.length, 1);
    assert.equal(vaultRows[0].type, 'microsoft.keyvault/vaults');
    assert.equal(vaultRows[0].resourceGroup, 'rg-orders');
    assert.equal((subscriptionRow.body.data as Record<string, unknown>[]).length, 1);
  });

  it('serves subnets embedded in a virtual network', async function () {
    const network = `${subscription}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-aks-prod`;

    const subnet = await get(`${network}/subnets/snet-aks-nodes`);
    const subnets = await get(`${network}/subnets`);
    const missing = await get(`${network}/subnets/snet-nope`);

    assert.equal(subnet.status, 200);
    assert.equal(subnet.body.type, 'Microsoft.Network/virtualNetworks/subnets');
    assert.equal((subnet.body.properties as { addressPrefix: string }).addressPrefix, '10.20.0.0/22');
    assert.deepEqual(names(subnets), ['snet-aks-nodes', 'snet-private-endpoints']);
    assert.equal(missing.status, 404);
  });

  it('pages lists by $top', async function () {
    const first = await get(`${INHERITANCE.vault}/secrets?$top=2`, '2026-02-01');
    const nextLink = (first.body as unknown as ArmList).nextLink;
    if (!nextLink) {
      assert.fail('the first page has no nextLink');
    }
    const second = await sendJson(sandbox, 'GET', nextLink.slice(sandbox.url.length));

    assert.equal(names(first).length, 2);
    assert.ok(nextLink.includes('%24top=2') || nextLink.includes('$top=2'), nextLink);
    assert.equal(names(second).length, 1);
    assert.equal((second.body as unknown as ArmList).nextLink, undefined);
  });

  it('returns Resource Graph tables and scopes', async function () {
    const query = (body: Record<string, unknown>) => sendJson(sandbox, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', body);

    const table = await query({ query: "Resources | where type =~ 'microsoft.keyvault/vaults' | project name, rbac = properties.enableRbacAuthorization", options: { resultFormat: 'table' } });
    const underGroup = await query({ query: 'Resources | count', managementGroups: ['mg-platform'] });
    const otherSubscription = await query({ query: 'Resources | count', subscriptions: ['00000000-0000-0000-0000-000000000009'] });

    assert.deepEqual(table.body.data, { columns: [{ name: 'name', type: 'string' }, { name: 'rbac', type: 'boolean' }], rows: [['kv-orders-prod', true]] });
    assert.deepEqual(underGroup.body.data, [{ Count: 13 }]);
    assert.deepEqual(otherSubscription.body.data, [{ Count: 0 }]);
  });
});
