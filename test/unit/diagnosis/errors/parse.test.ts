import { strict as assert } from 'node:assert';
import { parseObservedError } from '../../../../src/diagnosis/errors/parse';
import * as sample from './samples';

describe('parseObservedError', () => {
  describe('ForbiddenByRbac', () => {
    const forms: [string, string][] = [
      ['raw JSON', sample.RBAC_JSON],
      ['az output', sample.RBAC_AZ],
      ['literal escapes', sample.RBAC_ESCAPED_TEXT],
      ['JSON inside a log line', `2026-12-04T11:48:00Z ERROR request failed: ${sample.RBAC_JSON} (attempt 3)`],
    ];

    for (const [name, text] of forms) {
      it(`reads every field from ${name}`, () => {
        const parsed = parseObservedError(text);

        assert.equal(parsed.kind, 'forbidden-by-rbac');
        assert.equal(parsed.caller?.appId, sample.APP_ID);
        assert.equal(parsed.caller?.objectId, sample.OBJECT_ID);
        assert.equal(parsed.caller?.tenantId, sample.TENANT);
        assert.equal(parsed.caller?.numGroups, 4);
        assert.equal(parsed.caller?.managedIdentityResourceId, sample.MIRID);
        assert.equal(parsed.action, 'Microsoft.KeyVault/vaults/secrets/getSecret/action');
        assert.equal(parsed.resource, sample.SECRET_RESOURCE);
        assert.equal(parsed.assignment, '(not found)');
        assert.equal(parsed.denyAssignmentId, null);
        assert.equal(parsed.decisionReason, 'DeniedWithNoValidRBAC');
        assert.equal(parsed.vaultName, 'kv-warehouse-prod');
        assert.equal(parsed.location, 'westeurope');
        assert.ok(parsed.message.startsWith('Caller is not authorized'), parsed.message);
        assert.ok(!parsed.message.includes('\\r\\n'), 'message keeps literal escapes');
      });
    }

    it('takes codes from the az wrapper', () => {
      const parsed = parseObservedError(sample.RBAC_AZ);

      assert.equal(parsed.code, 'Forbidden');
      assert.equal(parsed.innerCode, 'ForbiddenByRbac');
      assert.equal(parsed.status, 403);
    });

    it('classifies by wording without an inner code', () => {
      const parsed = parseObservedError(sample.RBAC_ESCAPED_TEXT);

      assert.equal(parsed.innerCode, undefined);
      assert.equal(parsed.kind, 'forbidden-by-rbac');
    });

    it('prefers the inner code over access policy wording', () => {
      const text = sample.ACCESS_POLICY_JSON.replace('ForbiddenByPolicy', 'ForbiddenByRbac');

      assert.equal(parseObservedError(text).kind, 'forbidden-by-rbac');
    });
  });

  describe('access policy denials', () => {
    it('reads the missing permission from JSON', () => {
      const parsed = parseObservedError(sample.ACCESS_POLICY_JSON);

      assert.equal(parsed.kind, 'access-policy-denied');
      assert.equal(parsed.innerCode, 'ForbiddenByPolicy');
      assert.deepEqual(parsed.permission, { collection: 'secrets', name: 'get' });
      assert.equal(parsed.caller?.objectId, sample.OBJECT_ID);
      assert.equal(parsed.vaultName, 'kv-inventory-prod');
      assert.equal(parsed.location, 'westeurope');
    });

    it('reads a kubectl event with Go autorest', () => {
      const parsed = parseObservedError(sample.ACCESS_POLICY_KUBECTL_AUTOREST);

      assert.equal(parsed.kind, 'access-policy-denied');
      assert.equal(parsed.status, 403);
      assert.equal(parsed.code, 'Forbidden');
      assert.equal(parsed.innerCode, 'AccessDenied');
      assert.deepEqual(parsed.permission, { collection: 'secrets', name: 'get' });
      assert.equal(parsed.caller?.appId, sample.APP_ID);
      assert.ok(parsed.message.startsWith('The user, group or application'), parsed.message);
      assert.deepEqual(parsed.csiObject, { objectType: 'secret', objectName: 'inventory-db-connection', objectVersion: undefined });
    });

    it('reads "not found on any access policy"', () => {
      const parsed = parseObservedError(sample.NOT_ON_ANY_POLICY_JSON);

      assert.equal(parsed.kind, 'access-policy-denied');
      assert.equal(parsed.permission, undefined);
      assert.equal(parsed.caller?.numGroups, 3);
    });

    it('recognises the on-behalf-of requirement', () => {
      const parsed = parseObservedError(sample.OBO_JSON);

      assert.equal(parsed.kind, 'obo-required');
      assert.equal(parsed.caller?.objectId, sample.OBJECT_ID);
    });
  });

  describe('network denials', () => {
    it('reads the client address from an azcore error', () => {
      const parsed = parseObservedError(sample.FIREWALL_AZCORE);

      assert.equal(parsed.kind, 'forbidden-by-firewall');
      assert.equal(parsed.status, 403);
      assert.equal(parsed.clientAddress, '20.61.10.7');
      assert.equal(parsed.vaultName, 'kv-orders-prod');
      assert.equal(parsed.csiObject?.objectName, 'orders-api-key');
    });

    it('reads an escaped body inside a log line', () => {
      const parsed = parseObservedError(sample.CONNECTION_ESCAPED_IN_LOG);

      assert.equal(parsed.kind, 'forbidden-by-connection');
      assert.equal(parsed.innerCode, 'ForbiddenByConnection');
      assert.equal(parsed.caller?.tenantId, sample.TENANT);
      assert.equal(parsed.vaultName, 'kv-catalog-prod');
    });

    it('recognises the bypass variant of ForbiddenByConnection', () => {
      assert.equal(parseObservedError(sample.CONNECTION_BYPASS_JSON).kind, 'forbidden-by-connection');
    });

    it('recognises both connection wordings without codes', () => {
      const first = 'Public network access is disabled and request is not from a trusted service nor via an approved private link.';
      const second = "Connection is not an approved private link and caller was ignored because bypass is not set to 'AzureServices'";

      assert.equal(parseObservedError(first).kind, 'forbidden-by-connection');
      assert.equal(parseObservedError(second).kind, 'forbidden-by-connection');
    });

    it('takes the address from x-ms-keyvault-network-info', () => {
      const parsed = parseObservedError(sample.INVALID_ISSUER_RESPONSE);

      assert.equal(parsed.clientAddress, '198.51.100.23');
    });
  });

  describe('object state', () => {
    it('reads SecretDisabled', () => {
      const parsed = parseObservedError(sample.SECRET_DISABLED_JSON);

      assert.equal(parsed.kind, 'secret-disabled');
      assert.equal(parsed.operation, 'get');
      assert.equal(parsed.status, 403);
    });

    it('reads "Operation is not allowed" from .NET', () => {
      const parsed = parseObservedError(sample.OPERATION_NOT_ALLOWED_DOTNET);

      assert.equal(parsed.kind, 'operation-not-allowed');
      assert.equal(parsed.operation, 'decrypt');
      assert.equal(parsed.status, 403);
      assert.equal(parsed.innerCode, 'ForbiddenByPolicy');
      assert.equal(parsed.clientAddress, '10.24.8.12');
    });
  });

  describe('AKV10032', () => {
    it('reads the expected and found issuers', () => {
      const parsed = parseObservedError(sample.INVALID_ISSUER_BODY);

      assert.equal(parsed.kind, 'invalid-issuer');
      assert.equal(parsed.status, 401);
      assert.deepEqual(parsed.expectedIssuers, [
        `https://sts.windows.net/${sample.OTHER_TENANT}/`,
        'https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/',
      ]);
      assert.equal(parsed.foundIssuer, `https://sts.windows.net/${sample.TENANT}/`);
    });

    it('reads the challenge tenant from the object form', () => {
      const parsed = parseObservedError(sample.INVALID_ISSUER_RESPONSE);

      assert.equal(parsed.kind, 'invalid-issuer');
      assert.equal(parsed.status, 401);
      assert.equal(parsed.challengeTenantId, sample.OTHER_TENANT);
    });

    it('reads the object form pasted as JSON text', () => {
      const parsed = parseObservedError(JSON.stringify(sample.INVALID_ISSUER_RESPONSE));

      assert.equal(parsed.kind, 'invalid-issuer');
      assert.equal(parsed.challengeTenantId, sample.OTHER_TENANT);
      assert.equal(parsed.clientAddress, '198.51.100.23');
    });

    it('reads a challenge header pasted as text', () => {
      const text = `HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/${sample.OTHER_TENANT}", resource="https://vault.azure.net"\n\n${sample.INVALID_ISSUER_BODY}`;
      const parsed = parseObservedError(text);

      assert.equal(parsed.status, 401);
      assert.equal(parsed.challengeTenantId, sample.OTHER_TENANT);
    });
  });

  describe('Entra ID errors', () => {
    it('reads AADSTS70021 assertion fields', () => {
      const parsed = parseObservedError(sample.AADSTS70021_JSON);

      assert.equal(parsed.kind, 'federated-credential-no-match');
      assert.equal(parsed.aadstsCode, '70021');
      assert.equal(parsed.code, 'invalid_request');
      assert.deepEqual(parsed.assertion, {
        issuer: sample.ISSUER_URL,
        subject: 'system:serviceaccount:payments:payments-api',
        audience: 'api://AzureADTokenExchange',
      });
    });

    it('reads AADSTS700211 issuer', () => {
      const parsed = parseObservedError(sample.AADSTS700211_SDK);

      assert.equal(parsed.kind, 'federated-credential-no-match');
      assert.equal(parsed.aadstsCode, '700211');
      assert.deepEqual(parsed.assertion, { issuer: sample.ISSUER_URL });
    });

    it('reads AADSTS700213 subject', () => {
      const parsed = parseObservedError(sample.AADSTS700213_TEXT);

      assert.equal(parsed.kind, 'federated-credential-no-match');
      assert.equal(parsed.aadstsCode, '700213');
      assert.equal(parsed.assertion?.subject, 'system:serviceaccount:default:workload-identity-sa');
    });

    it('reads AADSTS7002138 subject', () => {
      const parsed = parseObservedError(sample.AADSTS7002138_TEXT);

      assert.equal(parsed.kind, 'federated-credential-no-match');
      assert.equal(parsed.aadstsCode, '7002138');
      assert.equal(parsed.assertion?.subject, 'system:serviceaccount:Payments:payments-api');
    });

    it('reads AADSTS700016 application and directory', () => {
      const parsed = parseObservedError(sample.AADSTS700016_TEXT);

      assert.equal(parsed.kind, 'application-not-found');
      assert.equal(parsed.aadstsCode, '700016');
      assert.equal(parsed.applicationId, 'a8bd96cf-16e9-49aa-9a43-4613b03a4718');
      assert.equal(parsed.directoryTenant, 'Contoso');
    });

    it('leaves other AADSTS codes unrecognised', () => {
      const parsed = parseObservedError('AADSTS90061: Request to External OIDC endpoint failed.');

      assert.equal(parsed.kind, 'unrecognised');
      assert.equal(parsed.aadstsCode, '90061');
    });
  });

  describe('IMDS errors', () => {
    it('recognises "Identity not found"', () => {
      const parsed = parseObservedError(sample.IMDS_NOT_FOUND);

      assert.equal(parsed.kind, 'imds-identity-not-found');
      assert.equal(parsed.message, 'Identity not found');
    });

    it('recognises several identities on the node', () => {
      const parsed = parseObservedError(sample.IMDS_MULTIPLE);

      assert.equal(parsed.kind, 'imds-multiple-identities');
      assert.equal(parsed.status, 400);
    });
  });

  describe('bad input', () => {
    const inputs: [string, Parameters<typeof parseObservedError>[0]][] = [
      ['an empty string', ''],
      ['an unbalanced brace', '{"error": {"code": "Forbidden"'],
      ['plain prose', 'the pod cannot read the secret'],
      ['an object with an empty body', { status: 500, body: '' }],
      ['a JSON string literal', '"just a string"'],
      ['a JSON array', '[1, 2, 3]'],
    ];

    for (const [name, input] of inputs) {
      it(`returns unrecognised for ${name}`, () => {
        assert.equal(parseObservedError(input).kind, 'unrecognised');
      });
    }

    it('does not throw on a body that is not a string', () => {
      const input = { status: 403, body: { error: { code: 'Forbidden', message: 'Operation get is not allowed on a disabled secret.' } } };

      const parsed = parseObservedError(input as unknown as Parameters<typeof parseObservedError>[0]);

      assert.equal(parsed.kind, 'secret-disabled');
      assert.equal(parsed.status, 403);
    });
  });
});
