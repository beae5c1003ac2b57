import assert from 'node:assert/strict';
import { policyChecks } from '../../../src/diagnosis/checks/policy';
import { rbacChecks } from '../../../src/diagnosis/checks/rbac';
import { operationFromError } from '../../../src/diagnosis/rbac/errorOperation';
import { PRINCIPAL_ID, ROLES, TENANT, VAULT_ID, VAULT_NAME, accessPolicy, codesWith, contextOf, makeFacts, objectId, roleAssignment, withCode } from './support/factsBuilder';

function rbacDenial(action: string, resource: string, vaultName = VAULT_NAME): string {
  const message = [
    'Caller is not authorized to perform action on resource.',
    `Caller: appid=c;oid=${PRINCIPAL_ID};iss=https://sts.windows.net/t/`,
    `Action: '${action}'`,
    `Resource: '${resource.toLowerCase()}'`,
    'Assignment: (not found)',
    'DenyAssignmentId: null',
    'DecisionReason: null',
    `Vault: ${vaultName};location=westeurope`,
  ].join('\r\n');
  return JSON.stringify({ error: { code: 'Forbidden', message, innererror: { code: 'ForbiddenByRbac' } } });
}

function policyDenial(collection: string, permission: string): string {
  const message = `The user, group or application 'appid=c;oid=${PRINCIPAL_ID};iss=https://sts.windows.net/t/' does not have ${collection} ${permission} permission on key vault '${VAULT_NAME};location=westeurope'.`;
  return JSON.stringify({ error: { code: 'Forbidden', message, innererror: { code: 'ForbiddenByPolicy' } } });
}

describe('operation named by the pasted error', () => {
  it('adds the list call a get-only request left out', () => {
    const facts = makeFacts();
    facts.request.observedError = rbacDenial('Microsoft.KeyVault/vaults/secrets/readMetadata/action', VAULT_ID);

    assert.equal(operationFromError(contextOf(facts))?.operation.name, 'secrets/list');
  });

  it('adds an object call with the request\'s spelling of the name', () => {
    const facts = makeFacts({ operations: ['secrets/list'], objects: ['secrets/DB-Password'] });
    facts.request.observedError = rbacDenial('Microsoft.KeyVault/vaults/secrets/getSecret/action', objectId('secrets/DB-Password'));

    const found = operationFromError(contextOf(facts));

    assert.equal(found?.operation.name, 'secrets/get');
    assert.equal(found?.objectRef, 'secrets/DB-Password');
  });

  it('adds nothing when the request has the operation', () => {
    const facts = makeFacts({ operations: ['secrets/list', 'secrets/get'] });
    facts.request.observedError = rbacDenial('Microsoft.KeyVault/vaults/secrets/readMetadata/action', VAULT_ID);

    assert.equal(operationFromError(contextOf(facts)), undefined);
  });

  it('ignores an error from another vault', () => {
    const facts = makeFacts();
    facts.request.observedError = rbacDenial('Microsoft.KeyVault/vaults/secrets/readMetadata/action', VAULT_ID, 'kv-other');

    assert.equal(operationFromError(contextOf(facts)), undefined);
  });

  it('the rbac check judges the added list call', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, objectId('secrets/db-password')));
    facts.request.observedError = rbacDenial('Microsoft.KeyVault/vaults/secrets/readMetadata/action', VAULT_ID);

    const findings = rbacChecks(contextOf(facts));

    const blocker = withCode(findings, 'rbac-scope-mismatch', 'blocker')[0];
    assert.match(blocker?.title ?? '', /secrets\/list on the vault \(named by the pasted error\)/);
    const spec = blocker?.fixes[0]?.spec;
    assert.equal(spec?.kind === 'role-assignment-create' ? spec.scope : undefined, VAULT_ID);
    assert.equal(spec?.kind === 'role-assignment-create' ? spec.roleDefinitionGuid : undefined, ROLES.secretsUser);
  });

  it('the access policy check adds the list permission', () => {
    const facts = makeFacts({ rbac: false });
    facts.vault?.accessPolicies.push(accessPolicy(PRINCIPAL_ID, { secrets: ['get'] }));
    facts.request.observedError = policyDenial('secrets', 'list');

    const findings = policyChecks(contextOf(facts));

    assert.deepEqual(codesWith(findings, 'blocker'), ['policy-missing-permission']);
    assert.deepEqual(withCode(findings, 'policy-missing-permission')[0]?.fixes[0]?.spec, { kind: 'access-policy-set', vaultId: VAULT_ID, objectId: PRINCIPAL_ID, tenantId: TENANT, secrets: ['get', 'list'] });
  });
});
