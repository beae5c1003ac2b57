import assert from 'node:assert/strict';
import { modelChecks } from '../../../src/diagnosis/checks/model';
import type { Finding } from '../../../src/diagnosis/finding';
import { PRINCIPAL_ID, ROLES, TENANT, VAULT_ID, accessPolicy, codesWith, contextOf, makeFacts, roleAssignment, withCode } from './support/factsBuilder';
import type { AccessFacts } from '../../../src/diagnosis/facts';

function run(facts: AccessFacts): Finding[] {
  return modelChecks(contextOf(facts));
}

describe('permission model check', () => {
  it('an RBAC vault without policies is ok', () => {
    assert.deepEqual(codesWith(run(makeFacts()), 'ok'), ['model-rbac']);
  });

  it('an access policy vault ignores the caller\'s role', () => {
    const facts = makeFacts({ rbac: false });
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));
    facts.vault?.accessPolicies.push(accessPolicy('12121212-0000-4000-8000-000000000012', { secrets: ['get'] }));

    const blocker = withCode(run(facts), 'model-access-policies', 'blocker')[0];

    assert.ok(blocker);
    assert.deepEqual(
      blocker.fixes.map((fix) => fix.spec.kind),
      ['access-policy-set', 'vault-update'],
    );
    const [policy, change] = blocker.fixes;
    assert.deepEqual(policy?.spec, { kind: 'access-policy-set', vaultId: VAULT_ID, objectId: PRINCIPAL_ID, tenantId: TENANT, secrets: ['get'] });
    assert.deepEqual(change?.spec, { kind: 'vault-update', vaultId: VAULT_ID, enableRbacAuthorization: true });
    assert.match(change?.note ?? '', /First create role assignments/);
    assert.match(change?.note ?? '', /12121212-0000-4000-8000-000000000012/);
  });

  it('null enableRbacAuthorization means access policies', () => {
    const facts = makeFacts({ rbac: null });
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));

    const findings = run(facts);

    assert.equal(withCode(findings, 'model-access-policies', 'blocker').length, 1);
    assert.match(findings[0]?.detail ?? '', /absent \(null\)/);
  });

  it('a control-plane role on an access policy vault is no model mismatch', () => {
    const facts = makeFacts({ rbac: false });
    facts.roleAssignments.push(roleAssignment(ROLES.contributor, VAULT_ID));

    assert.deepEqual(codesWith(run(facts), 'ok'), ['model-access-policies']);
  });

  it('an RBAC vault ignores the caller\'s access policy', () => {
    const facts = makeFacts();
    facts.vault?.accessPolicies.push(accessPolicy(PRINCIPAL_ID, { secrets: ['get'] }));

    const blocker = withCode(run(facts), 'model-rbac', 'blocker')[0];

    assert.ok(blocker);
    const spec = blocker.fixes[0]?.spec;
    assert.equal(spec?.kind === 'role-assignment-create' ? spec.roleDefinitionGuid : undefined, ROLES.secretsUser);
  });

  it('an unread vault leaves the model unknown', () => {
    const facts = makeFacts();
    delete facts.vault;
    facts.gaps.push({ fact: 'vault', error: '403 AuthorizationFailed' });

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'unknown'), ['model-rbac']);
    assert.match(findings[0]?.detail ?? '', /403 AuthorizationFailed/);
  });
});

describe('permission model and the pasted error', () => {
  const rbacError = JSON.stringify({
    error: {
      code: 'Forbidden',
      message: `Caller is not authorized to perform action on resource.\r\nCaller: appid=x;oid=${PRINCIPAL_ID};iss=https://sts.windows.net/t/\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nResource: '${VAULT_ID.toLowerCase()}/secrets/db-password'\r\nAssignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: null\r\nVault: kv-app-prod;location=westeurope\r\n`,
      innererror: { code: 'ForbiddenByRbac' },
    },
  });

  it('notes an RBAC error from a vault that now uses access policies', () => {
    const facts = makeFacts({ rbac: false });
    facts.request.observedError = rbacError;

    const info = withCode(run(facts), 'model-access-policies', 'info');

    assert.equal(info.length, 1);
    assert.match(info[0]?.detail ?? '', /changed after the error/);
  });

  it('stays silent when the error matches the model', () => {
    const facts = makeFacts();
    facts.request.observedError = rbacError;

    assert.deepEqual(codesWith(run(facts), 'info'), []);
  });
});
