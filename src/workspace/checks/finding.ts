/** Building workspace findings, and reading the text a range covers. */
import type { CheckFamily, Fix } from '../../diagnosis/finding';
import type { FieldRef, SourceRange, SourceRef } from '../../diagnosis/workload';
import { identityFinding, type FindingInput } from '../../diagnosis/checks/identity/findings';
import type { WorkspaceFinding } from './types';

export interface WorkspaceFindingInput extends FindingInput {
  family: CheckFamily;
  location: SourceRef;
  preferredFix?: number;
}

export function workspaceFinding(input: WorkspaceFindingInput): WorkspaceFinding {
  const finding: WorkspaceFinding = { ...identityFinding(input), family: input.family, location: input.location };
  if (input.evidence === undefined) {
    finding.evidence = [`${input.location.file}:${input.location.range[0] + 1}`];
  }
  if (input.preferredFix !== undefined && input.preferredFix < finding.fixes.length) {
    finding.preferredFix = input.preferredFix;
  }
  return finding;
}

/** Returns what the editor underlines for a field: the key and value when known, else the value. */
export function fieldLocation(file: string, field: FieldRef): SourceRef {
  return { file, range: field.pairRange ?? field.range };
}

/** Returns the first line of an object, so a finding about a whole manifest does not underline all of it. */
export function headLocation(source: SourceRef): SourceRef {
  const [line, column] = source.range;
  return { file: source.file, range: [line, column, line + 1, 0] };
}

/** Returns the text a zero-based range covers, or undefined when the file or range is not there. */
export function textAt(texts: Record<string, string>, file: string, range: SourceRange): string | undefined {
  const text = texts[file];
  if (text === undefined) {
    return undefined;
  }
  const start = offsetOf(text, range[0], range[1]);
  const end = offsetOf(text, range[2], range[3]);
  return start === undefined || end === undefined ? undefined : text.slice(start, end);
}

/** Converts a zero-based line and column into an offset; undefined past the end of the text. */
export function offsetOf(text: string, line: number, column: number): number | undefined {
  let offset = 0;
  for (let current = 0; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  const position = offset + column;
  return position <= text.length ? position : undefined;
}

/**
 * Replaces the first occurrence of `search` inside a single-line field's written text with
 * `replacement`, keeping the rest of the expression, such as `subscriptionResourceId(...)` around
 * a role GUID. Returns undefined when the written text does not contain `search`.
 */
export function replaceInFieldFix(title: string, texts: Record<string, string>, file: string, field: FieldRef, search: RegExp, replacement: string, note?: string): Fix | undefined {
  const written = textAt(texts, file, field.range);
  const match = written === undefined || field.range[0] !== field.range[2] ? null : search.exec(written);
  if (!match) {
    return undefined;
  }

  const column = field.range[1] + match.index;
  const fix: Fix = {
    title,
    spec: { kind: 'workspace-edit', file, range: [field.range[0], column, field.range[0], column + match[0].length], newText: replacement },
  };
  if (note) fix.note = note;
  return fix;
}

/** Merges workspace edits on one file into a single fix that applies them together, or returns undefined. */
export function combineEdits(title: string, fixes: (Fix | undefined)[], note?: string): Fix | undefined {
  const edits = fixes.flatMap((fix) => (fix?.spec.kind === 'workspace-edit' ? [fix.spec] : []));
  if (edits.length < 2 || edits.some((edit) => edit.file !== edits[0].file)) {
    return undefined;
  }

  const [first, ...rest] = edits;
  const fix: Fix = {
    title,
    spec: { kind: 'workspace-edit', file: first.file, range: first.range, newText: first.newText, additionalEdits: rest.map((edit) => ({ range: edit.range, newText: edit.newText })) },
  };
  if (note) fix.note = note;
  return fix;
}
