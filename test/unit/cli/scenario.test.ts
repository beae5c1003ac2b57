import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');
const TSX_CLI = require.resolve('tsx/cli');
const ENTRY = join(REPO, 'src/cli/main.ts');

const TENANT = '7d0a1f3e-5c2b-4e8a-9f61-2b3c4d5e6f70';
const SUB = 'c2f5e8a1-3b4d-4c6e-8f90-a1b2c3d4e5f6';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-ledger/providers/Microsoft.KeyVault/vaults/kv-ledger-test`;
const IDENTITY = `/subscriptions/${SUB}/resourceGroups/rg-ledger/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ledger`;
const PRINCIPAL = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const CLIENT = '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f';

/** A vault using Azure RBAC and an identity with no role on it: blocked by rbac-no-assignment. */
const SCENARIO = {
  schema: 'kv-scenario/1',
  now: '2026-12-04T12:00:00Z',
  tenant: {
    tenantId: TENANT,
    subscriptions: [{ id: `/subscriptions/${SUB}`, subscriptionId: SUB, displayName: 'Ledger Test', tenantId: TENANT, state: 'Enabled' }],
    resources: [
      {
        id: VAULT,
        name: 'kv-ledger-test',
        type: 'Microsoft.KeyVault/vaults',
        location: 'westeurope',
        properties: { sku: { family: 'A', name: 'standard' }, tenantId: TENANT, accessPolicies: [], enableRbacAuthorization: true, vaultUri: 'https://kv-ledger-test.vault.azure.net/', publicNetworkAccess: 'Enabled', privateEndpointConnections: [] },
      },
      {
        id: IDENTITY,
        name: 'id-ledger',
        type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
        location: 'westeurope',
        properties: { tenantId: TENANT, principalId: PRINCIPAL, clientId: CLIENT },
      },
    ],
    roleAssignments: [],
  },
  directory: { principals: [{ objectId: PRINCIPAL, appId: CLIENT, type: 'ServicePrincipal', displayName: 'id-ledger', memberOf: [] }] },
  question: { vault: VAULT, caller: { identity: IDENTITY }, operations: ['secrets/get'], objects: [] },
};

function kvDoctor(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [TSX_CLI, ENTRY, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Output {
  verdict: string;
  findings: { code: string; severity: string }[];
}

describe('kv-doctor diagnose --scenario', function () {
  this.timeout(240000);
  let directory: string;

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'kvd-scenario-'));
  });

  after(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('saves facts that replay to the same diagnosis', () => {
    const scenarioFile = join(directory, 'scenario.json');
    const factsFile = join(directory, 'facts.json');
    writeFileSync(scenarioFile, JSON.stringify(SCENARIO));

    const live = kvDoctor(['diagnose', '--scenario', scenarioFile, '--save-facts', factsFile, '--format', 'json']);
    assert.equal(live.status, 1, live.stderr);
    assert.ok(existsSync(factsFile), 'the facts file is written');
    assert.equal((JSON.parse(readFileSync(factsFile, 'utf8')) as { schema: string }).schema, 'kv-doctor-facts/1');

    const liveOutput = JSON.parse(live.stdout) as Output;
    assert.equal(liveOutput.verdict, 'blocked');
    assert.ok(liveOutput.findings.some((finding) => finding.code === 'rbac-no-assignment' && finding.severity === 'blocker'));

    const replay = kvDoctor(['diagnose', '--facts', factsFile, '--format', 'json']);
    assert.equal(replay.status, 1, replay.stderr);
    assert.deepEqual(JSON.parse(replay.stdout), liveOutput);
  });

  it('rejects caller flags with a scenario', () => {
    const result = kvDoctor(['diagnose', '--scenario', join(directory, 'scenario.json'), '--object-id', PRINCIPAL]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--object-id cannot be combined with --scenario/);
  });
});
