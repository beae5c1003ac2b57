import assert from 'node:assert/strict';

import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';

import { startSandbox } from '../../../sandbox/index';
import { subscriptionOf, resourceGroupOf, lastSegment } from '../../../sandbox/tenant/armId';
import { ARM_SCOPES, caseNames, loadCase, sendJson, staticCredential, transportOptions } from './helpers';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
  }
  return items;
}

describe('sandbox seeded from every scenario case', function () {
  const names = caseNames();

  it('finds the scenario cases', function () {
    assert.ok(names.length >= 10, `only ${names.length} cases found`);
  });

  for (const name of names) {
    it(`serves ${name.replace(/\.json$/, '')}`, async function () {
      const scenario = loadCase(name);
      const sandbox = await startSandbox({ scenario, https: false });
      try {
        const vaultId = scenario.question.vault;
        const subscriptionId = subscriptionOf(vaultId) as string;
        const options = transportOptions(sandbox, 'in-process');
        const keyVault = new KeyVaultManagementClient(staticCredential, subscriptionId, { ...options, credentials: { scopes: ARM_SCOPES } });
        const authorization = new AuthorizationManagementClient(staticCredential, subscriptionId, { ...options, credentialScopes: ARM_SCOPES });

        const vault = await keyVault.vaults.get(resourceGroupOf(vaultId) as string, lastSegment(vaultId));
        assert.equal(vault.id, vaultId);

        for (const resource of scenario.tenant.resources) {
          const response = await sendJson(sandbox, 'GET', `${resource.id}?api-version=2024-01-01`);
          assert.equal(response.status, 200, `GET ${resource.id}`);
          assert.deepEqual(response.body, JSON.parse(JSON.stringify(resource)));
        }

        const assignments = await collect(authorization.roleAssignments.listForScope(vaultId.slice(1)));
        const expected = (scenario.tenant.roleAssignments ?? []).filter((assignment) => {
          const scope = String(assignment.properties?.scope ?? '').toLowerCase();
          const vaultLower = vaultId.toLowerCase();
          return scope === vaultLower || vaultLower.startsWith(scope + '/') || scope.startsWith(vaultLower + '/');
        });
        assert.deepEqual(assignments.map((item) => item.name).sort(), expected.map((item) => item.name).sort());

        const stored = sandbox.state.getResource(vaultId);
        assert.ok(stored?.properties);
        stored.properties.enableRbacAuthorization = 'changed by the test';
        const seeded = scenario.tenant.resources.find((resource) => resource.id === vaultId);
        assert.notEqual(seeded?.properties?.enableRbacAuthorization, 'changed by the test', 'the sandbox works on a copy of the scenario');
      } finally {
        await sandbox.stop();
      }
    });
  }
});
