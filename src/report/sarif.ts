/**
 * SARIF 2.1.0 output of `kv-doctor check`, in the shape GitHub code scanning accepts: one run, a
 * rule per finding code, results with a relative artifact location and a one-based region, a
 * stable `partialFingerprints` entry, and the workspace edits as SARIF fixes.
 * Reference: OASIS SARIF Version 2.1.0 (errata 01), sections 3.13 (sarifLog) to 3.55 (fix).
 */
import { createHash } from 'node:crypto';
import { CAUSE_CODES, type CauseCode, type Severity } from '../diagnosis/finding';
import type { SourceRange } from '../diagnosis/workload';
import type { WorkspaceEdit } from '../fixes/types';
import { describeCause } from './causeDescriptions';
import { editChangeLines } from './checkEdits';
import { nothingChecked, type CheckFindingOutput, type CheckFixOutput, type CheckOutput } from './checkOutput';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** Blockers fail a request, warnings may; info, ok and unknown are notes at most. */
const LEVELS: Record<Severity, SarifLevel> = { blocker: 'error', warning: 'warning', info: 'note', unknown: 'note', ok: 'none' };

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Converts a zero-based range into a SARIF region: one-based lines and columns, the end column just past the last character. */
export function sarifRegion(range: SourceRange): SarifRegion {
  return { startLine: range[0] + 1, startColumn: range[1] + 1, endLine: range[2] + 1, endColumn: range[3] + 1 };
}

/** Hashes the code, the file and the finding's title, so the fingerprint survives lines moving. */
function fingerprint(finding: CheckFindingOutput): string {
  return createHash('sha256').update(`${finding.code}\u0000${finding.file}\u0000${finding.title}`).digest('hex').slice(0, 32);
}

function artifactLocation(file: string): { uri: string; uriBaseId: string } {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** Describes the fix with every line it replaces, so the description alone is enough to apply it by hand. */
function fixDescription(fix: CheckFixOutput, edit: WorkspaceEdit): string {
  const changes = (fix.changes ?? []).flatMap((change) => editChangeLines(edit.file, change, '  '));
  return changes.length > 0 ? `${fix.title}.\n${changes.join('\n')}` : fix.title;
}

function sarifFix(fix: CheckFixOutput, edit: WorkspaceEdit): unknown {
  return {
    description: { text: fixDescription(fix, edit) },
    artifactChanges: [
      {
        artifactLocation: artifactLocation(edit.file),
        replacements: [edit, ...(edit.additionalEdits ?? [])].map((change) => ({ deletedRegion: sarifRegion(change.range), insertedContent: { text: change.newText } })),
      },
    ],
  };
}

function sarifResult(finding: CheckFindingOutput, ruleIndex: number): unknown {
  const fixes = finding.fixes.flatMap((fix) => (fix.edit ? [sarifFix(fix, fix.edit)] : []));
  const result: Record<string, unknown> = {
    ruleId: finding.code,
    level: LEVELS[finding.severity] ?? 'note',
    message: { text: `${finding.title}. ${finding.detail}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.file), region: sarifRegion(finding.range) } }],
    partialFingerprints: { 'kvDoctorFinding/v1': fingerprint(finding) },
    properties: { severity: finding.severity, family: finding.family },
  };
  if (ruleIndex >= 0) result.ruleIndex = ruleIndex;
  if (fixes.length > 0) result.fixes = fixes;
  return result;
}

/** Builds the SARIF log object; `version` is the tool's version. */
export function buildSarif(output: CheckOutput, version: string): Record<string, unknown> {
  const codes: readonly CauseCode[] = CAUSE_CODES;
  const rules = codes.map((code) => ({
    id: code,
    name: code.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: describeCause(code) },
    defaultConfiguration: { level: 'error' },
  }));

  const results = output.findings
    .filter((finding) => finding.severity !== 'ok')
    .map((finding) => sarifResult(finding, codes.indexOf(finding.code)));

  // `errors[].line` is one-based already, like SARIF's startLine.
  const notifications = [
    ...output.errors.map((error) => ({
      level: 'warning',
      message: { text: error.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(error.file), ...(error.line !== undefined ? { region: { startLine: error.line } } : {}) } }],
    })),
    ...output.skipped.map((skipped) => ({
      level: 'warning',
      message: { text: `Skipped: ${skipped.message}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(skipped.file) } }],
    })),
  ];

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kv-doctor', semanticVersion: version, version, rules } },
        automationDetails: { id: 'kv-doctor/check/' },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: !nothingChecked(output), toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

export function formatSarif(output: CheckOutput, version: string): string {
  return `${JSON.stringify(buildSarif(output, version), null, 2)}\n`;
}
