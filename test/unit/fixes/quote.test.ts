import assert from 'node:assert/strict';
import fc from 'fast-check';
import { quoteBash, quotePowerShell, UnquotableValueError } from '../../../src/fixes/quote';
import { BashSandbox, tokenizePowerShell } from './shells';

/** Characters that break naive quoting in bash, PowerShell, cmd.exe or a terminal. */
const HOSTILE = [
  ' ', "'", '"', '$', '`', '\\', '(', ')', '!', '*', '?', ';', '&', '|', '<', '>', '\n', '\r', '\t', '#', '~', '{', '}', '[', ']',
  '%', '^', '@', ',', '=', '-', '--', '+', '.', '0x', '1e3', ':',
  'ü', 'é', 'Ω', '東京', 'ß', '😀',
  '\u202e', '\u202d', '\u2066', '\u2069', '\u200b', '\u200f', '\u061c', '\ufeff', '\u2028', '\u001b', '\u007f', '\u0085',
  '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e',
  '$(id)', '${HOME}', '$env:PATH', '@(1)', '--%', "'@", 'JSON',
];

/** Strings made of hostile fragments and arbitrary code points, without NUL (no argument can hold one). */
const hostileString = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 3 }), fc.stringMatching(/^[a-z0-9-]{1,6}$/)), { maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter((text) => !text.includes('\u0000'));

describe('quoteBash', () => {
  let sandbox: BashSandbox;
  let byteSandbox: BashSandbox;

  before(() => {
    sandbox = new BashSandbox('C.UTF-8');
    byteSandbox = new BashSandbox('C');
  });

  after(() => {
    sandbox.remove();
    byteSandbox.remove();
  });

  it('leaves plain tokens bare', () => {
    for (const token of ['4633458b-17de-408a-b874-0445c86b69e6', '/subscriptions/x/resourceGroups/rg_1/providers/A.B/c/d', 'api://AzureADTokenExchange', 'a=b,c+d@e']) {
      assert.equal(quoteBash(token), token);
    }
  });

  it('quotes the empty string', () => {
    assert.equal(quoteBash(''), "''");
  });

  it('prefers double quotes for a lone apostrophe', () => {
    assert.equal(quoteBash("[?principalId=='x']"), `"[?principalId=='x']"`);
  });

  it('writes invisible characters as visible byte escapes', () => {
    assert.equal(quoteBash('a\u202eb\nc'), "$'a\\xe2\\x80\\xaeb\\nc'");
  });

  it('rejects a NUL character with the value in the message', () => {
    assert.throws(() => quoteBash('a\u0000b'), (error: unknown) => error instanceof UnquotableValueError && /NUL/.test(error.message));
  });

  it('passes hostile strings to a program as one argument', function () {
    this.timeout(60000);
    fc.assert(
      fc.property(fc.array(hostileString, { minLength: 1, maxLength: 4 }), (values) => {
        const invocations = sandbox.run(`az ${values.map(quoteBash).join(' ')}`);
        assert.deepEqual(invocations, [{ program: 'az', args: values }]);
      }),
      { numRuns: 150 },
    );
  });

  it('passes hostile strings intact in the C locale too', function () {
    this.timeout(60000);
    fc.assert(
      fc.property(hostileString, (text) => {
        const invocations = byteSandbox.run(`az --name ${quoteBash(text)} --yes`);
        assert.deepEqual(invocations, [{ program: 'az', args: ['--name', text, '--yes'] }]);
      }),
      { numRuns: 80 },
    );
  });
});

describe('quotePowerShell', () => {
  it('leaves plain tokens and GUIDs bare', () => {
    for (const token of ['kv-orders-prod', '/subscriptions/x/providers/A.B/c', '0aeaa121-1876-4f51-b4de-f7cfb58d19fc', 'api://AzureADTokenExchange']) {
      assert.equal(quotePowerShell(token), token);
    }
  });

  it('quotes tokens PowerShell would parse as numbers', () => {
    assert.equal(quotePowerShell('1e3'), "'1e3'");
    assert.equal(quotePowerShell('0x10'), "'0x10'");
    assert.equal(quotePowerShell('1kb'), "'1kb'");
  });

  it('quotes splatting, arrays and parameter-like values', () => {
    assert.equal(quotePowerShell('@role.json'), "'@role.json'");
    assert.equal(quotePowerShell('a,b'), "'a,b'");
    assert.equal(quotePowerShell('-enabled'), "'-enabled'");
  });

  it('doubles every single-quote character', () => {
    assert.equal(quotePowerShell("it's \u2018a\u2019 \u201ab\u201b $x"), "'it''s \u2018\u2018a\u2019\u2019 \u201a\u201ab\u201b\u201b $x'");
  });

  it('uses double quotes when that needs no escapes', () => {
    assert.equal(quotePowerShell("[?principalId=='x']"), `"[?principalId=='x']"`);
  });

  it('writes invisible characters as [char] codes', () => {
    assert.equal(quotePowerShell('a\u202eb'), "('a' + [char]0x202E + 'b')");
    assert.equal(quotePowerShell('\n'), "('' + [char]0x000A)");
  });

  it('round-trips hostile strings through the reference tokenizer', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        assert.deepEqual(tokenizePowerShell(`az --name ${quotePowerShell(text)}`), ['az', '--name', text]);
      }),
      { numRuns: 2000 },
    );
  });

  it('never writes $ or a backtick outside single quotes', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const quoted = quotePowerShell(text);
        if (quoted.startsWith('"')) {
          assert.doesNotMatch(quoted, /[$`]/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
