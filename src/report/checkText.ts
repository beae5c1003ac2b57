/**
 * The terminal report of `kv-doctor check`: the summary, the files not checked, then one block per
 * finding with its location as `file:line:column` (one-based, as editors and CI logs link them)
 * and its fixes. Every line number in this report is one-based.
 */
import type { Severity } from '../diagnosis/finding';
import { editChangeLines } from './checkEdits';
import type { CheckFindingOutput, CheckFixOutput, CheckOutput } from './checkOutput';
import { ANSI, formatFix, safe, SEVERITY_COLORS } from './text';
import { wrapParagraph } from './wrap';

export interface CheckTextOptions {
  color: boolean;
  /** The folder as the user named it, for the note when it contains no supported file. */
  folder?: string;
}

/**
 * Severity labels of this report. The summary counts info findings as "info", the same word as
 * the `[INFO]` label, the JSON `severity` and `counts.info`.
 */
const CHECK_SEVERITY_LABELS: Record<Severity, string> = { blocker: 'BLOCKER', warning: 'WARNING', info: 'INFO', ok: 'OK', unknown: 'UNKNOWN' };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Returns the files that were not checked, or not completely: parse errors and skipped files. */
export function uncheckedFiles(output: CheckOutput): string[] {
  return [...new Set([...output.errors.map((error) => error.file), ...output.skipped.map((skipped) => skipped.file)])].sort();
}

/**
 * Returns the summary line, such as "1 blocker, 0 warnings, 2 info in 4 files; 1 file not checked.".
 * The file count leaves out the files of which nothing could be parsed.
 */
export function checkSummary(output: CheckOutput): string {
  const { blocker, warning, info } = output.counts;
  const unchecked = uncheckedFiles(output).length;
  const notChecked = unchecked > 0 ? `; ${plural(unchecked, 'file')} not checked` : '';
  const checked = output.fileCount - output.unparsedFiles.length;
  return `${plural(blocker, 'blocker')}, ${plural(warning, 'warning')}, ${info} info in ${plural(checked, 'file')}${notChecked}.`;
}

function formatUnchecked(output: CheckOutput, paint: (color: string, text: string) => string): string[] {
  const lines = [paint(ANSI.bold + ANSI.yellow, `Files not checked (${uncheckedFiles(output).length})`)];
  for (const error of output.errors) {
    lines.push(`  ${safe(error.file)}${error.line !== undefined ? `:${error.line}` : ''}: ${safe(error.message)}`);
  }
  for (const skipped of output.skipped) {
    lines.push(`  ${safe(skipped.file)}: skipped. ${safe(skipped.message)}`);
  }
  return lines;
}

/** Formats a fix like the diagnosis report does, but shows every line its edit replaces. */
function formatCheckFix(number: number, finding: CheckFindingOutput, fix: CheckFixOutput, paint: (color: string, text: string) => string): string[] {
  const { edit, changes, ...commands } = fix;
  if (!edit) {
    return formatFix(number, finding, commands, paint);
  }
  if (!changes) {
    // The file text was not available, so only the edit itself can be shown.
    return formatFix(number, finding, fix, paint);
  }

  const lines = formatFix(number, finding, commands, paint);
  for (const change of changes) {
    lines.push(...editChangeLines(edit.file, change, '  ').map((line) => `     ${safe(line)}`));
  }
  return lines;
}

export function formatCheckText(output: CheckOutput, options: CheckTextOptions): string {
  const paint = (color: string, text: string): string => (options.color ? `${color}${text}${ANSI.reset}` : text);
  const { blocker, warning } = output.counts;
  let color = ANSI.green;
  if (blocker > 0) color = ANSI.red;
  else if (warning > 0 || uncheckedFiles(output).length > 0) color = ANSI.yellow;
  const lines = [paint(ANSI.bold + color, checkSummary(output))];

  if (output.fileCount === 0 && output.skipped.length === 0) {
    lines.push(`Note: no Kubernetes, Bicep, ARM or Terraform files found under ${safe(options.folder ?? 'the folder')}.`);
  }
  // Unchecked files come first: a CI log must not bury them below the findings.
  if (uncheckedFiles(output).length > 0) {
    lines.push('', ...formatUnchecked(output, paint));
  }

  for (const finding of output.findings) {
    const [line, column] = finding.range;
    const label = `[${CHECK_SEVERITY_LABELS[finding.severity] ?? String(finding.severity)}]`;
    lines.push('', `${safe(finding.file)}:${line + 1}:${column + 1} ${paint(SEVERITY_COLORS[finding.severity] ?? '', label)} ${safe(finding.title)} ${paint(ANSI.dim, `(${finding.code})`)}`);
    lines.push(...wrapParagraph(finding.detail, '  '));
    finding.fixes.forEach((fix, index) => {
      const preferred = index === finding.preferredFix ? { ...fix, title: `${fix.title} (preferred)` } : fix;
      lines.push(...formatCheckFix(index + 1, finding, preferred, paint));
    });
  }
  return `${lines.join('\n')}\n`;
}
