/**
 * `readFederatedCredentials` over HTTPS against the sandbox: the identity's credentials as facts,
 * and errors thrown for an invalid id or a failed read.
 */
import * as assert from 'node:assert/strict';
import { readFederatedCredentials } from '../../../src/azure/federatedCredentials';
import { loadCase, startHttps, type HttpsRun } from './support';

const IDENTITY = '/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders-api';

describe('readFederatedCredentials over HTTPS', function () {
  this.timeout(30_000);
  let run: HttpsRun | undefined;

  afterEach(async () => {
    await run?.sandbox.stop();
    run = undefined;
  });

  it('reads the identity credentials', async () => {
    run = await startHttps(loadCase('eso-find-with-key-vault-reader-cannot-get'));
    const credentials = await readFederatedCredentials(IDENTITY, run.env);
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0].name, 'fic-aks-prod-orders');
    assert.equal(credentials[0].subject, 'system:serviceaccount:orders:orders-secrets-reader');
    assert.equal(credentials[0].issuer, 'https://westeurope.oic.prod-aks.azure.com/414971c0-e638-41d4-a02f-ff6a9c84845d/e2f0ced8-00d2-4667-947b-2402cdf2f215/');
    assert.deepEqual(credentials[0].audiences, ['api://AzureADTokenExchange']);
  });

  it('rejects a vault id', async () => {
    run = await startHttps(loadCase('eso-find-with-key-vault-reader-cannot-get'));
    await assert.rejects(readFederatedCredentials('/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders-prod', run.env), /identity id/);
  });

  it('throws when the read is forbidden', async () => {
    run = await startHttps(loadCase('eso-find-with-key-vault-reader-cannot-get'));
    run.sandbox.inject({ method: 'GET', path: '**/federatedIdentityCredentials', fault: { kind: 'forbidden' } });
    await assert.rejects(readFederatedCredentials(IDENTITY, run.env), (error: Error) => /forbidden|authoriz|403/i.test(`${error.message} ${String((error as { statusCode?: number }).statusCode)}`));
  });
});
