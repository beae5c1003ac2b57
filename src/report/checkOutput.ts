/**
 * The JSON contract of `kv-doctor check --format json`: the offline findings of a workspace with
 * their locations and rendered fixes. Fields are never removed or renamed; new ones may be added.
 *
 * Line numbers: `range` fields are zero-based [start line, start column, end line, end column], as
 * editors and the scenario format count them. Every other line number (`errors[].line`,
 * `changes[].startLine` and `endLine`) is one-based, as the text report and SARIF print them.
 */
import type { CauseCode, CheckFamily, Severity } from '../diagnosis/finding';
import type { SourceRange } from '../diagnosis/workload';
import { renderFix } from '../fixes/render';
import type { RenderedFix } from '../fixes/types';
import type { WorkspaceCheckResult } from '../workspace/checks';
import type { SkippedFile } from '../workspace/readDir';
import { describeEditChanges, type EditChange } from './checkEdits';

export const CHECK_SCHEMA = 'kv-doctor-check/1';

export interface CheckFixOutput extends RenderedFix {
  /** The lines `edit` replaces, inserts or deletes, in file order; present when the fix has an edit. */
  changes?: EditChange[];
}

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
  fixes: CheckFixOutput[];
  /** Index in `fixes` of the safest edit. */
  preferredFix?: number;
}

export interface CheckError {
  file: string;
  /** One-based line of the problem, when known. */
  line?: number;
  message: string;
}

export interface CheckOutput {
  schema: typeof CHECK_SCHEMA;
  /** Number of files read (manifests, templates and role definitions), including unparsable ones. */
  fileCount: number;
  findings: CheckFindingOutput[];
  /** Files or documents that could not be parsed. They fail the check only with --fail-on-unparsed. */
  errors: CheckError[];
  /** Files of which no part could be parsed; each also has an entry in `errors`. */
  unparsedFiles: string[];
  /** Files with a supported extension that were not read: too large, or not text. Not counted in `fileCount`. */
  skipped: SkippedFile[];
  /** Findings per severity. */
  counts: Record<Severity, number>;
}

function renderCheckFix(result: WorkspaceCheckResult, fix: WorkspaceCheckResult['findings'][number]['fixes'][number]): CheckFixOutput {
  const rendered: CheckFixOutput = renderFix(fix);
  const text = rendered.edit ? result.texts[rendered.edit.file] : undefined;
  if (rendered.edit && text !== undefined) rendered.changes = describeEditChanges(rendered.edit, text);
  return rendered;
}

/** Builds the JSON output; `skipped` lists the files the folder scan did not read. */
export function renderCheck(result: WorkspaceCheckResult, skipped: SkippedFile[] = []): CheckOutput {
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
      fixes: finding.fixes.map((fix) => renderCheckFix(result, fix)),
    };
    if (finding.preferredFix !== undefined) output.preferredFix = finding.preferredFix;
    return output;
  });

  // Workload facts count lines from zero like ranges do; this contract prints them from one.
  const errors = result.workload.errors.map((error) => (error.line === undefined ? { file: error.file, message: error.message } : { file: error.file, line: error.line + 1, message: error.message }));

  return {
    schema: CHECK_SCHEMA,
    fileCount: result.workload.files.length,
    findings,
    errors,
    unparsedFiles: result.unparsedFiles,
    skipped,
    counts,
  };
}

/** True when the folder had candidate files but none of them could be parsed or read. */
export function nothingChecked(output: CheckOutput): boolean {
  const candidates = output.fileCount + output.skipped.length;
  return candidates > 0 && output.fileCount === output.unparsedFiles.length;
}
