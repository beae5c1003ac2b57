/**
 * The JSON contract of `kv-doctor check --format json`: the offline findings of a workspace with
 * their locations and rendered fixes. Fields are never removed or renamed; new ones may be added.
 */
import type { CauseCode, CheckFamily, Severity } from '../diagnosis/finding';
import type { SourceRange } from '../diagnosis/workload';
import { renderFix } from '../fixes/render';
import type { RenderedFix } from '../fixes/types';
import type { WorkspaceCheckResult } from '../workspace/checks';

export const CHECK_SCHEMA = 'kv-doctor-check/1';

export interface CheckFindingOutput {
  code: CauseCode;
  severity: Severity;
  family: CheckFamily;
  title: string;
  detail: string;
  /** Workspace-relative path with forward slashes. */
  file: string;
  /** Zero-based start line, start column, end line, end column. */
  range: SourceRange;
  fixes: RenderedFix[];
  /** Index in `fixes` of the safest edit. */
  preferredFix?: number;
}

export interface CheckOutput {
  schema: typeof CHECK_SCHEMA;
  /** Number of files read (manifests, templates and role definitions). */
  fileCount: number;
  findings: CheckFindingOutput[];
  /** Files or documents that could not be parsed; they do not fail the check. */
  errors: { file: string; line?: number; message: string }[];
  /** Findings per severity. */
  counts: Record<Severity, number>;
}

export function renderCheck(result: WorkspaceCheckResult): CheckOutput {
  const counts: Record<Severity, number> = { blocker: 0, warning: 0, info: 0, ok: 0, unknown: 0 };
  const findings = result.findings.map((finding) => {
    counts[finding.severity]++;
    const output: CheckFindingOutput = {
      code: finding.code,
      severity: finding.severity,
      family: finding.family,
      title: finding.title,
      detail: finding.detail,
      file: finding.location.file,
      range: finding.location.range,
      fixes: finding.fixes.map(renderFix),
    };
    if (finding.preferredFix !== undefined) output.preferredFix = finding.preferredFix;
    return output;
  });

  return { schema: CHECK_SCHEMA, fileCount: result.workload.files.length, findings, errors: result.workload.errors, counts };
}
