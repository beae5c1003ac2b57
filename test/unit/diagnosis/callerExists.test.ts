import { strict as assert } from 'node:assert';
import { diagnose } from '../../../src/diagnosis/diagnose';
import type { AccessFacts } from '../../../src/diagnosis/facts';
import { CLIENT_ID, IDENTITY_ID, makeFacts, PRINCIPAL_ID, withCode } from './support/factsBuilder';

const TYPO = 'aaaaaaaa-0000-4000-8000-00000000000f';

/** The caller given by an object id that Microsoft Graph did not find. */
function unknownObjectId(objectId: string, rbac = true): AccessFacts {
  const facts = makeFacts({ rbac });
  facts.request.caller = { objectId };
  facts.caller = { principalId: objectId };
  facts.directory.missingObjectIds = [objectId];
  return facts;
}

describe('caller that does not exist', () => {
  it('blocks an object id with no directory object', () => {
    const diagnosis = diagnose(unknownObjectId(TYPO));
    const [finding] = withCode(diagnosis.findings, 'caller-not-found');

    assert.equal(finding.severity, 'blocker');
    assert.match(finding.title, new RegExp(TYPO));
    assert.match(finding.detail, /typo/);
    assert.match(finding.detail, /client \(application\) id/);
    assert.deepEqual(finding.fixes, []);
    assert.equal(diagnosis.verdict, 'blocked');
  });

  it('offers no role assignment for it', () => {
    const diagnosis = diagnose(unknownObjectId(TYPO));
    const specs = diagnosis.findings.flatMap((finding) => finding.fixes.map((fix) => fix.spec));

    assert.deepEqual(specs.filter((spec) => spec.kind === 'role-assignment-create'), []);
    assert.equal(withCode(diagnosis.findings, 'rbac-no-assignment', 'blocker').length, 0);
    assert.deepEqual(withCode(diagnosis.findings, 'rbac-no-assignment')[0].missing, ['caller']);
  });

  it('offers no access policy for it', () => {
    const diagnosis = diagnose(unknownObjectId(TYPO, false));
    const specs = diagnosis.findings.flatMap((finding) => finding.fixes.map((fix) => fix.spec));

    assert.deepEqual(specs.filter((spec) => spec.kind === 'access-policy-set'), []);
    assert.equal(withCode(diagnosis.findings, 'policy-no-entry', 'blocker').length, 0);
  });

  it('names the identity of a pasted client id', () => {
    const facts = unknownObjectId(CLIENT_ID);
    const [finding] = withCode(diagnose(facts).findings, 'caller-not-found');

    assert.match(finding.detail, new RegExp(`client id of the managed identity id-app, whose object id is ${PRINCIPAL_ID}`));
  });

  it('blocks a managed identity that returns 404', () => {
    const facts = makeFacts();
    facts.caller = { identityId: IDENTITY_ID, principalType: 'ServicePrincipal' };
    facts.identities = [];
    facts.gaps.push({ fact: 'identity', status: 404, code: 'ResourceNotFound', error: `The managed identity ${IDENTITY_ID} was not found` });
    facts.gaps.push({ fact: 'caller', status: 404, error: 'The caller principal id is unknown' });
    const diagnosis = diagnose(facts);
    const [finding] = withCode(diagnosis.findings, 'caller-not-found');

    assert.equal(finding.severity, 'blocker');
    assert.match(finding.detail, /typo/);
    assert.equal(diagnosis.verdict, 'blocked');
  });

  it('leaves a refused identity read unknown', () => {
    const facts = makeFacts();
    facts.caller = { identityId: IDENTITY_ID, principalType: 'ServicePrincipal' };
    facts.gaps.push({ fact: 'identity', status: 403, code: 'AuthorizationFailed', error: 'Reading the managed identity failed' });
    const diagnosis = diagnose(facts);

    assert.deepEqual(withCode(diagnosis.findings, 'caller-not-found'), []);
    assert.notEqual(diagnosis.verdict, 'should-work');
  });

  it('finds nothing for an existing caller', () => {
    assert.deepEqual(withCode(diagnose(makeFacts()).findings, 'caller-not-found'), []);
  });
});
