/** Workspace edits as fixes: replace a value, or append keys at the end of a block map. */
import type { Fix } from '../../finding';
import type { FieldRef, SourceRange } from '../../workload';

/** Replaces a field's value, keeping the quote style it was written with. */
export function replaceValueFix(title: string, file: string, field: FieldRef, value: string, note?: string): Fix {
  const quote = field.quote ?? '';
  const fix: Fix = { title, spec: { kind: 'workspace-edit', file, range: field.range, newText: `${quote}${value}${quote}` } };
  if (note) fix.note = note;
  return fix;
}

/**
 * Appends lines at the end of a block map. `mapRange` starts at the map's first key, so its
 * start column is the indentation of the new keys. The map ends either at the start of the next
 * line (the usual case) or in the middle of the last line (end of file without a newline).
 */
export function appendToMapFix(title: string, file: string, mapRange: SourceRange, lines: string[], note?: string): Fix {
  const indent = ' '.repeat(mapRange[1]);
  const [endLine, endColumn] = [mapRange[2], mapRange[3]];
  const newText = endColumn === 0 ? lines.map((line) => `${indent}${line}\n`).join('') : lines.map((line) => `\n${indent}${line}`).join('');
  const fix: Fix = { title, spec: { kind: 'workspace-edit', file, range: [endLine, endColumn, endLine, endColumn], newText } };
  if (note) fix.note = note;
  return fix;
}

/** Replaces whole single-line fields that sit on consecutive lines with `newLines`, or returns undefined. */
export function replaceFieldLinesFix(title: string, file: string, fields: FieldRef[], newLines: string[], note?: string): Fix | undefined {
  const ranges = fields.map((field) => field.pairRange).filter((range): range is SourceRange => range !== undefined);
  if (ranges.length !== fields.length || ranges.some((range) => range[0] !== range[2])) {
    return undefined;
  }

  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const consecutive = sorted.every((range, index) => index === 0 || range[0] === sorted[index - 1][0] + 1);
  const sameIndent = sorted.every((range) => range[1] === sorted[0][1]);
  if (!consecutive || !sameIndent) {
    return undefined;
  }

  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const indent = ' '.repeat(first[1]);
  const newText = newLines.map((line, index) => (index === 0 ? line : `\n${indent}${line}`)).join('');
  const fix: Fix = { title, spec: { kind: 'workspace-edit', file, range: [first[0], first[1], last[2], last[3]], newText } };
  if (note) fix.note = note;
  return fix;
}

/** Removes a single-line field including its line break. */
export function removeFieldLineFix(title: string, file: string, field: FieldRef): Fix | undefined {
  const range = field.pairRange;
  if (!range || range[0] !== range[2]) return undefined;
  return { title, spec: { kind: 'workspace-edit', file, range: [range[0], 0, range[0] + 1, 0], newText: '' } };
}
