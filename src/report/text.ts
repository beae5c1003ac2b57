/**
 * The terminal report: the verdict with a summary of the blockers, unknown checks and warnings
 * first, then every check by family (passed ones too), the fixes, the commands to confirm the
 * findings by hand, and the denials Key Vault logged.
 *
 * Text from Azure is printed with control and bidirectional characters made visible, so a name
 * cannot move the cursor, recolour the terminal or reorder what the user reads.
 */
import type { RecentDenials, Severity, Verdict } from '../diagnosis/finding';
import { showInvisibleCharacters } from '../fixes/quote';
import type { RenderedFix } from '../fixes/types';
import { denialCallerLabel, denialOperationLabel } from './denialLabels';
import { DENIALS_TRUNCATED, editSteps, familyTitle, groupByFamily, needsAction, NO_DENIALS, SEVERITY_LABELS } from './labels';
import type { DiagnosisOutput, FindingOutput } from './output';
import { summarize } from './summary';
import { wrapParagraph } from './wrap';

export interface TextOptions {
  /** Use ANSI colours (for a terminal that supports them). */
  color: boolean;
}

export const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m', magenta: '\u001b[35m', cyan: '\u001b[36m', dim: '\u001b[2m' };

export const SEVERITY_COLORS: Record<Severity, string> = { blocker: ANSI.red, warning: ANSI.yellow, info: ANSI.cyan, ok: ANSI.green, unknown: ANSI.magenta };
const VERDICT_COLORS: Record<Verdict, string> = { blocked: ANSI.red, unknown: ANSI.magenta, 'should-work': ANSI.green };

/** Width of the status column, wide enough for `[UNKNOWN]`. */
const STATUS_WIDTH = 10;

/** Formats a rendered diagnosis for a terminal. */
export function formatText(output: DiagnosisOutput, options: TextOptions): string {
  const paint = (color: string, text: string): string => (options.color ? `${color}${text}${ANSI.reset}` : text);
  const actionable = output.findings.filter(needsAction);
  const fixes = actionable.flatMap((finding) => finding.fixes.map((fix) => ({ finding, fix })));
  const summary = summarize(output.verdict, output.findings, output.notice);
  const lines: string[] = [];

  lines.push(paint(ANSI.bold + VERDICT_COLORS[output.verdict], summary.sentence));
  if (summary.notice) {
    lines.push(...wrapParagraph(summary.notice, ''));
  }
  for (const item of summary.items) {
    const finding = output.findings[item.findingIndex];
    const fixNumber = fixes.findIndex((entry) => entry.finding === finding) + 1;
    lines.push(`  ${paint(SEVERITY_COLORS[item.severity], `[${SEVERITY_LABELS[item.severity]}]`.padEnd(STATUS_WIDTH))} ${safe(item.title)} ${paint(ANSI.dim, `(${item.code})`)}`);
    if (item.firstFix && fixNumber > 0) {
      lines.push(...wrapParagraph(`Fix ${fixNumber}: ${item.firstFix}`, ' '.repeat(2 + STATUS_WIDTH + 1)));
    }
  }

  lines.push('', `Vault:  ${safe(output.vaultId)}`);
  lines.push(`Caller: ${callerText(output)}`);
  lines.push(`Facts taken at ${safe(output.now)}`);

  lines.push('', paint(ANSI.bold, 'Checks'));
  for (const group of groupByFamily(output.findings)) {
    lines.push(`  ${paint(ANSI.bold, familyTitle(group.family))}`);
    for (const finding of group.findings) {
      lines.push(...formatCheck(finding, paint));
    }
  }

  if (fixes.length > 0) {
    lines.push('', paint(ANSI.bold, 'Fixes'));
    fixes.forEach(({ finding, fix }, index) => {
      if (index > 0) {
        lines.push('');
      }
      lines.push(...formatFix(index + 1, finding, fix, paint));
    });
  }

  // Several findings often share a command (the vault's role assignments), so each is printed once.
  const checks = [...new Map(actionable.flatMap((finding) => finding.verify ?? []).map((check) => [check.az, check])).values()];
  if (checks.length > 0) {
    lines.push('', paint(ANSI.bold, 'Check by hand (read-only)'));
    checks.forEach((check, index) => {
      if (index > 0) {
        lines.push('');
      }
      lines.push(`  ${safe(check.title)}`, ...indent(check.az, 4));
      if (check.expect) {
        lines.push(...wrapParagraph(`Expect: ${check.expect}`, '    '));
      }
      if (check.note) {
        lines.push(...wrapParagraph(check.note, '    '));
      }
    });
  }

  if (output.recentDenials) {
    lines.push('', ...formatDenials(output.recentDenials, paint));
  }
  return `${lines.join('\n')}\n`;
}

/** Names the caller by display name and principal id, as far as they are known. */
export function callerText(output: Pick<DiagnosisOutput, 'principalId' | 'callerName'>): string {
  if (output.principalId && output.callerName) {
    return `${safe(output.callerName)} (principal ${safe(output.principalId)})`;
  }
  if (output.principalId) {
    return `principal ${safe(output.principalId)}`;
  }
  return output.callerName ? `${safe(output.callerName)} (principal id not resolved)` : 'principal id not resolved';
}

/** Lists the denials Key Vault logged, grouped by caller, operation, reason and client address. */
function formatDenials(denials: RecentDenials, paint: (color: string, text: string) => string): string[] {
  const lines = [paint(ANSI.bold, `Recent denials in the audit log (${safe(denials.window.start)} to ${safe(denials.window.end)})`)];
  lines.push(`  Workspace: ${safe(denials.workspaceId)} (table ${safe(denials.table)})`);
  if (denials.groups.length === 0) {
    lines.push(...wrapParagraph(NO_DENIALS, '  '));
  }
  for (const group of denials.groups) {
    lines.push(`  - ${group.count}x ${safe(denialOperationLabel(group))}, ${safe(group.reason)}, last seen ${safe(group.lastSeen)}`);
    lines.push(`    Caller: ${safe(denialCallerLabel(group))}`);
    if (group.clientAddress) {
      lines.push(`    Client address: ${safe(group.clientAddress)}`);
    }
  }
  if (denials.truncated) {
    lines.push(...wrapParagraph(DENIALS_TRUNCATED, '  '));
  }
  return lines;
}

function formatCheck(finding: FindingOutput, paint: (color: string, text: string) => string): string[] {
  const label = `[${SEVERITY_LABELS[finding.severity] ?? String(finding.severity)}]`.padEnd(STATUS_WIDTH);
  const lines = [`    ${paint(SEVERITY_COLORS[finding.severity] ?? '', label)} ${safe(finding.title)} ${paint(ANSI.dim, `(${finding.code})`)}`];
  if (finding.severity === 'ok') {
    return lines;
  }

  const detailIndent = 4 + STATUS_WIDTH + 1;
  lines.push(...wrapParagraph(finding.detail, ' '.repeat(detailIndent)));
  if (finding.missing && finding.missing.length > 0) {
    lines.push(`${' '.repeat(detailIndent)}Missing: ${finding.missing.map(safe).join(', ')}`);
  }
  for (const item of finding.evidence) {
    lines.push(`${' '.repeat(detailIndent)}- ${safe(item)}`);
  }
  return lines;
}

export function formatFix(number: number, finding: Pick<FindingOutput, 'code'>, fix: RenderedFix, paint: (color: string, text: string) => string): string[] {
  const lines = [`  ${number}. ${paint(ANSI.bold, safe(fix.title))} ${paint(ANSI.dim, `(for ${finding.code})`)}`];

  if (fix.note) {
    lines.push(...wrapParagraph(fix.note, '     '));
  }
  if (fix.az) {
    lines.push('     bash:', ...indent(fix.az, 7));
  }
  if (fix.powershell) {
    lines.push('     PowerShell:', ...indent(fix.powershell, 7));
  }
  for (const write of fix.arm ?? []) {
    lines.push(`     ARM: ${write.method} ${safe(write.path)}?api-version=${safe(write.apiVersion)}`);
  }
  if (fix.edit) {
    for (const step of editSteps(fix.edit)) {
      lines.push(`     ${safe(step.heading)}`, ...(step.newText === '' ? [] : indent(step.newText.replace(/\r?\n$/, ''), 7)));
    }
  }
  return lines;
}

/** Makes control and bidirectional characters visible in one line of text. */
export function safe(text: string): string {
  return showInvisibleCharacters(String(text));
}

/** Splits text into lines, makes each safe and indents it. */
function indent(text: string, width: number): string[] {
  return String(text)
    .split(/\r?\n/)
    .map((line) => `${' '.repeat(width)}${safe(line)}`);
}
