import assert from 'node:assert/strict';
import { renderDiagnosis } from '../../../src/report/output';
import { formatText } from '../../../src/report/text';
import { hostileDiagnosis, PRINCIPAL, VAULT } from './fixtures';

describe('formatText', () => {
  const output = renderDiagnosis(hostileDiagnosis());
  const plain = formatText(output, { color: false });

  it('starts with the verdict', () => {
    assert.equal(plain.split('\n')[0], 'BLOCKED: 1 blocker stops the request.');
    assert.match(plain, new RegExp(`^Vault:  ${VAULT.replace(/[/.]/g, '\\$&')}$`, 'm'));
    assert.match(plain, new RegExp(`^Caller: principal ${PRINCIPAL}$`, 'm'));
  });

  it('lists every check by family, passed ones too', () => {
    const checks = plain.slice(plain.indexOf('Checks'), plain.indexOf('Fixes'));
    assert.match(checks, /Authorization\n {4}\[OK\] {7}The caller holds a data role on the vault \(rbac-no-assignment\)/);
    assert.match(checks, /Object state\n {4}\[BLOCKER\] {2}The secret /);
    assert.match(checks, /Collection of facts\n {4}\[UNKNOWN\] {2}Deny assignments could not be read/);
    assert.ok(checks.indexOf('Authorization') < checks.indexOf('Object state'), 'families follow the evaluation order');
  });

  it('shows missing facts', () => {
    assert.match(plain, /Missing: denyAssignments/);
  });

  it('prints the fix with both shells and the ARM request', () => {
    const fixes = plain.slice(plain.indexOf('\nFixes\n'));
    assert.match(fixes, /1\. Enable .* \(for secret-disabled\)/);
    assert.match(fixes, /bash:\n {7}az keyvault secret set-attributes/);
    assert.match(fixes, /PowerShell:\n {7}az keyvault secret set-attributes/);
    assert.match(fixes, /ARM: PATCH \/subscriptions\/.*\/secrets\/.*\?api-version=2026-02-01/);
  });

  it('never prints terminal escapes or bidirectional controls from names', () => {
    for (const character of ['\u202e', '\u202c', '\u001b']) {
      assert.ok(!plain.includes(character), `U+${character.charCodeAt(0).toString(16)} is not in the text`);
    }
    assert.match(plain, /<U\+202E>gnp\.exe<U\+202C> <U\+001B>\[31mred/);
  });

  it('colours only when asked', () => {
    const colored = formatText(output, { color: true });
    assert.ok(colored.startsWith('\u001b[1m\u001b[31mBLOCKED'));
    assert.ok(colored.includes('\u001b[32m[OK]      \u001b[0m'), 'the OK label is green');
  });

  it('prints a shared check-by-hand command once', () => {
    const diagnosis = hostileDiagnosis();
    const blocker = { code: 'rbac-no-assignment' as const, family: 'authorization' as const, severity: 'blocker' as const, title: 'No role', detail: 'd', evidence: [VAULT], fixes: [] };
    diagnosis.findings = [blocker, { ...blocker, code: 'rbac-scope-mismatch' as const, title: 'Wrong scope' }];
    const text = formatText(renderDiagnosis(diagnosis), { color: false });
    assert.equal(text.split('List role assignments that reach the vault').length - 1, 1);
  });

  it('says so when everything passed', () => {
    const diagnosis = hostileDiagnosis();
    diagnosis.verdict = 'should-work';
    diagnosis.findings = diagnosis.findings.filter((finding) => finding.severity === 'ok');
    const text = formatText(renderDiagnosis(diagnosis), { color: false });
    assert.equal(text.split('\n')[0], 'SHOULD WORK: every check passed.');
    assert.doesNotMatch(text, /\nFixes\n/);
  });
});
