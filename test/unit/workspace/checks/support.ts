/**
 * Helpers for the offline check tests: run the checks on inline files, pick one finding, and
 * apply a fix's workspace edit to the text the way an editor does, so a test can parse the result
 * again and prove the problem is gone.
 */
import { strict as assert } from 'node:assert';
import type { CauseCode, Fix, Severity } from '../../../../src/diagnosis/finding';
import type { SourceRange } from '../../../../src/diagnosis/workload';
import { checkWorkspaceFiles, type WorkspaceFinding } from '../../../../src/workspace/checks';

export function check(files: Record<string, string>): WorkspaceFinding[] {
  return checkWorkspaceFiles(files).findings;
}

/** Returns the only finding with this code, failing the test when there is none or several. */
export function single(findings: WorkspaceFinding[], code: CauseCode, severity?: Severity): WorkspaceFinding {
  const matching = findings.filter((finding) => finding.code === code);
  assert.equal(matching.length, 1, `expected one ${code} finding, got ${matching.length}: ${findings.map((finding) => `${finding.code}/${finding.severity}`).join(', ')}`);
  if (severity) assert.equal(matching[0].severity, severity, matching[0].title);
  return matching[0];
}

export function none(findings: WorkspaceFinding[], code: CauseCode): void {
  const matching = findings.filter((finding) => finding.code === code);
  assert.equal(matching.length, 0, `expected no ${code} finding, got: ${matching.map((finding) => finding.title).join('; ')}`);
}

function offset(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  assert.ok(line <= lines.length, `line ${line} is past the end of the text`);
  return lines.slice(0, line).reduce((sum, current) => sum + current.length + 1, 0) + column;
}

/** The text a zero-based range covers. */
export function textAt(text: string, range: SourceRange): string {
  return text.slice(offset(text, range[0], range[1]), offset(text, range[2], range[3]));
}

/** Applies a workspace-edit fix (with its additional edits) to `text`, from the last range to the first so earlier offsets stay valid. */
export function applyFix(text: string, fix: Fix): string {
  assert.equal(fix.spec.kind, 'workspace-edit', `fix "${fix.title}" is not a workspace edit`);
  if (fix.spec.kind !== 'workspace-edit') return text;

  const edits = [{ range: fix.spec.range, newText: fix.spec.newText }, ...(fix.spec.additionalEdits ?? [])]
    .map((edit) => ({ start: offset(text, edit.range[0], edit.range[1]), end: offset(text, edit.range[2], edit.range[3]), newText: edit.newText }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of edits) {
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  }
  return result;
}

/** The preferred fix of a finding, which must exist and be a workspace edit on `file`. */
export function preferredEdit(finding: WorkspaceFinding, file: string): Fix {
  assert.notEqual(finding.preferredFix, undefined, `finding "${finding.title}" has no preferred fix`);
  const fix = finding.fixes[finding.preferredFix ?? 0];
  assert.ok(fix.spec.kind === 'workspace-edit' && fix.spec.file === file, `preferred fix "${fix.title}" does not edit ${file}`);
  return fix;
}
