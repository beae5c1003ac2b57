/**
 * Builds the report model the webview renders from a diagnosis and its rendered fixes. No `vscode`
 * import: the caller passes the localized labels.
 */
import { FAMILY_ORDER, type CheckFamily, type Diagnosis, type Severity } from '../../diagnosis/finding';
import type { RenderedCommand, RenderedFix } from '../../fixes/types';
import { summarize } from '../../report/summary';
import { reportDenials } from '../denials';
import type { LabelKey, ReportFamily, ReportFinding, ReportFix, ReportModel } from './protocol';

export interface ReportModelInput {
  diagnosis: Diagnosis;
  /** Rendered fixes by finding index, then fix index, in the diagnosis's order. */
  fixes: RenderedFix[][];
  /** Read-only commands by finding index that confirm the finding by hand, with what their output should show when known. */
  checks: (RenderedCommand & { expect?: string })[][];
  operations: string[];
  objects: string[];
  callerLabel: string;
  headline: string;
  live: boolean;
  labels: Record<LabelKey, string>;
  familyLabels: Record<CheckFamily, string>;
}

export function fixId(findingIndex: number, fixIndex: number): string {
  return `${findingIndex}.${fixIndex}`;
}

/** Splits a fix id from the webview into indices; undefined when it is not `<n>.<n>`. */
export function parseFixId(id: string): { findingIndex: number; fixIndex: number } | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(id);
  if (!match) {
    return undefined;
  }
  return { findingIndex: Number(match[1]), fixIndex: Number(match[2]) };
}

export function countBySeverity(diagnosis: Diagnosis): Record<Severity, number> {
  const counts: Record<Severity, number> = { blocker: 0, warning: 0, info: 0, ok: 0, unknown: 0 };
  for (const finding of diagnosis.findings) {
    counts[finding.severity] += 1;
  }
  return counts;
}

function toReportFix(rendered: RenderedFix, findingIndex: number, fixIndex: number): ReportFix {
  const armWrites = (rendered.arm ?? []).map((write) => ({
    method: write.method,
    path: write.path,
    description: write.description,
  }));

  return {
    id: fixId(findingIndex, fixIndex),
    title: rendered.title,
    note: rendered.note,
    bash: rendered.az,
    powershell: rendered.powershell,
    armWrites,
    edit: rendered.edit ? { file: rendered.edit.file, line: rendered.edit.range[0], newText: rendered.edit.newText } : undefined,
    canApply: armWrites.length > 0,
  };
}

export function buildReportModel(input: ReportModelInput): ReportModel {
  const byFamily = new Map<CheckFamily, ReportFinding[]>();

  input.diagnosis.findings.forEach((finding, findingIndex) => {
    const rendered = input.fixes[findingIndex] ?? [];
    const reportFinding: ReportFinding = {
      id: String(findingIndex),
      code: finding.code,
      family: finding.family,
      severity: finding.severity,
      title: finding.title,
      detail: finding.detail,
      evidence: [...finding.evidence],
      missing: [...(finding.missing ?? [])],
      fixes: rendered.map((fix, fixIndex) => toReportFix(fix, findingIndex, fixIndex)),
      checks: (input.checks[findingIndex] ?? []).map((check) => ({
        title: check.title,
        bash: check.az,
        powershell: check.powershell,
        ...(check.expect !== undefined ? { expect: check.expect } : {}),
      })),
    };
    const list = byFamily.get(finding.family) ?? [];
    list.push(reportFinding);
    byFamily.set(finding.family, list);
  });

  const families: ReportFamily[] = FAMILY_ORDER.filter((family) => byFamily.has(family)).map((family) => ({
    family,
    label: input.familyLabels[family],
    findings: byFamily.get(family) ?? [],
  }));

  const model: ReportModel = {
    verdict: input.diagnosis.verdict,
    headline: input.headline,
    vaultId: input.diagnosis.vaultId,
    callerLabel: input.callerLabel,
    operations: [...input.operations],
    objects: [...input.objects],
    now: input.diagnosis.now,
    families,
    live: input.live,
    labels: input.labels,
  };
  if (input.diagnosis.recentDenials) {
    model.recentDenials = reportDenials(input.diagnosis.recentDenials, input.operations);
  }

  // The same summary as the command line reports, with the first fix as rendered for this report.
  const summary = summarize(
    input.diagnosis.verdict,
    input.diagnosis.findings.map((finding, index) => ({ ...finding, fixes: input.fixes[index] ?? finding.fixes })),
    input.diagnosis.notice,
  );
  model.summary = summary.items.map((item) => ({
    findingId: String(item.findingIndex),
    severity: item.severity,
    code: item.code,
    title: item.title,
    ...(item.firstFix !== undefined ? { firstFix: item.firstFix } : {}),
  }));
  if (summary.notice) {
    model.notice = summary.notice;
  }
  return model;
}
