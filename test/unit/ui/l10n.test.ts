import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bundlePath, collectMessages } from './l10nStrings';

describe('l10n bundle', () => {
  const { messages, dynamic } = collectMessages();
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as Record<string, string>;

  it('every message is a literal', () => {
    assert.deepEqual(dynamic, [], 'vscode.l10n.t needs a string literal so the bundle can list it');
    assert.ok(messages.size > 50, `found only ${messages.size} messages`);
  });

  it('bundle lists every message', () => {
    const missing = [...messages.keys()].filter((message) => !(message in bundle));
    assert.deepEqual(missing, [], 'run: npx tsx test/unit/ui/l10nStrings.ts --write');
  });

  it('bundle has no stale message', () => {
    const stale = Object.keys(bundle).filter((message) => !messages.has(message));
    assert.deepEqual(stale, [], 'run: npx tsx test/unit/ui/l10nStrings.ts --write');
  });

  it('placeholders are numbered from zero', () => {
    for (const message of messages.keys()) {
      const numbers = [...message.matchAll(/\{(\d+)\}/g)].map((match) => Number(match[1]));
      const expected = [...new Set(numbers)].sort((a, b) => a - b);
      assert.deepEqual(expected, expected.map((_, index) => index), message);
    }
  });
});
