import * as assert from 'node:assert/strict';
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { retryAfterMs } from '../../../src/azure/policies';
import { describeError, formatError, gapFromError } from '../../../src/azure/errors';
import { requiredRolesFor } from '../../../src/azure/apply';

function response(status: number, headers: Record<string, string>): PipelineResponse {
  return { status, headers: createHttpHeaders(headers), request: createPipelineRequest({ url: 'https://arm.example/x' }) };
}

describe('request policies and errors', () => {
  it('reads Retry-After in its three forms', () => {
    assert.equal(retryAfterMs(response(429, { 'retry-after': '7' })), 7000);
    assert.equal(retryAfterMs(response(429, { 'retry-after-ms': '250' })), 250);
    assert.equal(retryAfterMs(response(429, {})), undefined);
    const date = new Date(Date.now() + 60_000).toUTCString();
    const fromDate = retryAfterMs(response(503, { 'retry-after': date })) ?? 0;
    assert.ok(fromDate > 55_000, String(fromDate));
    assert.ok(fromDate <= 60_000, String(fromDate));
  });

  it('describes ARM errors with status and code', () => {
    const error = Object.assign(new Error('The client has no authorization.'), { statusCode: 403, code: 'AuthorizationFailed' });

    assert.equal(formatError(error), '403 AuthorizationFailed: The client has no authorization.');
    assert.deepEqual(gapFromError('denyAssignments', error, 'Listing deny assignments'), {
      fact: 'denyAssignments',
      error: 'Listing deny assignments: The client has no authorization.',
      status: 403,
      code: 'AuthorizationFailed',
    });
  });

  it('prefers the code of a modular client body', () => {
    const error = Object.assign(new Error('generic'), { statusCode: 404, code: 'NotFound', details: { error: { code: 'ResourceNotFound', message: 'The vault was not found.' } } });

    assert.deepEqual(describeError(error), { message: 'The vault was not found.', status: 404, code: 'ResourceNotFound' });
  });

  it('names the roles a write needs', () => {
    assert.match(requiredRolesFor('/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/v/providers/Microsoft.Authorization/roleAssignments/g'), /User Access Administrator.*at \/subscriptions\/s\/resourceGroups\/r\/providers\/Microsoft.KeyVault\/vaults\/v\./);
    assert.match(requiredRolesFor('/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/v/accessPolicies/add'), /Key Vault Contributor or Contributor on \/subscriptions\/s\/resourceGroups\/r\/providers\/Microsoft.KeyVault\/vaults\/v\./);
    assert.match(requiredRolesFor('/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/i/federatedIdentityCredentials/f'), /Managed Identity Contributor/);
  });
});
