import { strict as assert } from 'node:assert';
import { fixKey, withoutDuplicateFixes } from '../../../src/diagnosis/dedupeFixes';
import type { Finding, Fix } from '../../../src/diagnosis/finding';

const VAULT = '/subscriptions/01421150-96ae-4df7-a757-749bc0ad464b/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1';

function setPolicy(note: string, secrets = ['get']): Fix {
  return { title: 'Set an access policy', spec: { kind: 'access-policy-set', vaultId: VAULT, objectId: '458b8a3b-208a-4cdf-a74e-fbf1d8498ab9', secrets }, note };
}

function blocker(code: Finding['code'], fixes: Fix[]): Finding {
  return { code, family: 'authorization', severity: 'blocker', title: code, detail: '', evidence: [], fixes };
}

describe('duplicate fixes', () => {
  it('keeps the first and merges notes', () => {
    const findings = withoutDuplicateFixes([
      blocker('model-access-policies', [setPolicy('Takes effect at once.'), { title: 'Or switch', spec: { kind: 'vault-update', vaultId: VAULT, enableRbacAuthorization: true } }]),
      blocker('policy-no-entry', [setPolicy('A client that got 403 may need to retry.')]),
    ]);

    assert.equal(findings[0].fixes.length, 2);
    assert.equal(findings[0].fixes[0].note, 'Takes effect at once. A client that got 403 may need to retry. The same change also resolves policy-no-entry.');
    assert.deepEqual(findings[1].fixes, []);
  });

  it('keeps fixes that differ', () => {
    const findings = withoutDuplicateFixes([blocker('model-access-policies', [setPolicy('a.')]), blocker('policy-no-entry', [setPolicy('b.', ['get', 'list'])])]);

    assert.equal(findings[1].fixes.length, 1);
    assert.equal(findings[0].fixes[0].note, 'a.');
  });

  it('ignores key and set order', () => {
    const a = fixKey({ kind: 'access-policy-set', vaultId: VAULT, objectId: 'x', secrets: ['list', 'get'] });
    const b = fixKey({ secrets: ['get', 'list'], objectId: 'x', vaultId: VAULT, kind: 'access-policy-set' });

    assert.equal(a, b);
  });

  it('does not repeat an identical note', () => {
    const findings = withoutDuplicateFixes([blocker('policy-no-entry', [setPolicy('Same.'), setPolicy('Same.')])]);

    assert.equal(findings[0].fixes.length, 1);
    assert.equal(findings[0].fixes[0].note, 'Same.');
  });

  it('leaves the input unchanged', () => {
    const input = [blocker('model-access-policies', [setPolicy('a.')]), blocker('policy-no-entry', [setPolicy('b.')])];
    withoutDuplicateFixes(input);

    assert.equal(input[1].fixes.length, 1);
    assert.equal(input[0].fixes[0].note, 'a.');
  });
});
