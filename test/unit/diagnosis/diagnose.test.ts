import assert from 'node:assert/strict';
import { InvalidRequestError, diagnose, sortFindings, verdictOf } from '../../../src/diagnosis/diagnose';
import { collectionChecks } from '../../../src/diagnosis/checks/collection';
import type { Finding } from '../../../src/diagnosis/finding';
import { PRINCIPAL_ID, ROLES, VAULT_ID, contextOf, makeFacts, roleAssignment, withCode } from './support/factsBuilder';

function finding(family: Finding['family'], severity: Finding['severity']): Finding {
  return { code: 'facts-incomplete', family, severity, title: `${family} ${severity}`, detail: '', evidence: [], fixes: [] };
}

describe('diagnose', () => {
  it('is should-work when everything is granted', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));

    const diagnosis = diagnose(facts);

    assert.equal(diagnosis.verdict, 'should-work');
    assert.equal(diagnosis.schema, 'kv-doctor-diagnosis/1');
    assert.equal(diagnosis.vaultId, VAULT_ID);
    assert.equal(diagnosis.principalId, PRINCIPAL_ID);
    assert.equal(diagnosis.now, facts.now);
  });

  it('is blocked with a blocker', () => {
    assert.equal(diagnose(makeFacts()).verdict, 'blocked');
  });

  it('is unknown, never should-work, while deny assignments are unknown', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));
    facts.gaps.push({ fact: 'denyAssignments', error: '403 AuthorizationFailed' });

    const diagnosis = diagnose(facts);

    assert.equal(diagnosis.verdict, 'unknown');
    assert.equal(withCode(diagnosis.findings, 'facts-incomplete', 'warning').length, 1);
  });

  it('is unknown when the vault could not be read', () => {
    const facts = makeFacts();
    delete facts.vault;
    facts.gaps.push({ fact: 'vault', error: '404 ResourceNotFound' });

    assert.equal(diagnose(facts).verdict, 'unknown');
  });

  it('stays blocked when another check is unknown', () => {
    const facts = makeFacts();
    facts.gaps.push({ fact: 'denyAssignments', error: '403 AuthorizationFailed' });

    assert.equal(diagnose(facts).verdict, 'blocked');
  });

  it('warnings leave should-work', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { createdOn: '2026-12-04T11:58:00Z', updatedOn: '2026-12-04T11:58:00Z' }));

    const diagnosis = diagnose(facts);

    assert.equal(diagnosis.verdict, 'should-work');
    assert.equal(withCode(diagnosis.findings, 'rbac-recent-change', 'warning').length, 1);
  });

  it('blames no recent change beside a blocker', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { createdOn: '2026-12-04T11:58:00Z', updatedOn: '2026-12-04T11:58:00Z' }));
    facts.objects[0] = { ref: 'secrets/db-password', exists: true, enabled: false };

    const diagnosis = diagnose(facts);

    assert.equal(diagnosis.verdict, 'blocked');
    assert.equal(withCode(diagnosis.findings, 'rbac-recent-change').length, 0);
  });

  it('runs the access policy check on an access policy vault', () => {
    const diagnosis = diagnose(makeFacts({ rbac: false }));

    assert.equal(withCode(diagnosis.findings, 'policy-no-entry', 'blocker').length, 1);
    assert.equal(withCode(diagnosis.findings, 'rbac-no-assignment').length, 0);
  });

  it('rejects an unknown operation with the accepted names', () => {
    const facts = makeFacts({ operations: ['secrets/fetch'] });

    assert.throws(() => diagnose(facts), (error: unknown) => error instanceof InvalidRequestError && /request\.operations\[0\]: unknown operation "secrets\/fetch"; expected one of secrets\/get/.test(error.message));
  });

  it('rejects an empty operation list', () => {
    assert.throws(() => diagnose(makeFacts({ operations: [] })), InvalidRequestError);
  });

  it('is deterministic', () => {
    const facts = makeFacts({ operations: ['secrets/list', 'secrets/get'] });
    facts.roleAssignments.push(roleAssignment(ROLES.keyVaultReader, VAULT_ID));

    assert.deepEqual(diagnose(facts), diagnose(structuredClone(facts)));
  });

  it('sorts by family, blockers first', () => {
    const sorted = sortFindings([finding('collection', 'ok'), finding('authorization', 'ok'), finding('authorization', 'blocker'), finding('model', 'unknown')]);

    assert.deepEqual(
      sorted.map((item) => item.title),
      ['model unknown', 'authorization blocker', 'authorization ok', 'collection ok'],
    );
  });

  it('computes the verdict from severities', () => {
    assert.equal(verdictOf([finding('model', 'ok'), finding('object', 'warning')]), 'should-work');
    assert.equal(verdictOf([finding('model', 'unknown'), finding('object', 'warning')]), 'unknown');
    assert.equal(verdictOf([finding('model', 'unknown'), finding('object', 'blocker')]), 'blocked');
  });
});

describe('collection check', () => {
  it('lists each gap with its error', () => {
    const facts = makeFacts();
    facts.gaps.push({ fact: 'denyAssignments', error: 'The client does not have authorization', status: 403, code: 'AuthorizationFailed' });
    facts.gaps.push({ fact: 'federatedCredentials:/x/id', error: 'throttled', status: 429 });

    const [summary] = collectionChecks(contextOf(facts));

    assert.equal(summary?.severity, 'warning');
    assert.deepEqual(summary?.missing, ['denyAssignments', 'federatedCredentials:/x/id']);
    assert.match(summary?.detail ?? '', /denyAssignments: 403 AuthorizationFailed The client does not have authorization/);
    assert.match(summary?.detail ?? '', /429 throttled/);
  });

  it('is ok without gaps', () => {
    assert.equal(collectionChecks(contextOf(makeFacts()))[0]?.severity, 'ok');
  });
});
