/**
 * Discovery over HTTPS against the sandbox: tenants, subscriptions, vaults and identities through
 * Resource Graph page by page, the per-subscription fallback when Resource Graph is refused, and
 * resolving a vault from its id or URI.
 */
import * as assert from 'node:assert/strict';
import { discoverIdentities, discoverVaults, listSubscriptions, listTenants, resolveVault, vaultNameFromUri, type VaultSummary } from '../../../src/azure/discover';
import type { ArmResource, Scenario } from '../../../src/scenario/types';
import { loadDemo, logged, startHttps, type HttpsRun } from './support';

const SECOND_SUBSCRIPTION = '4b7d9e21-6c3a-4f58-a0d2-8e1f5b3c7a96';

/** Builds the demo tenant with five more vaults: three in its subscription and two in a second one. */
function manyVaults(): Scenario {
  const scenario = loadDemo();
  const template = scenario.tenant.resources.find((resource) => resource.type === 'Microsoft.KeyVault/vaults') as ArmResource;
  const firstSubscription = scenario.tenant.subscriptions[0];
  scenario.tenant.subscriptions.push({ ...firstSubscription, id: `/subscriptions/${SECOND_SUBSCRIPTION}`, subscriptionId: SECOND_SUBSCRIPTION, displayName: 'Fabrikam Shop Staging' });

  const extra = [
    [firstSubscription.subscriptionId, 'kv-shop-a'],
    [firstSubscription.subscriptionId, 'kv-shop-b'],
    [firstSubscription.subscriptionId, 'kv-shop-c'],
    [SECOND_SUBSCRIPTION, 'kv-stage-a'],
    [SECOND_SUBSCRIPTION, 'kv-stage-b'],
  ];
  for (const [subscriptionId, name] of extra) {
    const id = `/subscriptions/${subscriptionId}/resourceGroups/rg-shop-data/providers/Microsoft.KeyVault/vaults/${name}`;
    scenario.tenant.resources.push({
      ...template,
      id,
      name,
      properties: { ...template.properties, vaultUri: `https://${name}.vault.azure.net/` },
    });
  }
  return scenario;
}

async function collectPages(pages: AsyncGenerator<VaultSummary[]>): Promise<VaultSummary[][]> {
  const all: VaultSummary[][] = [];
  for await (const page of pages) {
    all.push(page);
  }
  return all;
}

describe('discovery over HTTPS', function () {
  this.timeout(30_000);
  let run: HttpsRun | undefined;
  const subscriptions = ['9d2e4f61-7b3c-4a85-b1e9-46c0d8a27f15', SECOND_SUBSCRIPTION];

  afterEach(async () => {
    await run?.sandbox.stop();
    run = undefined;
  });

  it('lists tenants and subscriptions', async () => {
    run = await startHttps(manyVaults());
    const tenants = await listTenants(run.env);
    const listed = await listSubscriptions(run.env);
    const filtered = await listSubscriptions(run.env, { filter: (subscription) => subscription.displayName.endsWith('Staging') });

    assert.deepEqual(tenants.map((tenant) => tenant.tenantId), ['5f1c2b8e-3a47-4d9e-9c61-2e8b7a4d1f30']);
    assert.deepEqual(listed.map((subscription) => subscription.subscriptionId).sort(), [...subscriptions].sort());
    assert.deepEqual(filtered.map((subscription) => subscription.subscriptionId), [SECOND_SUBSCRIPTION]);
  });

  it('yields vaults page by page from Resource Graph', async () => {
    run = await startHttps(manyVaults());
    const pages = await collectPages(discoverVaults(run.env, subscriptions, { pageSize: 2 }));
    const names = pages.flat().map((vault) => vault.name).sort();

    assert.deepEqual(names, ['kv-shop-a', 'kv-shop-b', 'kv-shop-c', 'kv-shop-prod', 'kv-stage-a', 'kv-stage-b']);
    assert.equal(pages.length, 3);
    assert.ok(pages.every((page) => page.length <= 2));
    assert.equal(pages.flat().find((vault) => vault.name === 'kv-shop-prod')?.enableRbacAuthorization, true);
  });

  it('falls back to per-subscription lists', async () => {
    run = await startHttps(manyVaults());
    run.sandbox.inject({ method: 'POST', path: '/providers/Microsoft.ResourceGraph/resources', fault: { kind: 'forbidden' } });
    const pages = await collectPages(discoverVaults(run.env, subscriptions, { pageSize: 2, concurrency: 1 }));
    const names = pages.flat().map((vault) => vault.name).sort();
    const perSubscription = logged(run.sandbox, /\/providers\/Microsoft\.KeyVault\/vaults$/i);

    assert.deepEqual(names, ['kv-shop-a', 'kv-shop-b', 'kv-shop-c', 'kv-shop-prod', 'kv-stage-a', 'kv-stage-b']);
    assert.equal(pages.length, 2);
    assert.ok(perSubscription.length >= 2);
  });

  it('discovers user-assigned identities', async () => {
    run = await startHttps(manyVaults());
    const found: string[] = [];
    for await (const page of discoverIdentities(run.env, subscriptions)) {
      found.push(...page.map((identity) => `${identity.name}:${identity.clientId}`));
    }

    assert.deepEqual(found.sort(), ['aks-shop-agentpool:7d3b5a19-2e64-4c8f-b1a7-5e9c0d2f4a83', 'id-shop-catalog:c47a9e12-3d85-4b6f-a0e9-1f2c8d5b7a64']);
  });

  it('resolves a vault by URI and by id', async () => {
    run = await startHttps(manyVaults());
    const byUri = await resolveVault(run.env, 'https://kv-stage-b.vault.azure.net/', subscriptions);
    const byId = await resolveVault(run.env, byUri.id, []);

    assert.equal(byUri.subscriptionId, SECOND_SUBSCRIPTION);
    assert.equal(byId.name, 'kv-stage-b');
    await assert.rejects(resolveVault(run.env, 'https://kv-missing.vault.azure.net/', subscriptions), /No vault named kv-missing/);
  });

  it('rejects a URI of another cloud', () => {
    assert.throws(() => vaultNameFromUri('https://kv-a.vault.azure.cn/', 'vault.azure.net'), /does not end in vault\.azure\.net/);
    assert.equal(vaultNameFromUri('https://KV-A.vault.azure.net', 'vault.azure.net'), 'kv-a');
  });
});
