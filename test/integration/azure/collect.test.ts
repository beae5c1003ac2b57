/**
 * `collect` over HTTPS against the sandbox, with the SDK clients trusting the sandbox's CA: paging,
 * the role assignment filters, caller resolution, session caching, and the pinned number of
 * requests and sequential waves.
 */
import * as assert from 'node:assert/strict';
import { collectWithStats } from '../../../src/azure/collect';
import { diagnose } from '../../../src/diagnosis/diagnose';
import { loadCase, logged, startHttps, type HttpsRun } from './support';

describe('collect over HTTPS', function () {
  this.timeout(30_000);
  let run: HttpsRun | undefined;

  afterEach(async () => {
    await run?.sandbox.stop();
    run = undefined;
  });

  it('pins 2 waves when the principal id is known', async () => {
    run = await startHttps(loadCase('group-role-granted-minutes-ago-in-same-terraform-run'));
    const { stats } = await collectWithStats(run.request, run.env, run.options);

    // Wave 1 includes the vault's diagnostic settings; with no audit setting, the last wave lists
    // the subscription's Log Analytics workspaces for the enable command.
    assert.equal(stats.waves, 2);
    assert.equal(stats.requests, 13);
    assert.deepEqual(stats.requestsPerWave, [11, 2]);
  });

  it('pins 3 waves when only a client id is known', async () => {
    run = await startHttps(loadCase('csi-roles-assigned-to-cluster-identity-not-kubelet'));
    const { stats } = await collectWithStats(run.request, run.env, run.options);

    // As above: one diagnostic settings read in wave 1, one workspace list in the last wave.
    assert.equal(stats.waves, 3);
    assert.equal(stats.requests, 18);
    assert.deepEqual(stats.requestsPerWave, [11, 4, 3]);
  });

  it('counts the same requests the sandbox logged', async () => {
    run = await startHttps(loadCase('eso-find-with-key-vault-reader-cannot-get'));
    const { stats } = await collectWithStats(run.request, run.env, run.options);
    const armAndGraph = run.sandbox.log.filter((record) => !/oauth2|openid-configuration/.test(record.path));

    assert.equal(stats.requests, armAndGraph.length);
  });

  it('follows nextLink to a second page', async () => {
    run = await startHttps(loadCase('csi-roles-assigned-to-cluster-identity-not-kubelet'), undefined, 1);
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const atScopePages = logged(run.sandbox, /\/vaults\/kv-warehouse-prod\/providers\/Microsoft\.Authorization\/roleAssignments$/i).filter(
      (record) => record.query.$filter === 'atScope()',
    );
    const vaultScoped = facts.roleAssignments.filter((assignment) => assignment.scope.endsWith('/vaults/kv-warehouse-prod'));

    assert.equal(vaultScoped.length, 2);
    assert.equal(atScopePages.length, 2);
  });

  it('uses atScope() and assignedTo() at the vault', async () => {
    run = await startHttps(loadCase('eso-find-with-key-vault-reader-cannot-get'));
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const filters = logged(run.sandbox, /\/providers\/Microsoft\.Authorization\/roleAssignments$/i).map((record) => record.query.$filter);

    assert.ok(filters.includes('atScope()'), JSON.stringify(filters));
    assert.ok(filters.includes(`assignedTo('${facts.caller.principalId}')`), JSON.stringify(filters));
  });

  it('fills group ids from group membership', async () => {
    run = await startHttps(loadCase('group-role-granted-minutes-ago-in-same-terraform-run'));
    const { facts } = await collectWithStats(run.request, run.env, run.options);

    assert.deepEqual(facts.caller.groupIds, ['4376b653-221f-4981-bd64-457cd02b9589']);
    assert.equal(facts.caller.principalType, 'User');
    assert.deepEqual(facts.directory.membershipChanges, [{ groupId: '4376b653-221f-4981-bd64-457cd02b9589', at: '2026-12-04T11:56:30Z' }]);
  });

  it('resolves a client id to its identity', async () => {
    run = await startHttps(loadCase('csi-roles-assigned-to-cluster-identity-not-kubelet'));
    const { facts } = await collectWithStats(run.request, run.env, run.options);

    assert.equal(facts.caller.clientId, 'd1028539-4bc0-41fb-9a27-115d3000ef9f');
    assert.ok(facts.caller.identityId?.endsWith('/userAssignedIdentities/aks-warehouse-agentpool'), facts.caller.identityId);
    assert.equal(facts.caller.principalType, 'ServicePrincipal');
    assert.equal(facts.gaps.length, 0, JSON.stringify(facts.gaps));
  });

  it('records a deleted principal as missing', async () => {
    run = await startHttps(loadCase('identity-recreated-role-assignment-orphaned'));
    const { facts } = await collectWithStats(run.request, run.env, run.options);

    assert.deepEqual(facts.directory.missingObjectIds, ['0aeaa121-1876-4f51-b4de-f7cfb58d19fc']);
  });

  it('reads a custom role once per session', async () => {
    run = await startHttps(loadCase('custom-role-keys-read-under-actions'));
    const first = await collectWithStats(run.request, run.env, run.options);
    const second = await collectWithStats(run.request, run.env, run.options);
    const definitionReads = logged(run.sandbox, /\/roleDefinitions\//i);

    assert.equal(first.facts.roleDefinitions.length, 1);
    assert.equal(first.facts.roleDefinitions[0].roleType, 'CustomRole');
    assert.deepEqual(second.facts.roleDefinitions, first.facts.roleDefinitions);
    assert.equal(definitionReads.length, 1);
  });

  it('gives the engine facts for the right verdict', async () => {
    run = await startHttps(loadCase('aks-workload-secrets-user-should-work'));
    const { facts } = await collectWithStats(run.request, run.env, run.options);

    assert.equal(facts.gaps.length, 0, JSON.stringify(facts.gaps));
    assert.equal(diagnose(facts).verdict, 'should-work');
  });

  it('sends the user agent prefix and api-versions', async () => {
    run = await startHttps(loadCase('aks-workload-secrets-user-should-work'));
    await collectWithStats(run.request, run.env, run.options);
    const armRecords = run.sandbox.log.filter((record) => record.path.startsWith('/subscriptions/'));

    assert.ok(armRecords.length > 0);
    assert.ok(armRecords.every((record) => record.userAgent?.startsWith('kv-doctor/')), JSON.stringify(armRecords.map((record) => record.userAgent)));
    assert.ok(armRecords.every((record) => record.apiVersion !== undefined));
  });

  it('pins the api-version of each API', async () => {
    run = await startHttps(loadCase('eso-find-with-key-vault-reader-cannot-get'));
    await collectWithStats(run.request, run.env, run.options);
    const versions = new Map<string, Set<string>>();
    const families: [string, RegExp][] = [
    // Role assignment paths under a vault name both providers, so authorization is matched first.
      ['authorization', /\/Microsoft\.Authorization\//i],
      // Diagnostic settings paths under a vault name both providers too.
      ['insights', /\/Microsoft\.Insights\//i],
      ['operationalinsights', /\/Microsoft\.OperationalInsights\//i],
      ['keyvault', /\/Microsoft\.KeyVault\//i],
      ['msi', /\/Microsoft\.ManagedIdentity\//i],
      ['resourcegraph', /\/Microsoft\.ResourceGraph\//i],
      ['privatedns', /\/Microsoft\.Network\/privateDnsZones\//i],
      ['network', /\/Microsoft\.Network\/(virtualNetworks|privateEndpoints)\//i],
      ['containerservice', /\/Microsoft\.ContainerService\//i],
      ['compute', /\/Microsoft\.Compute\//i],
    ];
    for (const record of run.sandbox.log) {
      const family = families.find(([, pattern]) => pattern.test(record.path))?.[0];
      if (family && record.apiVersion) {
        versions.set(family, new Set([...(versions.get(family) ?? []), record.apiVersion]));
      }
    }

    assert.deepEqual(Object.fromEntries([...versions].map(([family, set]) => [family, [...set]])), {
      keyvault: ['2026-02-01'],
      authorization: ['2022-04-01'],
      insights: ['2021-05-01-preview'],
      operationalinsights: ['2023-09-01'],
      msi: ['2024-11-30'],
      resourcegraph: ['2024-04-01'],
      privatedns: ['2024-06-01'],
      network: ['2024-05-01'],
      containerservice: ['2024-10-01'],
      compute: ['2024-07-01'],
    });
  });
});
