import assert from 'node:assert/strict';
import { objectChecks } from '../../../src/diagnosis/checks/objects';
import { VAULT_ID, VAULT_NAME, codesWith, contextOf, makeFacts, withCode } from './support/factsBuilder';

describe('object state check', () => {
  it('a disabled secret blocks get with an enable fix', () => {
    const facts = makeFacts({ operations: ['secrets/list', 'secrets/get'], objects: ['secrets/a', 'secrets/b'] });
    const disabled = facts.objects.find((object) => object.ref === 'secrets/b');
    if (disabled) {
      disabled.enabled = false;
    }

    const findings = objectChecks(contextOf(facts));

    const blocker = withCode(findings, 'secret-disabled', 'blocker')[0];
    assert.ok(blocker);
    assert.deepEqual(blocker.fixes[0]?.spec, { kind: 'secret-enable', vaultName: VAULT_NAME, secretName: 'b', vaultId: VAULT_ID });
    assert.match(withCode(findings, 'secret-disabled', 'ok')[0]?.title ?? '', /secrets\/a is enabled/);
  });

  it('a disabled secret does not block a list', () => {
    const facts = makeFacts({ operations: ['secrets/list'], objects: ['secrets/b'] });
    facts.objects[0] = { ref: 'secrets/b', exists: true, enabled: false };

    assert.deepEqual(objectChecks(contextOf(facts)), []);
  });

  it('an unread secret state is unknown', () => {
    const facts = makeFacts();
    facts.objects = [];
    facts.gaps.push({ fact: 'objects', error: '403 AuthorizationFailed' });

    const findings = objectChecks(contextOf(facts));

    assert.deepEqual(codesWith(findings, 'unknown'), ['secret-disabled']);
    assert.match(findings[0]?.detail ?? '', /403 AuthorizationFailed/);
  });

  it('a key without unwrapKey in keyOps blocks unwrap', () => {
    const facts = makeFacts({ operations: ['keys/get', 'keys/wrap', 'keys/unwrap'], objects: ['keys/cmk'] });
    facts.objects = [{ ref: 'keys/cmk', exists: true, enabled: true, keyOps: ['wrapKey', 'encrypt'] }];

    const findings = objectChecks(contextOf(facts));

    const blocker = withCode(findings, 'key-operation-not-allowed', 'blocker')[0];
    assert.ok(blocker);
    assert.match(blocker.title, /unwrapKey/);
    assert.doesNotMatch(blocker.title, / wrapKey/);
    assert.deepEqual(blocker.fixes.map((fix) => fix.spec), [
      { kind: 'key-operations-update', vaultName: facts.vault?.name, keyName: 'cmk', keyOps: ['wrapKey', 'encrypt', 'unwrapKey'] },
    ]);
  });

  it('a key permitting the operations is ok', () => {
    const facts = makeFacts({ operations: ['keys/wrap', 'keys/unwrap'], objects: ['keys/cmk'] });
    facts.objects = [{ ref: 'keys/cmk', exists: true, enabled: true, keyOps: ['wrapKey', 'unwrapKey'] }];

    assert.deepEqual(codesWith(objectChecks(contextOf(facts)), 'ok'), ['key-operation-not-allowed']);
  });
});
