/** Offsets to zero-based line and column ranges for files read with patterns (Bicep, Terraform). */
import type { FieldRef, SourceRange, SourceRef } from '../../diagnosis/workload';

export class TextPositions {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let index = 0; index < text.length; index++) {
      if (text[index] === '\n') this.lineStarts.push(index + 1);
    }
  }

  private position(offset: number): [number, number] {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return [low, offset - this.lineStarts[low]];
  }

  range(start: number, end: number): SourceRange {
    return [...this.position(start), ...this.position(end)] as SourceRange;
  }

  sourceRef(start: number, end: number): SourceRef {
    return { file: this.file, range: this.range(start, end) };
  }
}

/** A `{ ... }` block or `[ ... ]` list: where it starts and ends in the file, and its text. */
export interface Block {
  start: number;
  end: number;
  body: string;
}

/**
 * Returns the block opened by the bracket at `open`, counting brackets outside quoted strings.
 * Quotes are `'` in Bicep and `"` in Terraform. `brackets` are `{}` for objects and `[]` for lists.
 */
export function blockAt(text: string, open: number, quote: string, brackets: '{}' | '[]' = '{}'): Block | undefined {
  const [opening, closing] = brackets;
  let depth = 0;
  let inString = false;

  for (let index = open; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === quote) inString = false;
      continue;
    }
    if (character === quote) inString = true;
    else if (character === opening) depth++;
    else if (character === closing) {
      depth--;
      if (depth === 0) return { start: open, end: index + 1, body: text.slice(open, index + 1) };
    }
  }
  return undefined;
}

/**
 * Reads the first `key: value` (Bicep) or `key = value` (Terraform) line in a block, as a field. A
 * quoted value is unquoted; `resolve` may turn an expression (a parameter name) into its value.
 */
export function attribute(
  positions: TextPositions,
  block: Block,
  key: string,
  separator: ':' | '=',
  resolve: (expression: string) => string | undefined = () => undefined,
): FieldRef | undefined {
  const pattern = new RegExp(`(^|\\n)([ \\t]*)${key}[ \\t]*${separator}[ \\t]*([^\\n]*?)[ \\t]*(?=\\r?\\n|$)`);
  const match = pattern.exec(block.body);
  if (!match) {
    return undefined;
  }

  const raw = match[3];
  const keyStart = block.start + match.index + match[1].length + match[2].length;
  const valueStart = block.start + match.index + match[0].length - raw.length;
  const valueEnd = valueStart + raw.length;
  const quoted = /^(['"])(.*)\1$/.exec(raw);
  const field: FieldRef = {
    value: quoted ? quoted[2] : (resolve(raw) ?? raw),
    range: positions.range(valueStart, valueEnd),
    pairRange: positions.range(keyStart, valueEnd),
  };
  if (quoted) field.quote = quoted[1] as '"' | "'";
  return field;
}

/** Returns every quoted string inside the `[ ... ]` list that follows `key`, or an empty list. */
export function listAttribute(block: Block, key: string, separator: ':' | '='): string[] {
  const match = new RegExp(`\\b${key}[ \\t]*${separator}[ \\t]*\\[([^\\]]*)\\]`).exec(block.body);
  if (!match) {
    return [];
  }
  return [...match[1].matchAll(/['"]([^'"]*)['"]/g)].map((item) => item[1]);
}

/** True when the list that follows `key` has at least one item. */
export function hasNonEmptyList(block: Block, key: string, separator: ':' | '='): boolean {
  return new RegExp(`\\b${key}[ \\t]*${separator}[ \\t]*\\[\\s*[^\\]\\s]`).test(block.body);
}

/**
 * Returns a copy of the block with the contents of nested brackets blanked out (newlines kept, so offsets
 * and lines still match), so that `attribute` finds a block's own keys and not those of a nested
 * block or list. Brackets deeper than `keepDepth` are blanked.
 */
export function withoutNested(block: Block, open: string, close: string, keepDepth: number): Block {
  let depth = 0;
  let body = '';

  for (const character of block.body) {
    if (character === close) depth--;
    body += depth > keepDepth && character !== '\n' ? ' ' : character;
    if (character === open) depth++;
  }
  return { ...block, body };
}
