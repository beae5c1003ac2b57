import assert from 'node:assert/strict';
import type { Diagnosis, Finding } from '../../../src/diagnosis/finding';
import { buildReportModel, countBySeverity, fixId, parseFixId } from '../../../src/ui/report/model';
import { LABEL_KEYS, isReportModel, type ReportModel } from '../../../src/ui/report/protocol';

function finding(code: Finding['code'], family: Finding['family'], severity: Finding['severity']): Finding {
  return { code, family, severity, title: `${code} title`, detail: `${code} detail`, evidence: [`/evidence/${code}`], fixes: [] };
}

const diagnosis: Diagnosis = {
  schema: 'kv-doctor-diagnosis/1',
  verdict: 'blocked',
  now: '2026-12-04T12:00:00Z',
  vaultId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
  findings: [
    finding('rbac-missing-data-action', 'authorization', 'blocker'),
    finding('network-firewall', 'network', 'ok'),
    finding('facts-incomplete', 'collection', 'unknown'),
    finding('wi-fic-missing', 'identity', 'warning'),
  ],
};

const labels = Object.fromEntries(LABEL_KEYS.map((key) => [key, key])) as ReportModel['labels'];
const familyLabels = { network: 'N', identity: 'I', model: 'M', authorization: 'A', object: 'O', collection: 'C' };

function build(): ReportModel {
  return buildReportModel({
    diagnosis,
    fixes: [
      [
        {
          title: 'Grant',
          az: 'az role assignment create',
          powershell: 'az role assignment create',
          arm: [{ method: 'PUT', path: '/x', apiVersion: '2022-04-01', body: {}, description: 'Assign' }],
        },
        { title: 'Edit', edit: { file: 'k8s/sa.yaml', range: [6, 4, 6, 40], newText: 'x' } },
      ],
    ],
    checks: [[{ title: 'List', az: 'az role assignment list', powershell: 'az role assignment list' }]],
    operations: ['secrets/get'],
    objects: ['secrets/a'],
    callerLabel: 'id-app',
    headline: 'h',
    live: true,
    labels,
    familyLabels,
  });
}

describe('report model', () => {
  it('groups findings in family order', () => {
    const model = build();
    assert.deepEqual(
      model.families.map((family) => family.family),
      ['network', 'identity', 'authorization', 'collection'],
    );
    assert.deepEqual(
      model.families.map((family) => family.label),
      ['N', 'I', 'A', 'C'],
    );
  });

  it('keeps finding indices as ids', () => {
    const authorization = build().families.find((family) => family.family === 'authorization');
    assert.equal(authorization?.findings[0].id, '0');
    const identity = build().families.find((family) => family.family === 'identity');
    assert.equal(identity?.findings[0].id, '3');
  });

  it('maps fixes and checks', () => {
    const [grant, edit] = build().families.find((family) => family.family === 'authorization')?.findings[0].fixes ?? [];
    assert.equal(grant.id, '0.0');
    assert.equal(grant.bash, 'az role assignment create');
    assert.deepEqual(grant.armWrites, [{ method: 'PUT', path: '/x', description: 'Assign' }]);
    assert.equal(grant.canApply, true);
    assert.equal(edit.canApply, false);
    assert.deepEqual(edit.edit, { file: 'k8s/sa.yaml', line: 6, newText: 'x' });

    const checks = build().families.find((family) => family.family === 'authorization')?.findings[0].checks;
    assert.deepEqual(checks, [{ title: 'List', bash: 'az role assignment list', powershell: 'az role assignment list' }]);
  });

  it('passes its own validation', () => {
    assert.equal(isReportModel(build()), true);
  });

  it('round-trips fix ids', () => {
    assert.equal(fixId(12, 3), '12.3');
    assert.deepEqual(parseFixId('12.3'), { findingIndex: 12, fixIndex: 3 });
    assert.equal(parseFixId('12'), undefined);
    assert.equal(parseFixId('a.b'), undefined);
  });

  it('counts severities', () => {
    assert.deepEqual(countBySeverity(diagnosis), { blocker: 1, warning: 1, info: 0, ok: 1, unknown: 1 });
  });
});

describe('report model summary', () => {
  it('lists blockers, unknowns and warnings with the first fix', () => {
    const model = build();

    assert.deepEqual(
      model.summary?.map((item) => [item.findingId, item.severity, item.firstFix]),
      [
        ['0', 'blocker', 'Grant'],
        ['2', 'unknown', undefined],
        ['3', 'warning', undefined],
      ],
    );
    assert.ok(isReportModel(model));
  });

  it('carries the notice of a missing vault', () => {
    const notice = 'The vault /subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv was not found (404).';
    const model = buildReportModel({ ...buildInput(), diagnosis: { ...diagnosis, notice } });

    assert.equal(model.notice, notice);
    assert.ok(isReportModel(model));
    assert.ok(!isReportModel({ ...model, notice: 5 }));
    assert.ok(!isReportModel({ ...model, summary: [{ findingId: 'x', severity: 'blocker', code: 'c', title: 't' }] }));
  });
});

function buildInput(): Parameters<typeof buildReportModel>[0] {
  return { diagnosis, fixes: [], checks: [], operations: [], objects: [], callerLabel: 'id-app', headline: 'h', live: false, labels, familyLabels };
}
