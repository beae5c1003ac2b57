import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnosis, Finding } from '../../../src/diagnosis/finding';
import { FAMILY_TITLES } from '../../../src/report/labels';
import { formatMarkdown } from '../../../src/report/markdown';
import { renderDiagnosis } from '../../../src/report/output';
import { summarize, verdictSentence } from '../../../src/report/summary';
import { formatText } from '../../../src/report/text';
import { hostileDiagnosis, PRINCIPAL, VAULT } from './fixtures';

function warning(title: string): Finding {
  return { code: 'rbac-group-cache', family: 'authorization', severity: 'warning', title, detail: 'Detail.', evidence: [], fixes: [] };
}

/** A should-work diagnosis with two warnings, named caller and logged denials. */
function warnedDiagnosis(): Diagnosis {
  return {
    ...hostileDiagnosis(),
    verdict: 'should-work',
    callerName: 'Build Engineer',
    findings: [warning('Access comes only through a group'), warning('The role changed moments ago'), { ...hostileDiagnosis().findings[1] }],
    recentDenials: {
      workspaceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law',
      table: 'AZKVAuditLogs',
      window: { start: '2026-12-03T12:00:00Z', end: '2026-12-04T12:00:00Z' },
      truncated: false,
      groups: [
        {
          callerObjectId: PRINCIPAL,
          callerClientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
          operationName: 'SecretGet',
          operation: 'secrets/get',
          reason: 'ForbiddenByRbac',
          clientAddress: '203.0.113.9',
          count: 7,
          firstSeen: '2026-12-04T10:00:00Z',
          lastSeen: '2026-12-04T11:58:00Z',
        } as never,
      ],
    },
  };
}

describe('report summary', () => {
  it('counts blockers with singular and plural', () => {
    const blocker = { severity: 'blocker' as const };

    assert.equal(verdictSentence('blocked', [blocker]), 'BLOCKED: 1 blocker stops the request.');
    assert.equal(verdictSentence('blocked', [blocker, blocker]), 'BLOCKED: 2 blockers stop the request.');
    assert.equal(verdictSentence('unknown', [{ severity: 'unknown' }]), 'UNKNOWN: no blocker was found, but 1 check could not run.');
  });

  it('says should work with warnings', () => {
    assert.equal(verdictSentence('should-work', [{ severity: 'warning' }, { severity: 'warning' }]), 'SHOULD WORK, with 2 warnings: no check found a blocker.');
    assert.equal(verdictSentence('should-work', [{ severity: 'ok' }]), 'SHOULD WORK: every check passed.');
  });

  it('lists blockers before unknowns and warnings', () => {
    const summary = summarize('blocked', [warning('w'), { ...hostileDiagnosis().findings[2] }, { ...hostileDiagnosis().findings[0] }]);

    assert.deepEqual(summary.items.map((item) => item.severity), ['blocker', 'unknown', 'warning']);
    assert.deepEqual(summary.items.map((item) => item.findingIndex), [2, 1, 0]);
    assert.match(summary.items[0].firstFix ?? '', /^Enable /);
  });

  it('puts the summary before the checks in text', () => {
    const text = formatText(renderDiagnosis(hostileDiagnosis()), { color: false });
    const lines = text.split('\n');

    assert.match(lines[1], /^ {2}\[BLOCKER\] {2}The secret /);
    assert.match(lines[2], /^ {13}Fix 1: Enable /);
    const unknown = lines.findIndex((line) => /^ {2}\[UNKNOWN\] {2}Deny assignments could not be read/.test(line));
    assert.ok(unknown > 2 && unknown < lines.indexOf('Checks'), `the unknown check is listed before Checks: ${unknown}`);
  });

  it('puts the summary before the checks in Markdown', () => {
    const markdown = formatMarkdown(renderDiagnosis(hostileDiagnosis()));

    assert.match(markdown, /\*\*Verdict:\*\* BLOCKED: 1 blocker stops the request\.\n\n## Summary\n\n- \*\*BLOCKER\*\* The secret /);
    assert.ok(markdown.indexOf('## Summary') < markdown.indexOf('## Checks'));
  });

  it('names the caller when known', () => {
    const text = formatText(renderDiagnosis(warnedDiagnosis()), { color: false });

    assert.match(text, new RegExp(`^Caller: Build Engineer \\(principal ${PRINCIPAL}\\)$`, 'm'));
    assert.match(text.split('\n')[0], /^SHOULD WORK, with 2 warnings/);
  });

  it('prints the vault notice first', () => {
    const notice = `The vault ${VAULT} was not found (404 ResourceNotFound). Check the subscription id.`;
    const diagnosis: Diagnosis = { ...hostileDiagnosis(), verdict: 'unknown', findings: [hostileDiagnosis().findings[2]], notice };
    const text = formatText(renderDiagnosis(diagnosis), { color: false });
    const markdown = formatMarkdown(renderDiagnosis(diagnosis));

    assert.match(text.split('\n').slice(1, 4).join(' '), /The vault .*kv-orders-prod was not found/);
    assert.match(markdown, /\*\*Verdict:\*\* UNKNOWN[^\n]*\n\n\*\*The vault /);
    assert.equal(renderDiagnosis(diagnosis).notice, notice);
  });

  it('shows recent denials in every format', () => {
    const output = renderDiagnosis(warnedDiagnosis());
    const text = formatText(output, { color: false });
    const markdown = formatMarkdown(output);

    assert.equal(output.recentDenials?.groups.length, 1);
    assert.match(text, /Recent denials in the audit log \(2026-12-03T12:00:00Z to 2026-12-04T12:00:00Z\)/);
    assert.match(text, /^ {2}- 7x SecretGet \(secrets\/get\), ForbiddenByRbac, last seen 2026-12-04T11:58:00Z$/m);
    assert.match(text, new RegExp(`^ {4}Caller: oid ${PRINCIPAL} appid 04b07795-8ddb-461a-bbee-02f9e1bf7b46$`, 'm'));
    assert.match(text, /^ {4}Client address: 203\.0\.113\.9$/m);
    assert.match(markdown, /\| Caller \| Operation \| Reason \| Client address \| Count \| Last seen \|/);
    assert.match(markdown, /\| SecretGet \(secrets/);
  });

  it('adds the cluster checks to verify', () => {
    const diagnosis = hostileDiagnosis();
    diagnosis.findings[0].verify = [{ kind: 'workload-identity-token-file', namespace: 'orders', target: 'deploy/orders-api' }];
    const output = renderDiagnosis(diagnosis);
    const check = output.findings[0].verify?.find((command) => command.az.startsWith('kubectl exec'));

    assert.ok(check, JSON.stringify(output.findings[0].verify));
    assert.match(check.expect ?? '', /token is mounted/);
    assert.match(formatText(output, { color: false }), /Expect: One line with the file size/);
    assert.match(formatMarkdown(output), /Expect: One line with the file size/);
  });

  it('has a localized string for each family title', () => {
    const bundle = JSON.parse(readFileSync(path.resolve(__dirname, '../../../l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
    const labels = readFileSync(path.resolve(__dirname, '../../../src/ui/report/labels.ts'), 'utf8');

    for (const title of Object.values(FAMILY_TITLES)) {
      assert.ok(bundle[title], `${title} is in the bundle`);
      assert.ok(labels.includes(`vscode.l10n.t('${title.replace(/'/g, "\\'")}')`), `${title} is a webview family label`);
    }
  });
});
