import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { diagnoseCommandLine, shellQuote } from '../../../sandbox/exampleCommand';
import type { ScenarioQuestion } from '../../../src/scenario/types';

const VAULT = "/subscriptions/c42ab405-d70c-4996-bf77-fa649b94c39b/resourceGroups/rg-o'brien (test)/providers/Microsoft.KeyVault/vaults/kv-catalog-prod";

/** Splits a command line the way bash does, by running bash's printf on it. */
function bashWords(line: string): string[] {
  const result = spawnSync('bash', ['-c', `set -- ${line.replace(/^npx /, '')}; printf '%s\\n' "$@"`], { encoding: 'utf8' });
  return result.stdout.split('\n').slice(0, -1);
}

describe('sandbox example command', () => {
  it('names each kind of caller', () => {
    const question: ScenarioQuestion = { vault: VAULT, caller: { objectId: '3711f5df-218d-40b3-ad7e-2209ba3132ad' }, operations: ['secrets/list', 'secrets/get'], objects: ['secrets/a'] };

    assert.match(diagnoseCommandLine(question, 'https://127.0.0.1:8443', '/tmp/ca.pem'), /--object-id '3711f5df-218d-40b3-ad7e-2209ba3132ad'/);
    assert.match(diagnoseCommandLine({ ...question, caller: { clientId: 'c' } }, 'u', 'f'), /--client-id 'c'/);
    assert.match(diagnoseCommandLine({ ...question, caller: { identity: '/x' } }, 'u', 'f'), /--identity '\/x'/);
  });

  it('quotes every value for bash', () => {
    const question: ScenarioQuestion = { vault: VAULT, caller: { identity: '/id $HOME `x`' }, operations: ['secrets/get'], objects: [] };
    const words = bashWords(diagnoseCommandLine(question, 'https://127.0.0.1:8443', "/tmp/it's ca.pem"));

    assert.deepEqual(words, ['kv-doctor', 'diagnose', '--vault', VAULT, '--identity', '/id $HOME `x`', '--operations', 'secrets/get', '--arm-endpoint', 'https://127.0.0.1:8443', '--ca', "/tmp/it's ca.pem"]);
  });

  it('quotes a single quote', () => {
    assert.equal(shellQuote("a'b"), "'a'\\''b'");
  });
});
