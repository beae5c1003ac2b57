/**
 * Describes a workspace edit as whole lines before and after it, so someone applying a fix by hand
 * reads every line it replaces. A bare "edit line 9" hides that the edit also removes lines 10
 * and 11.
 */
import type { SourceRange } from '../diagnosis/workload';
import type { WorkspaceEdit } from '../fixes/types';

/** One change to a file, as whole lines. */
export interface EditChange {
  /** `replace` lines with others, `insert` lines before `startLine`, or `delete` lines. */
  action: 'replace' | 'insert' | 'delete';
  /** One-based first line the change touches; for an insertion, the line the new lines go before. */
  startLine: number;
  /** One-based last line the change touches, or `startLine - 1` for an insertion. */
  endLine: number;
  /** The touched lines as they are now; empty for an insertion. */
  oldLines: string[];
  /** The same lines after the edit; empty for a deletion. */
  newLines: string[];
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
  /** Offsets of the whole lines the edit touches. */
  lineStart: number;
  lineEnd: number;
}

/** Returns the offset of each line start. A text that ends with a newline has an empty last line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '\n') starts.push(index + 1);
  }
  return starts;
}

/** Returns the offset of a zero-based line start, or the end of the text for a line past it. */
function lineStartAt(starts: number[], text: string, line: number): number {
  return line < starts.length ? starts[line] : text.length;
}

function offsetAt(starts: number[], text: string, line: number, column: number): number {
  return Math.min(lineStartAt(starts, text, line) + column, text.length);
}

/** Returns the end of the line that contains `offset`, past its newline. */
function lineEndAfter(starts: number[], text: string, offset: number): number {
  return starts.find((start) => start > offset) ?? text.length;
}

function toOffsets(starts: number[], text: string, range: SourceRange, newText: string): OffsetEdit {
  const start = offsetAt(starts, text, range[0], range[1]);
  const end = offsetAt(starts, text, range[2], range[3]);
  const lineStart = lineStartAt(starts, text, range[0]);
  const endsAtLineStart = range[3] === 0 && (starts.includes(end) || end === text.length);

  // An edit that ends at the start of a line leaves that line alone, unless it is an insertion
  // in front of the line's text that does not end with a newline of its own.
  const keepsEndLine = endsAtLineStart && (end > start || newText === '' || newText.endsWith('\n'));
  const lineEnd = keepsEndLine ? end : lineEndAfter(starts, text, end);
  return { start, end, newText, lineStart, lineEnd };
}

/** Splits text into lines without the final empty line and without carriage returns. */
function splitLines(text: string): string[] {
  if (text === '') {
    return [];
  }
  return text.replace(/\r?\n$/, '').split(/\r?\n/);
}

function lineOf(starts: number[], offset: number): number {
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return line;
}

/**
 * Describes `edit` and its additional edits against `text`, the file before the edit. Edits whose
 * lines overlap become one change, so each line appears once. Ranges past the end of the text
 * are cut to it.
 */
export function describeEditChanges(edit: WorkspaceEdit, text: string): EditChange[] {
  const starts = lineStarts(text);
  const edits = [edit, ...(edit.additionalEdits ?? [])].map((change) => toOffsets(starts, text, change.range, change.newText)).sort((a, b) => a.start - b.start);

  const groups: OffsetEdit[][] = [];
  for (const current of edits) {
    const last = groups[groups.length - 1];
    if (last && current.lineStart < Math.max(...last.map((item) => item.lineEnd))) last.push(current);
    else groups.push([current]);
  }

  return groups.map((group) => {
    const lineStart = group[0].lineStart;
    const lineEnd = Math.max(...group.map((item) => item.lineEnd));
    let after = '';
    let cursor = lineStart;
    for (const item of group) {
      after += text.slice(cursor, item.start) + item.newText;
      cursor = item.end;
    }
    after += text.slice(cursor, lineEnd);

    const oldLines = splitLines(text.slice(lineStart, lineEnd));
    const newLines = splitLines(after);
    const startLine = lineOf(starts, lineStart) + 1;
    let action: EditChange['action'] = 'replace';
    if (oldLines.length === 0) action = 'insert';
    else if (newLines.length === 0) action = 'delete';
    return { action, startLine, endLine: startLine + oldLines.length - 1, oldLines, newLines };
  });
}

/** Returns "line 9" or "lines 9–11". */
function lineSpan(change: EditChange): string {
  return change.endLine > change.startLine ? `lines ${change.startLine}–${change.endLine}` : `line ${change.startLine}`;
}

/** Returns the heading of a change, such as "Replace lines 9–11 of FILE:". */
export function editChangeHeading(file: string, change: EditChange): string {
  if (change.action === 'insert') {
    return change.startLine <= 1 ? `Insert at the start of ${file}:` : `Insert after line ${change.startLine - 1} of ${file}:`;
  }
  if (change.action === 'delete') {
    return `Delete ${lineSpan(change)} of ${file}:`;
  }
  return `Replace ${lineSpan(change)} of ${file}:`;
}

/**
 * Describes a change for a person as a heading, the old lines and, after a "with:" line, the new
 * ones. Quoted lines start with `indent` and keep their own indentation after it.
 */
export function editChangeLines(file: string, change: EditChange, indent: string): string[] {
  const quote = (lines: string[]): string[] => lines.map((line) => `${indent}${line}`);
  const heading = editChangeHeading(file, change);

  if (change.action === 'insert') {
    return [heading, ...quote(change.newLines)];
  }
  if (change.action === 'delete') {
    return [heading, ...quote(change.oldLines)];
  }
  return [heading, ...quote(change.oldLines), 'with:', ...quote(change.newLines)];
}
