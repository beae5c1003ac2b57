import assert from 'node:assert/strict';

import { ClientSecretCredential, EnvironmentCredential } from '@azure/identity';

import { startSandbox, type Sandbox } from '../../../sandbox/index';
import { ARM_SCOPES, INHERITANCE, inheritanceScenario, operatorCredential, sendJson } from './helpers';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('sandbox Entra ID endpoints', function () {
  let sandbox: Sandbox;

  before(async function () {
    sandbox = await startSandbox({ scenario: inheritanceScenario() });
  });

  after(async function () {
    await sandbox.stop();
  });

  it('signs in with a tenant id over HTTPS', async function () {
    const token = await operatorCredential(sandbox, 'https').getToken(ARM_SCOPES);

    assert.ok(token);
    const claims = claimsOf(token.token);
    assert.equal(claims.tid, INHERITANCE.tenantId);
    assert.equal(claims.appid, sandbox.operator.clientId);
    assert.equal(claims.oid, sandbox.operator.objectId);
    assert.equal(claims.aud, 'https://management.azure.com');
    assert.ok(Number(claims.exp) > Date.now() / 1000 + 3000);
    assert.equal(sandbox.countRequests({ path: `/${INHERITANCE.tenantId}/v2.0/.well-known/openid-configuration` }), 1);
    assert.equal(sandbox.countRequests({ path: `/${INHERITANCE.tenantId}/oauth2/v2.0/token`, status: 200 }), 1);
  });

  it('signs in in-process', async function () {
    const token = await operatorCredential(sandbox, 'in-process').getToken(ARM_SCOPES);

    assert.ok(token);
    assert.equal(claimsOf(token.token).tid, INHERITANCE.tenantId);
    assert.ok(sandbox.log.some((record) => record.transport === 'in-process' && record.path.endsWith('/oauth2/v2.0/token')));
  });

  it('signs in with the adfs tenant', async function () {
    const credential = new ClientSecretCredential('adfs', sandbox.operator.clientId, sandbox.operator.clientSecret, {
      authorityHost: sandbox.authorityHost,
      tlsOptions: { ca: sandbox.caPem },
    });

    const token = await credential.getToken(ARM_SCOPES);

    assert.ok(token);
    assert.ok(sandbox.countRequests({ method: 'POST', path: '/adfs/oauth2/token', status: 200 }) >= 1);
  });

  it('signs in from environment variables', async function () {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AZURE_TENANT_ID: sandbox.operator.tenantId,
      AZURE_CLIENT_ID: sandbox.operator.clientId,
      AZURE_CLIENT_SECRET: sandbox.operator.clientSecret,
      AZURE_AUTHORITY_HOST: sandbox.authorityHost,
    });
    try {
      const credential = new EnvironmentCredential({ disableInstanceDiscovery: true, tlsOptions: { ca: sandbox.caPem } });

      const token = await credential.getToken(ARM_SCOPES);

      assert.equal(token?.token.split('.').length, 3);
    } finally {
      for (const name of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_AUTHORITY_HOST']) {
        if (saved[name] === undefined) {
          delete process.env[name];
        } else {
          process.env[name] = saved[name];
        }
      }
    }
  });

  it('rejects a wrong client secret', async function () {
    const credential = new ClientSecretCredential(sandbox.operator.tenantId, sandbox.operator.clientId, 'wrong-secret', {
      authorityHost: sandbox.authorityHost,
      disableInstanceDiscovery: true,
      httpClient: sandbox.httpClient,
    });

    await assert.rejects(credential.getToken(ARM_SCOPES), /AADSTS7000215/);
  });

  it('rejects an unknown tenant', async function () {
    const response = await sendJson(sandbox, 'GET', '/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration');

    assert.equal(response.status, 400);
    assert.match(String(response.body.error_description), /AADSTS90002/);
  });

  it('requires a bearer token on ARM', async function () {
    const response = await sendJson(sandbox, 'GET', '/subscriptions?api-version=2022-12-01', undefined, {});

    assert.equal(response.status, 401);
    assert.equal((response.body.error as { code: string }).code, 'AuthenticationFailed');
  });

  it('requires api-version on ARM', async function () {
    const response = await sendJson(sandbox, 'GET', `/subscriptions/${INHERITANCE.subscriptionId}`);

    assert.equal(response.status, 400);
    assert.equal((response.body.error as { code: string }).code, 'MissingApiVersionParameter');
  });

  it('rejects a token from another tenant', async function () {
    const claims = Buffer.from(JSON.stringify({ tid: '99999999-9999-9999-9999-999999999999', appid: 'x', oid: 'y' })).toString('base64url');
    const response = await sendJson(sandbox, 'GET', '/subscriptions?api-version=2022-12-01', undefined, { authorization: `Bearer e30.${claims}.` });

    assert.equal(response.status, 401);
    assert.equal((response.body.error as { code: string }).code, 'InvalidAuthenticationTokenTenant');
  });

  it('accepts double slashes and any letter case', async function () {
    const path = `//SUBSCRIPTIONS/${INHERITANCE.subscriptionId}/RESOURCEGROUPS/rg-orders/providers/microsoft.keyvault/VAULTS/kv-orders-prod/?api-version=2022-07-01`;

    const response = await sendJson(sandbox, 'GET', path);

    assert.equal(response.status, 200);
    assert.equal(response.body.id, INHERITANCE.vault);
    assert.equal(sandbox.log[sandbox.log.length - 1].apiVersion, '2022-07-01');
  });

  it('serves cloud metadata in both shapes', async function () {
    const legacy = await sendJson(sandbox, 'GET', '/metadata/endpoints?api-version=2015-01-01', undefined, {});
    const current = await sendJson(sandbox, 'GET', '/metadata/endpoints?api-version=2022-09-01', undefined, {});

    assert.equal((legacy.body.authentication as { loginEndpoint: string }).loginEndpoint, `${sandbox.url}/adfs`);
    const entries = current.body as unknown as Record<string, unknown>[];
    assert.equal(entries[0].resourceManager, `${sandbox.url}/`);
    assert.equal(entries[0].microsoftGraphResourceId, `${sandbox.url}/graph/`);
  });
});
