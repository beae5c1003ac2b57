/**
 * Words shared by the text and Markdown reports.
 */
import { FAMILY_ORDER, type CheckFamily, type Severity } from '../diagnosis/finding';
import type { WorkspaceEdit } from '../fixes/types';
import type { FindingOutput } from './output';

/** Family headings of every report: the command line, Markdown and the webview (through its localization). */
export const FAMILY_TITLES: Record<CheckFamily, string> = {
  network: 'Network',
  identity: 'Identity: who really calls',
  model: 'Permission model',
  authorization: 'Authorization',
  object: 'Object state',
  collection: 'Collection of facts',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  blocker: 'BLOCKER',
  warning: 'WARNING',
  info: 'INFO',
  ok: 'OK',
  unknown: 'UNKNOWN',
};

/** Text shown when the audit log was read and contains no denial in the window. */
export const NO_DENIALS = 'No denial was logged in this window. Logs arrive a few minutes late, so this does not show that requests succeed.';

export const DENIALS_TRUNCATED = 'The query reached its row limit, so older denials may be missing.';

/** Findings grouped by family, in the order Key Vault and Entra ID evaluate a request; empty families are left out. */
export function groupByFamily(findings: FindingOutput[]): { family: CheckFamily; findings: FindingOutput[] }[] {
  const families = [...FAMILY_ORDER, ...new Set(findings.map((finding) => finding.family).filter((family) => !FAMILY_ORDER.includes(family)))];
  return families
    .map((family) => ({ family, findings: findings.filter((finding) => finding.family === family) }))
    .filter((group) => group.findings.length > 0);
}

/** Findings whose fixes and check-by-hand commands the reports show: everything that is not `ok` or `info`. */
export function needsAction(finding: FindingOutput): boolean {
  return finding.severity === 'blocker' || finding.severity === 'warning' || finding.severity === 'unknown';
}

/** Title of a family that is not in the known list (from a newer facts file), or the known title. */
export function familyTitle(family: CheckFamily): string {
  return FAMILY_TITLES[family] ?? String(family);
}

/** Describes each change of a workspace edit, the removals as deletions of a range. */
export function editSteps(edit: WorkspaceEdit): { heading: string; newText: string }[] {
  return [edit, ...(edit.additionalEdits ?? [])].map((change) => {
    const [line, column, endLine, endColumn] = change.range;
    const heading =
      change.newText === ''
        ? `Delete ${edit.file} from line ${line + 1}, column ${column + 1} to line ${endLine + 1}, column ${endColumn + 1}`
        : `Edit ${edit.file} at line ${line + 1}, column ${column + 1}:`;
    return { heading, newText: change.newText };
  });
}
