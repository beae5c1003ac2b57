import assert from 'node:assert/strict';

import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';

import { startSandbox, type Sandbox } from '../../../sandbox/index';
import { ARM_SCOPES, INHERITANCE, inheritanceScenario, sendJson, staticCredential, transportOptions, type TransportName } from './helpers';

const VAULT_PATH = '/subscriptions/*/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders-prod';

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the request to fail');
}

for (const transport of ['https', 'in-process'] as TransportName[]) {
  describe(`sandbox fault injection (${transport})`, function () {
    let sandbox: Sandbox;
    let keyVault: KeyVaultManagementClient;

    beforeEach(async function () {
      sandbox = await startSandbox({ scenario: inheritanceScenario(), https: transport === 'https' });
      keyVault = new KeyVaultManagementClient(staticCredential, INHERITANCE.subscriptionId, {
        ...transportOptions(sandbox, transport),
        credentials: { scopes: ARM_SCOPES },
      });
    });

    afterEach(async function () {
      await sandbox.stop();
    });

    const getVault = () => keyVault.vaults.get('rg-orders', 'kv-orders-prod');

    it('retries 429 with Retry-After', async function () {
      sandbox.inject({ method: 'GET', path: VAULT_PATH, fault: { kind: 'throttle', retryAfterSeconds: 1 }, times: 1 });

      const started = Date.now();
      const vault = await getVault();

      assert.equal(vault.name, 'kv-orders-prod');
      assert.ok(Date.now() - started >= 900, 'the client waited for Retry-After');
      assert.equal(sandbox.countRequests({ path: VAULT_PATH, status: 429 }), 1);
      assert.equal(sandbox.countRequests({ path: VAULT_PATH, status: 200 }), 1);
    });

    it('fails on 429 without Retry-After', async function () {
      sandbox.inject({ path: VAULT_PATH, fault: { kind: 'throttle' } });

      const error = await failureOf(getVault());

      assert.ok(error instanceof RestError);
      assert.equal(error.statusCode, 429);
      assert.equal(sandbox.countRequests({ path: VAULT_PATH }), 1);
    });

    it('retries 500 until it clears', async function () {
      sandbox.inject({ path: VAULT_PATH, fault: { kind: 'status', status: 500 }, times: 2 });

      const vault = await getVault();

      assert.equal(vault.name, 'kv-orders-prod');
      assert.equal(sandbox.countRequests({ path: VAULT_PATH, status: 500 }), 2);
    });

    it('answers 403 AuthorizationFailed', async function () {
      sandbox.inject({ method: 'PATCH', path: VAULT_PATH, fault: { kind: 'forbidden' } });

      const error = await failureOf(keyVault.vaults.update('rg-orders', 'kv-orders-prod', { properties: { enableRbacAuthorization: true } }));

      assert.ok(error instanceof RestError);
      assert.equal(error.statusCode, 403);
      assert.equal(error.code, 'AuthorizationFailed');
      assert.match(error.message, new RegExp(`client '${sandbox.operator.clientId}'`));
      assert.match(error.message, /action 'Microsoft\.KeyVault\/vaults\/write'/);
      assert.match(error.message, /kv-orders-prod'/);
    });

    it('retries a dropped connection', async function () {
      sandbox.inject({ path: VAULT_PATH, fault: { kind: 'drop' }, times: 1 });

      const vault = await getVault();

      assert.equal(vault.name, 'kv-orders-prod');
      assert.equal(sandbox.countRequests({ path: VAULT_PATH, status: 0 }), 1);
    });

    it('breaks the body when asked', async function () {
      sandbox.inject({ path: VAULT_PATH, fault: { kind: 'truncate' }, times: 1 });
      const truncated = await failureOf(getVault());
      sandbox.inject({ path: VAULT_PATH, fault: { kind: 'malformed' }, times: 1 });
      const malformed = await failureOf(getVault());
      const vault = await getVault();

      assert.ok(truncated instanceof RestError);
      assert.equal(truncated.code, 'PARSE_ERROR');
      assert.ok(malformed instanceof RestError);
      assert.equal(malformed.code, 'PARSE_ERROR');
      assert.equal(vault.name, 'kv-orders-prod');
    });

    it('matches faults on the query', async function () {
      sandbox.inject({ path: '**/roleAssignments', query: { $filter: /assignedTo/ }, fault: { kind: 'status', status: 400, code: 'InjectedBadRequest' } });
      const listPath = `${INHERITANCE.vault}/providers/Microsoft.Authorization/roleAssignments`;
      const send = (filter: string) =>
        sandbox.httpClient.sendRequest(createPipelineRequest({
          url: `${sandbox.url}${listPath}?api-version=2022-04-01&$filter=${encodeURIComponent(filter)}`,
          headers: createHttpHeaders({ authorization: 'Bearer test' }),
        }));

      const hit = await send(`assignedTo('${INHERITANCE.caller}')`);
      const miss = await send('atScope()');

      assert.equal(hit.status, 400);
      assert.match(hit.bodyAsText ?? '', /InjectedBadRequest/);
      assert.equal(miss.status, 200);
    });

    it('adds latency per route', async function () {
      sandbox.inject({ path: VAULT_PATH, fault: { kind: 'latency', ms: 300 }, times: 1 });

      const started = Date.now();
      await getVault();

      assert.ok(Date.now() - started >= 280);
      assert.ok((sandbox.log.find((record) => record.fault?.includes('latency'))?.durationMs ?? 0) >= 280);
    });


    it('cancels an injected delay on abort', async function () {
      sandbox.inject({ path: VAULT_PATH, fault: { kind: 'latency', ms: 5000 }, times: 1 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);

      const started = Date.now();
      const error = await failureOf(keyVault.vaults.get('rg-orders', 'kv-orders-prod', { abortSignal: controller.signal }));

      assert.equal((error as Error).name, 'AbortError');
      assert.ok(Date.now() - started < 2000);
    });


    it('sends custom status headers and bodies', async function () {
      sandbox.inject({ path: VAULT_PATH, fault: { kind: 'status', status: 409, headers: { 'x-ms-failure-cause': 'gateway' }, body: '{"error":{"code":"Conflict","message":"Injected conflict."}}' }, times: 1 });

      const error = await failureOf(getVault());

      assert.ok(error instanceof RestError);
      assert.equal(error.statusCode, 409);
      assert.equal(error.code, 'Conflict');
      assert.equal(error.response?.headers.get('x-ms-failure-cause'), 'gateway');
    });
  });
}

describe('sandbox global latency', function () {
  it('delays every response', async function () {
    const sandbox = await startSandbox({ scenario: inheritanceScenario(), https: false, latencyMs: 150 });
    try {
      const started = Date.now();
      const response = await sendJson(sandbox, 'GET', `/subscriptions/${INHERITANCE.subscriptionId}?api-version=2022-12-01`);

      assert.equal(response.status, 200);
      assert.ok(Date.now() - started >= 140);
    } finally {
      await sandbox.stop();
    }
  });
});
