/**
 * Navigation over `yaml` nodes that keeps source ranges, zero-based as the editor and the
 * scenario format count them.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FieldRef, SourceRange, SourceRef } from '../diagnosis/workload';

export type YamlNode = Node | null | undefined;

/** Converts byte offsets of one file into zero-based line and column ranges. */
export class SourcePositions {
  constructor(
    readonly file: string,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Zero-based range from offset `start` to offset `end`. */
  range(start: number, end: number): SourceRange {
    const from = this.lineCounter.linePos(start);
    const to = this.lineCounter.linePos(end);
    return [from.line - 1, from.col - 1, to.line - 1, to.col - 1];
  }

  /** Returns the range of a node's value (`range[0]` to `range[1]` of the `yaml` node). */
  nodeRange(node: Node): SourceRange {
    const [start, valueEnd] = node.range ?? [0, 0];
    return this.range(start, valueEnd);
  }

  sourceRef(node: Node): SourceRef {
    return { file: this.file, range: this.nodeRange(node) };
  }
}

/**
 * Returns the zero-based line of a parse error at `offset`. An error at the end of the text (an
 * unclosed bracket) is moved back to the last line with content, so a three-line file never
 * reports an error on a fourth line.
 */
export function errorLine(lineCounter: LineCounter, text: string, offset: number): number {
  const lastContent = text.trimEnd().length - 1;
  return lineCounter.linePos(Math.max(0, Math.min(offset, lastContent))).line - 1;
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

/** Finds the pair whose key is `key` in a map, compared as a string. */
export function pairOf(map: YAMLMap | undefined, key: string): Pair | undefined {
  if (!map) {
    return undefined;
  }
  return map.items.find((item) => isScalar(item.key) && String(item.key.value) === key) as Pair | undefined;
}

/** Follows a path of map keys; undefined when any step is missing or not a map. */
export function getIn(node: unknown, path: string[]): YamlNode {
  let current: unknown = node;
  for (const key of path) {
    const pair = pairOf(asMap(current), key);
    if (!pair) {
      return undefined;
    }
    current = pair.value;
  }
  return current as YamlNode;
}

/** Returns the text of a scalar (numbers and booleans as written), or undefined for collections and null. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) {
    return undefined;
  }
  const source = (node as Scalar & { source?: string }).source;
  return typeof node.value === 'string' ? node.value : (source ?? String(node.value));
}

export function stringIn(node: unknown, path: string[]): string | undefined {
  return scalarText(getIn(node, path));
}

/**
 * Reads the value of `key` in `map` with its ranges: `range` covers the value as written (quotes
 * included), `pairRange` the key through the end of the value.
 */
export function fieldOf(positions: SourcePositions, map: YAMLMap | undefined, key: string): FieldRef | undefined {
  const pair = pairOf(map, key);
  if (!pair || !isScalar(pair.key)) {
    return undefined;
  }

  const keyNode = pair.key as Scalar;
  const value = pair.value as Node | null;
  const keyStart = keyNode.range?.[0] ?? 0;
  const valueNode = value ?? keyNode;
  const valueRange = positions.nodeRange(valueNode);
  const field: FieldRef = {
    value: scalarText(value),
    range: valueRange,
    pairRange: positions.range(keyStart, valueNode.range?.[1] ?? keyStart),
  };

  if (isScalar(value) && value.type === 'QUOTE_DOUBLE') field.quote = '"';
  if (isScalar(value) && value.type === 'QUOTE_SINGLE') field.quote = "'";
  return field;
}

/** Returns the range of a block map, for inserting keys at its end, or undefined for flow maps (`{a: b}`). */
export function blockMapRange(positions: SourcePositions, node: unknown): SourceRange | undefined {
  const map = asMap(node);
  if (!map || map.flow || map.items.length === 0) {
    return undefined;
  }
  return positions.nodeRange(map);
}
