/**
 * The terminal report of `kv-doctor check`: one block per finding with its location as
 * `file:line:column` (one-based, as editors and CI logs link them), then its fixes.
 */
import type { Severity } from '../diagnosis/finding';
import type { CheckOutput } from './checkOutput';
import { SEVERITY_LABELS } from './labels';
import { ANSI, formatFix, safe, SEVERITY_COLORS } from './text';
import { wrapParagraph } from './wrap';

export interface CheckTextOptions {
  color: boolean;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatCheckText(output: CheckOutput, options: CheckTextOptions): string {
  const paint = (color: string, text: string): string => (options.color ? `${color}${text}${ANSI.reset}` : text);
  const { blocker, warning, info } = output.counts;
  const summary = `${plural(blocker, 'blocker')}, ${plural(warning, 'warning')}, ${plural(info, 'note')} in ${plural(output.fileCount, 'file')}.`;
  let color = ANSI.green;
  if (blocker > 0) color = ANSI.red;
  else if (warning > 0) color = ANSI.yellow;
  const lines = [paint(ANSI.bold + color, summary)];

  for (const finding of output.findings) {
    const [line, column] = finding.range;
    const label = `[${SEVERITY_LABELS[finding.severity as Severity] ?? String(finding.severity)}]`;
    lines.push('', `${safe(finding.file)}:${line + 1}:${column + 1} ${paint(SEVERITY_COLORS[finding.severity] ?? '', label)} ${safe(finding.title)} ${paint(ANSI.dim, `(${finding.code})`)}`);
    lines.push(...wrapParagraph(finding.detail, '  '));
    finding.fixes.forEach((fix, index) => {
      const preferred = index === finding.preferredFix ? { ...fix, title: `${fix.title} (preferred)` } : fix;
      lines.push(...formatFix(index + 1, finding, preferred, paint));
    });
  }

  if (output.errors.length > 0) {
    lines.push('', paint(ANSI.bold, 'Files not checked'));
    for (const error of output.errors) {
      lines.push(`  ${safe(error.file)}${error.line !== undefined ? `:${error.line + 1}` : ''}: ${safe(error.message)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
