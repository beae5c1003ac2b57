import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { explainError } from '../../../../src/diagnosis/errors/explain';
import { parseObservedError } from '../../../../src/diagnosis/errors/parse';
import type { ErrorKind } from '../../../../src/diagnosis/observedError';

const KINDS: readonly ErrorKind[] = [
  'forbidden-by-rbac',
  'access-policy-denied',
  'obo-required',
  'forbidden-by-firewall',
  'forbidden-by-connection',
  'secret-disabled',
  'operation-not-allowed',
  'invalid-issuer',
  'federated-credential-no-match',
  'application-not-found',
  'imds-identity-not-found',
  'imds-multiple-identities',
  'unrecognised',
];

/** Pieces of real error texts, so random mixes hit the patterns and the JSON scanner. */
const FRAGMENTS = [
  '{', '}', '"', '\\', '\\"', '\\r\\n', '\n', ':', ',', ';', "'", '[', ']',
  '{"error":', '"code":"Forbidden"', '"innererror":{"code":"ForbiddenByRbac"}', 'Inner error: {', 'InnerError=',
  'Caller: appid=', 'oid=', 'iss=https://sts.windows.net/', 'numgroups=x', 'xms_mirid=', 'Action: \'', 'Resource: \'',
  'AADSTS70021', 'AADSTS700016', 'Assertion Issuer: \'', 'Expected one of ', ' found ', 'Client address: ', 'addr=',
  'Identity not found', 'Operation: "', 'does not have secrets get permission', 'Message="', 'Code: ', 'StatusCode=403',
  'WWW-Authenticate: Bearer authorization="', '3485f0df-cb87-422e-a720-c66f71d6ab2f',
];

const pasted = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseObservedError properties', () => {
  it('returns a known kind for any text', () => {
    fc.assert(
      fc.property(pasted, (text) => {
        const parsed = parseObservedError(text);

        assert.ok(KINDS.includes(parsed.kind), parsed.kind);
        assert.ok(!parsed.message.includes('(parse failed:'), parsed.message);
      }),
      { numRuns: 500 },
    );
  });

  it('returns a known kind for any object form', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }), fc.dictionary(fc.string({ maxLength: 30 }), pasted), pasted, (status, headers, body) => {
        const parsed = parseObservedError({ status, headers, body });

        assert.ok(KINDS.includes(parsed.kind), parsed.kind);
        assert.ok(!parsed.message.includes('(parse failed:'), parsed.message);
      }),
      { numRuns: 300 },
    );
  });

  it('parses a large log within seconds', () => {
    const log = 'Caller: appid=x;oid=y {"error": '.repeat(20000);
    const started = Date.now();

    parseObservedError(log);

    // Quadratic scanning took about a minute on this input; linear scanning takes well under a second.
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  });

  it('explains whatever it parsed', () => {
    fc.assert(
      fc.property(pasted, (text) => {
        const explanation = explainError(parseObservedError(text));

        assert.ok(explanation.headline.length > 0);
        assert.ok(explanation.nextSteps.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});
