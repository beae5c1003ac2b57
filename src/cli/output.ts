/**
 * Printing a rendered diagnosis in the chosen format, and the exit code of its verdict.
 */
import type { Verdict } from '../diagnosis/finding';
import { formatMarkdown } from '../report/markdown';
import type { DiagnosisOutput } from '../report/output';
import { formatText } from '../report/text';
import { EXIT_CODES } from './errors';
import type { CliIo } from './io';

export const FORMATS = ['text', 'json', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats the output. Text is coloured only on a terminal, and never with NO_COLOR set or --no-color. */
export function formatOutput(output: DiagnosisOutput, format: Format, io: CliIo, noColorFlag: boolean): string {
  if (format === 'json') {
    return `${JSON.stringify(output, null, 2)}\n`;
  }
  if (format === 'markdown') {
    return formatMarkdown(output);
  }

  const noColor = noColorFlag || (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '');
  return formatText(output, { color: io.stdout.isTTY === true && !noColor });
}

/** Maps the verdict to the exit code: 0 should work, 1 blocked, 3 unknown (also for a verdict this version does not know). */
export function exitCodeForVerdict(verdict: Verdict): number {
  if (verdict === 'should-work') {
    return EXIT_CODES.shouldWork;
  }
  if (verdict === 'blocked') {
    return EXIT_CODES.blocked;
  }
  return EXIT_CODES.unknown;
}
