/**
 * The az harness itself: sign-in to the sandbox, read-only commands, a role assignment that
 * needs the `az role` fix in python/sitecustomize.py, config folder isolation, and no
 * connection beyond 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isLoopbackOnlyNetwork } from './support/azProcess';
import { startAzSession, type AzSession } from './support/azSession';
import { loadCase } from './support/cases';

// Key Vault Secrets User: a built-in role, so its GUID is the same in every tenant.
const secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6';

describe('az harness against the sandbox', function () {
  const scenarioCase = loadCase('aks-workload-secrets-user-should-work');
  const vaultId = scenarioCase.scenario.question.vault;
  const [, , subscriptionId, , resourceGroup, , , , vaultName] = vaultId.split('/');
  let session: AzSession;

  before(async function () {
    this.timeout(120_000);
    session = await startAzSession({ scenario: scenarioCase.scenario });
  });

  after(async () => {
    await session?.stop();
  });

  it('signs in as the sandbox operator', async () => {
    const result = await session.az(['account', 'show', '--output', 'json']);
    assert.equal(result.exitCode, 0, result.stderr);

    const account = JSON.parse(result.stdout) as { id: string; tenantId: string; user: { name: string; type: string } };
    assert.equal(account.id, subscriptionId);
    assert.equal(account.tenantId, session.sandbox.operator.tenantId);
    assert.equal(account.user.name, session.sandbox.operator.clientId);
    assert.equal(account.user.type, 'servicePrincipal');
  });

  it('shows the vault from the scenario', async () => {
    const result = await session.az(['keyvault', 'show', '--name', vaultName, '--resource-group', resourceGroup, '--output', 'json']);
    assert.equal(result.exitCode, 0, result.stderr);

    const vault = JSON.parse(result.stdout) as { id: string; properties: { enableRbacAuthorization: boolean } };
    assert.equal(vault.id.toLowerCase(), vaultId.toLowerCase());
    assert.equal(vault.properties.enableRbacAuthorization, true);
  });

  it('finds the vault without a resource group', async () => {
    const result = await session.az(['keyvault', 'show', '--name', vaultName, '--query', 'id', '--output', 'tsv']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout.trim().toLowerCase(), vaultId.toLowerCase());
  });

  it('creates a role assignment idempotently', async () => {
    const principalId = '0d4c9a2e-5b7f-4e1a-9c3d-7a8b6e5f4d21';
    const args = [
      'role', 'assignment', 'create',
      '--assignee-object-id', principalId,
      '--assignee-principal-type', 'ServicePrincipal',
      '--role', secretsUserRoleId,
      '--scope', vaultId,
      '--output', 'json',
    ];

    const first = await session.az(args);
    assert.equal(first.exitCode, 0, first.stderr);
    const countAfterFirst = session.sandbox.state.roleAssignments.size;

    const second = await session.az(args);
    assert.equal(second.exitCode, 0, second.stderr);
    assert.equal(session.sandbox.state.roleAssignments.size, countAfterFirst);

    const created = JSON.parse(first.stdout) as { principalId: string; scope: string; roleDefinitionId: string };
    assert.equal(created.principalId, principalId);
    assert.equal(created.scope.toLowerCase(), vaultId.toLowerCase());
    assert.ok(created.roleDefinitionId.endsWith(secretsUserRoleId), created.roleDefinitionId);
  });

  it('lists role definitions by name', async () => {
    const result = await session.az(['role', 'definition', 'list', '--name', 'Key Vault Secrets User', '--query', '[0].name', '--output', 'tsv']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout.trim(), secretsUserRoleId);
  });

  it('keeps cloned config folders apart', async () => {
    const cloned = session.cloneEnvironment('isolation');
    assert.notEqual(cloned.AZURE_CONFIG_DIR, session.env.AZURE_CONFIG_DIR);
    assert.ok(existsSync(path.join(String(cloned.AZURE_CONFIG_DIR), 'azureProfile.json')));

    const result = await session.bash('az account show --query id --output tsv', cloned);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout.trim(), subscriptionId);
  });

  it('guard rejects other hosts', async function () {
    // Only inside the loopback-only namespace: should the guard fail there, the lookup still
    // cannot leave the machine.
    if (!isLoopbackOnlyNetwork()) {
      this.skip();
    }

    const result = await session.az(['rest', '--method', 'get', '--url', 'https://guard-probe.invalid/subscriptions?api-version=2020-01-01']);
    assert.notEqual(result.exitCode, 0);

    const blocked = session.blockedConnections();
    assert.ok(blocked.some((line) => line.includes('guard-probe.invalid')), `guard log has no BLOCK line for the probe: ${blocked.join('\n')}`);
    session.clearBlockedConnections();
  });

  it('makes no connection beyond loopback', () => {
    assert.deepEqual(session.blockedConnections(), []);
    if (process.getuid?.() === 0 && process.env.CI) {
      assert.ok(isLoopbackOnlyNetwork(), 'CI runs this suite in a loopback-only network namespace');
    }
  });
});
