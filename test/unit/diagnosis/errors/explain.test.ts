import { strict as assert } from 'node:assert';
import { explainError } from '../../../../src/diagnosis/errors/explain';
import { parseObservedError } from '../../../../src/diagnosis/errors/parse';
import type { ErrorKind } from '../../../../src/diagnosis/observedError';
import * as sample from './samples';

describe('explainError', () => {
  const byKind: [ErrorKind, Parameters<typeof parseObservedError>[0]][] = [
    ['forbidden-by-rbac', sample.RBAC_JSON],
    ['access-policy-denied', sample.ACCESS_POLICY_JSON],
    ['obo-required', sample.OBO_JSON],
    ['forbidden-by-firewall', sample.FIREWALL_AZCORE],
    ['forbidden-by-connection', sample.CONNECTION_BYPASS_JSON],
    ['secret-disabled', sample.SECRET_DISABLED_JSON],
    ['operation-not-allowed', sample.OPERATION_NOT_ALLOWED_DOTNET],
    ['invalid-issuer', sample.INVALID_ISSUER_RESPONSE],
    ['federated-credential-no-match', sample.AADSTS70021_JSON],
    ['application-not-found', sample.AADSTS700016_TEXT],
    ['imds-identity-not-found', sample.IMDS_NOT_FOUND],
    ['imds-multiple-identities', sample.IMDS_MULTIPLE],
    ['unrecognised', 'nothing to see'],
  ];

  for (const [kind, input] of byKind) {
    it(`explains ${kind}`, () => {
      const explanation = explainError(parseObservedError(input));

      assert.equal(explanation.kind, kind);
      assert.ok(explanation.headline.length > 0);
      assert.ok(explanation.meaning.length > 0);
      assert.ok(explanation.nextSteps.length > 0);
      assert.ok(!`${explanation.meaning} ${explanation.nextSteps.join(' ')}`.includes('undefined'), explanation.meaning);
    });
  }

  it('names the caller ids and what each is for', () => {
    const explanation = explainError(parseObservedError(sample.RBAC_JSON));

    assert.equal(explanation.caller?.objectId, sample.OBJECT_ID);
    assert.equal(explanation.caller?.clientId, sample.APP_ID);
    assert.equal(explanation.caller?.tenantId, sample.TENANT);
    assert.equal(explanation.caller?.groupCount, 4);
    assert.match(explanation.caller?.summary ?? '', /principal \(object\) id is 458b8a3b/);
    assert.match(explanation.caller?.summary ?? '', /client \(application\) id is 0787ae89/);
  });

  it('points at the node identity for an MC_ resource group', () => {
    const explanation = explainError(parseObservedError(sample.RBAC_JSON));

    assert.match(explanation.caller?.summary ?? '', /aks-warehouse-agentpool/);
    assert.match(explanation.caller?.summary ?? '', /kubelet/);
  });

  it('puts the refused action and permission in the meaning', () => {
    assert.match(explainError(parseObservedError(sample.RBAC_JSON)).meaning, /secrets\/getSecret\/action/);
    assert.match(explainError(parseObservedError(sample.ACCESS_POLICY_JSON)).meaning, /secrets get/);
    assert.match(explainError(parseObservedError(sample.FIREWALL_AZCORE)).meaning, /20\.61\.10\.7/);
  });

  it('quotes the assertion values of AADSTS70021', () => {
    const meaning = explainError(parseObservedError(sample.AADSTS70021_JSON)).meaning;

    assert.ok(meaning.includes(sample.ISSUER_URL));
    assert.ok(meaning.includes('system:serviceaccount:payments:payments-api'));
  });

  it('leaves the caller out when the error names none', () => {
    assert.equal(explainError(parseObservedError(sample.IMDS_NOT_FOUND)).caller, undefined);
  });
});

describe('explainError with a Microsoft tool client id', () => {
  const tools: [string, RegExp][] = [
    ['04b07795-8ddb-461a-bbee-02f9e1bf7b46', /the Azure CLI.*`az login`/],
    ['1950a258-227b-4e31-a9cf-717495945fc2', /Azure PowerShell.*`Connect-AzAccount`/],
    ['aebc6443-996d-45c2-90f0-388ff96faa56', /Visual Studio Code/],
    ['872cd9fa-d31f-45e0-9eab-6e460a02d1f1', /Visual Studio, a Microsoft application/],
  ];

  for (const [appId, tool] of tools) {
    it(`names the signed-in user for ${appId}`, () => {
      const summary = explainError(parseObservedError(sample.RBAC_JSON.replace(sample.APP_ID, appId))).caller?.summary ?? '';

      assert.match(summary, tool);
      assert.match(summary, new RegExp(`${sample.OBJECT_ID} is that user's`));
      assert.doesNotMatch(summary, /workload's configuration must name/);
    });
  }

  it('keeps the workload wording for other ids', () => {
    const summary = explainError(parseObservedError(sample.RBAC_JSON)).caller?.summary ?? '';

    assert.match(summary, /workload's configuration must name/);
  });
});
