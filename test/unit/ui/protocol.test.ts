import assert from 'node:assert/strict';
import { LABEL_KEYS, isReportModel, parseHostMessage, parseWebviewMessage, type ReportModel } from '../../../src/ui/report/protocol';

function labels(): ReportModel['labels'] {
  return Object.fromEntries(LABEL_KEYS.map((key) => [key, key])) as ReportModel['labels'];
}

function model(): ReportModel {
  return {
    verdict: 'blocked',
    headline: '1 blocker',
    vaultId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
    callerLabel: 'id-app',
    operations: ['secrets/get'],
    objects: ['secrets/a'],
    now: '2026-12-04T12:00:00Z',
    live: true,
    labels: labels(),
    families: [
      {
        family: 'authorization',
        label: 'Authorization',
        findings: [
          {
            id: '0',
            code: 'rbac-missing-data-action',
            family: 'authorization',
            severity: 'blocker',
            title: 'No data action',
            detail: 'detail',
            evidence: ['/subscriptions/x'],
            missing: [],
            fixes: [{ id: '0.0', title: 'Grant', bash: 'az', powershell: 'az', armWrites: [{ method: 'PUT', path: '/x', description: 'd' }], canApply: true }],
            checks: [{ title: 'List assignments', bash: 'az role assignment list', powershell: 'az role assignment list' }],
          },
        ],
      },
    ],
  };
}

describe('webview message validation', () => {
  it('accepts each known message', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'copyFix', fixId: '2.1', shell: 'bash' }), { type: 'copyFix', fixId: '2.1', shell: 'bash' });
    assert.deepEqual(parseWebviewMessage({ type: 'runInTerminal', fixId: '0.0', shell: 'powershell' }), {
      type: 'runInTerminal',
      fixId: '0.0',
      shell: 'powershell',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'applyFix', fixId: '3.0' }), { type: 'applyFix', fixId: '3.0' });
    assert.deepEqual(parseWebviewMessage({ type: 'copyEvidence', findingId: '4', index: 2 }), { type: 'copyEvidence', findingId: '4', index: 2 });
    assert.deepEqual(parseWebviewMessage({ type: 'exportMarkdown' }), { type: 'exportMarkdown' });
    assert.deepEqual(parseWebviewMessage({ type: 'saveFacts' }), { type: 'saveFacts' });
    assert.deepEqual(parseWebviewMessage({ type: 'rediagnose' }), { type: 'rediagnose' });
  });

  it('drops extra fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'applyFix', fixId: '1.0', body: { evil: true } }), { type: 'applyFix', fixId: '1.0' });
  });

  it('rejects malformed messages', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      {},
      { type: 'unknown' },
      { type: 'copyFix', fixId: '1.0', shell: 'cmd' },
      { type: 'copyFix', fixId: '../1', shell: 'bash' },
      { type: 'applyFix', fixId: 1 },
      { type: 'applyFix', fixId: '1.0; rm -rf /' },
      { type: 'copyEvidence', findingId: '1', index: -1 },
      { type: 'copyEvidence', findingId: '1', index: 1.5 },
      { type: 'copyEvidence', findingId: 'x', index: 0 },
      { type: 'runInTerminal', fixId: '1.0' },
    ];
    for (const message of bad) {
      assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
    }
  });
});

describe('host message validation', () => {
  it('accepts a complete render message', () => {
    const message = parseHostMessage({ type: 'render', model: model() });
    assert.equal(message?.type, 'render');
  });

  it('accepts busy and idle', () => {
    assert.deepEqual(parseHostMessage({ type: 'busy', text: 'Applying' }), { type: 'busy', text: 'Applying' });
    assert.deepEqual(parseHostMessage({ type: 'idle' }), { type: 'idle' });
    assert.equal(parseHostMessage({ type: 'busy' }), undefined);
  });

  it('rejects a model with a bad field', () => {
    const cases: [string, (m: ReportModel) => void][] = [
      ['verdict', (m) => ((m as { verdict: string }).verdict = 'fine')],
      ['severity', (m) => ((m.families[0].findings[0] as { severity: string }).severity = 'fatal')],
      ['family', (m) => ((m.families[0] as { family: string }).family = 'dns')],
      ['evidence', (m) => ((m.families[0].findings[0] as { evidence: unknown }).evidence = [1])],
      ['fix id', (m) => (m.families[0].findings[0].fixes[0].id = 'x')],
      ['arm write', (m) => ((m.families[0].findings[0].fixes[0].armWrites as unknown[]).push({ method: 'PUT' }))],
      ['canApply', (m) => ((m.families[0].findings[0].fixes[0] as { canApply: unknown }).canApply = 'yes')],
      ['label', (m) => delete (m.labels as Partial<ReportModel['labels']>).apply],
      ['live', (m) => ((m as { live: unknown }).live = undefined)],
      ['check', (m) => ((m.families[0].findings[0].checks as unknown[]).push({ title: 'x' }))],
    ];
    for (const [name, mutate] of cases) {
      const broken = model();
      mutate(broken);
      assert.equal(isReportModel(broken), false, name);
      assert.equal(parseHostMessage({ type: 'render', model: broken }), undefined, name);
    }
  });
});
