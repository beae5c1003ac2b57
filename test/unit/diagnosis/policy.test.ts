import assert from 'node:assert/strict';
import { policyChecks } from '../../../src/diagnosis/checks/policy';
import type { AccessFacts } from '../../../src/diagnosis/facts';
import type { Finding, FixSpec } from '../../../src/diagnosis/finding';
import { CLIENT_ID, GROUP_ID, PRINCIPAL_ID, TENANT, VAULT_ID, accessPolicy, codesWith, contextOf, makeFacts, withCode } from './support/factsBuilder';

function run(facts: AccessFacts): Finding[] {
  return policyChecks(contextOf(facts));
}

function specs(finding: Finding | undefined): FixSpec[] {
  return (finding?.fixes ?? []).map((fix) => fix.spec);
}

describe('access policy check', () => {
  it('allows get with an entry for the principal', () => {
    const facts = makeFacts({ rbac: false });
    facts.vault?.accessPolicies.push(accessPolicy(PRINCIPAL_ID, { secrets: ['Get'] }));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.equal(withCode(findings, 'policy-missing-permission', 'ok').length, 1);
  });

  it('all grants every permission', () => {
    const facts = makeFacts({ rbac: false, operations: ['secrets/list', 'secrets/get'] });
    facts.vault?.accessPolicies.push(accessPolicy(PRINCIPAL_ID, { secrets: ['all'] }));

    assert.deepEqual(codesWith(run(facts), 'blocker'), []);
  });

  it('an entry for a group the caller is in allows', () => {
    const facts = makeFacts({ rbac: false });
    facts.caller.groupIds = [GROUP_ID];
    facts.vault?.accessPolicies.push(accessPolicy(GROUP_ID, { secrets: ['get'] }));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.match(withCode(findings, 'policy-missing-permission', 'ok')[0]?.detail ?? '', /group/);
  });

  it('no entry gives a set-policy fix with the principal id', () => {
    const facts = makeFacts({ rbac: false, operations: ['secrets/list', 'secrets/get'] });

    const blocker = withCode(run(facts), 'policy-no-entry', 'blocker')[0];

    assert.deepEqual(specs(blocker), [{ kind: 'access-policy-set', vaultId: VAULT_ID, objectId: PRINCIPAL_ID, tenantId: TENANT, secrets: ['get', 'list'] }]);
  });

  it('merges missing permissions with the existing ones', () => {
    const facts = makeFacts({ rbac: false, operations: ['secrets/list', 'secrets/get'] });
    facts.vault?.accessPolicies.push(accessPolicy(PRINCIPAL_ID, { secrets: ['get'], keys: ['get'] }));

    const blocker = withCode(run(facts), 'policy-missing-permission', 'blocker')[0];

    assert.match(blocker?.title ?? '', /secrets list/);
    assert.deepEqual(specs(blocker), [{ kind: 'access-policy-set', vaultId: VAULT_ID, objectId: PRINCIPAL_ID, tenantId: TENANT, secrets: ['get', 'list'], keys: ['get'] }]);
  });

  it('keys/wrap needs the wrapKey permission', () => {
    const facts = makeFacts({ rbac: false, operations: ['keys/get', 'keys/wrap', 'keys/unwrap'], objects: ['keys/cmk'] });
    facts.vault?.accessPolicies.push(accessPolicy(PRINCIPAL_ID, { keys: ['get', 'wrap'] }));

    const blocker = withCode(run(facts), 'policy-missing-permission', 'blocker')[0];

    assert.deepEqual(specs(blocker)[0], { kind: 'access-policy-set', vaultId: VAULT_ID, objectId: PRINCIPAL_ID, tenantId: TENANT, keys: ['get', 'wrap', 'unwrapKey', 'wrapKey'] });
  });

  it('an entry holding the client id is named as such', () => {
    const facts = makeFacts({ rbac: false });
    facts.vault?.accessPolicies.push(accessPolicy(CLIENT_ID, { secrets: ['get'] }));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), ['policy-client-id-as-object-id']);
    const blocker = withCode(findings, 'policy-client-id-as-object-id', 'blocker')[0];
    assert.deepEqual(specs(blocker), [
      { kind: 'access-policy-set', vaultId: VAULT_ID, objectId: PRINCIPAL_ID, tenantId: TENANT, secrets: ['get'] },
      { kind: 'access-policy-delete', vaultId: VAULT_ID, objectId: CLIENT_ID, tenantId: TENANT, permissions: { secrets: ['get'] } },
    ]);
  });

  it('an entry with another identity\'s client id is info', () => {
    const facts = makeFacts({ rbac: false });
    facts.vault?.accessPolicies.push(accessPolicy(PRINCIPAL_ID, { secrets: ['get'] }));
    facts.identities.push({ id: '/x/id-other', name: 'id-other', principalId: 'dddddddd-0000-4000-8000-000000000004', clientId: 'eeeeeeee-0000-4000-8000-000000000005', tenantId: facts.vault?.tenantId ?? '' });
    facts.vault?.accessPolicies.push(accessPolicy('eeeeeeee-0000-4000-8000-000000000005', { secrets: ['get'] }));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.equal(withCode(findings, 'policy-client-id-as-object-id', 'info').length, 1);
  });

  it('a compound identity entry is deleted then set again', () => {
    const facts = makeFacts({ rbac: false });
    facts.vault?.accessPolicies.push(accessPolicy(PRINCIPAL_ID, { secrets: ['get', 'list'] }, { applicationId: 'f0f0f0f0-0000-4000-8000-000000000006' }));

    const blocker = withCode(run(facts), 'policy-compound-identity', 'blocker')[0];

    assert.deepEqual(specs(blocker), [
      { kind: 'access-policy-delete', vaultId: VAULT_ID, objectId: PRINCIPAL_ID, tenantId: TENANT, permissions: { secrets: ['get', 'list'] }, applicationId: 'f0f0f0f0-0000-4000-8000-000000000006' },
      { kind: 'access-policy-set', vaultId: VAULT_ID, objectId: PRINCIPAL_ID, tenantId: TENANT, secrets: ['get', 'list'] },
    ]);
  });

  it('an entry of another tenant is ignored', () => {
    const facts = makeFacts({ rbac: false });
    facts.vault?.accessPolicies.push(accessPolicy(PRINCIPAL_ID, { secrets: ['get'] }, { tenantId: '77777777-0000-4000-8000-000000000007' }));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), ['policy-tenant-mismatch']);
    assert.equal(specs(withCode(findings, 'policy-tenant-mismatch')[0])[0]?.kind, 'access-policy-set');
  });

  it('unread group membership with possible group entries is unknown', () => {
    const facts = makeFacts({ rbac: false });
    delete facts.caller.groupIds;
    facts.vault?.accessPolicies.push(accessPolicy(GROUP_ID, { secrets: ['get'] }));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.deepEqual(withCode(findings, 'policy-no-entry', 'unknown')[0]?.missing, ['directory']);
  });

  it('an unknown principal id is unknown', () => {
    const facts = makeFacts({ rbac: false });
    delete facts.caller.principalId;

    assert.deepEqual(codesWith(run(facts), 'unknown'), ['policy-no-entry']);
  });
});
