import assert from 'node:assert/strict';
import { toObservedError } from '../../../src/cli/explainCommand';
import { parseJson } from '../../../src/cli/jsonInput';

describe('toObservedError', () => {
  it('keeps plain text as text', () => {
    assert.equal(toObservedError('AADSTS70021: No matching federated identity record found'), 'AADSTS70021: No matching federated identity record found');
  });

  it('keeps a Key Vault error body as text', () => {
    const body = '{"error":{"code":"Forbidden","message":"x"}}';
    assert.equal(toObservedError(body), body);
  });

  it('reads status, headers and body from a wrapper', () => {
    const wrapper = JSON.stringify({ status: 403, headers: { 'x-ms-keyvault-network-info': 'addr=203.0.113.9;act_addr_fam=InterNetwork;', bad: 1 }, body: '{"error":{}}' });
    assert.deepEqual(toObservedError(wrapper), { status: 403, headers: { 'x-ms-keyvault-network-info': 'addr=203.0.113.9;act_addr_fam=InterNetwork;' }, body: '{"error":{}}' });
  });

  it('treats broken JSON as text', () => {
    assert.equal(toObservedError('{"body": '), '{"body": ');
  });
});

describe('parseJson', () => {
  const cases: [string, number, number, RegExp][] = [
    ['{"a": 1,}', 1, 9, /expected a property name in double quotes/],
    ['[1, 2', 1, 6, /expected ',' or '\]' after an array element/],
    ['{"a": "x\ny"}', 1, 9, /control character/],
    ['{"a": tru}', 1, 7, /expected a value/],
    ['{}\n{}', 2, 1, /after the end of the JSON value/],
    ['', 1, 1, /expected a value/],
    ['{"a": "\\q"}', 1, 8, /invalid escape \\q/],
  ];

  for (const [text, line, column, reason] of cases) {
    it(`locates the error in ${JSON.stringify(text)}`, () => {
      const result = parseJson(text);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.problem.line, line);
        assert.equal(result.problem.column, column);
        assert.match(result.problem.reason, reason);
      }
    });
  }

  it('accepts a byte order mark', () => {
    assert.deepEqual(parseJson('\ufeff{"a":1}'), { ok: true, value: { a: 1 } });
  });
});

describe('toObservedError with wrong field types', () => {
  const cases: [string, RegExp][] = [
    ['{"status":"abc","headers":5,"body":7}', /"body" is 7; it must be the response body as a string/],
    ['{"status":"abc","body":"x"}', /"status" is "abc"; it must be an HTTP status code/],
    ['{"status":42,"body":"x"}', /"status" is 42/],
    ['{"headers":5,"body":"x"}', /"headers" is 5; it must be an object/],
    ['{"headers":["a"],"body":"x"}', /"headers" is \["a"\]/],
    ['{"status":403}', /"body" is missing/],
  ];

  for (const [input, message] of cases) {
    it(`rejects ${input}`, () => {
      assert.throws(() => toObservedError(input), (error: Error) => error.name === 'UsageError' && message.test(error.message));
    });
  }

  it('keeps another JSON object as text', () => {
    assert.equal(toObservedError('{"message":"Forbidden"}'), '{"message":"Forbidden"}');
  });
});
