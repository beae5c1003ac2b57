/**
 * The OData `$filter` subset Microsoft Graph requests use here: comparisons (`eq`, `ne`, `gt`,
 * `ge`, `lt`, `le`) on slash-separated paths, `startswith()`/`endswith()`, lambda `any(x: ...)`
 * over collections, `and`, `or`, `not` and parentheses. Values are quoted strings, unquoted
 * ISO 8601 date-times, numbers, `true`, `false` and `null`.
 */
import { TokenCursor } from './tokenCursor';

export class ODataFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ODataFilterError';
  }
}

const COMPARISON_OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

type Token = { type: 'string' | 'word' | 'symbol'; value: string } | { type: 'literal'; value: unknown } | { type: 'end' };

/** A compiled filter: tests one object, with lambda variables bound in `scope`. */
export type ODataPredicate = (item: unknown, scope?: Map<string, unknown>) => boolean;
type ValueGetter = (item: unknown, scope: Map<string, unknown>) => unknown;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;

  while (position < text.length) {
    const rest = text.slice(position);
    const patterns: [RegExp, (match: RegExpExecArray) => Token | undefined][] = [
      [/^\s+/, () => undefined],
      [/^'((?:[^']|'')*)'/, (match) => ({ type: 'string', value: match[1].replace(/''/g, "'") })],
      [/^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?/, (match) => ({ type: 'literal', value: new Date(match[0]) })],
      [/^-?\d+(?:\.\d+)?(?![\w-])/, (match) => ({ type: 'literal', value: Number(match[0]) })],
      [/^[A-Za-z_@][A-Za-z0-9_.@]*/, (match) => ({ type: 'word', value: match[0] })],
      [/^[()/,:]/, (match) => ({ type: 'symbol', value: match[0] })],
    ];

    const found = patterns.map(([pattern, build]) => [pattern.exec(rest), build] as const).find(([match]) => match !== null);
    if (!found) {
      throw new ODataFilterError(`Unexpected character '${rest.charAt(0)}' at position ${position} of the filter.`);
    }
    const [match, build] = found as [RegExpExecArray, (match: RegExpExecArray) => Token | undefined];
    const token = build(match);
    if (token) {
      tokens.push(token);
    }
    position += match[0].length;
  }

  tokens.push({ type: 'end' });
  return tokens;
}

function readPath(item: unknown, path: string[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), item);
}

/** Reads `path` from a lambda variable when its first segment names one in scope, else from the item. */
function readVariableOrPath(path: string[]): ValueGetter {
  return (item, scope) => (scope.has(path[0]) ? readPath(scope.get(path[0]), path.slice(1)) : readPath(item, path));
}

function toComparable(value: unknown): unknown {
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return Date.parse(value);
  }
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function compare(operator: string, left: unknown, right: unknown): boolean {
  const a = toComparable(left);
  const b = toComparable(right);
  switch (operator) {
    case 'eq': return a === b || (a === undefined && b === null);
    case 'ne': return a !== b;
    case 'gt': return (a as number) > (b as number);
    case 'ge': return (a as number) >= (b as number);
    case 'lt': return (a as number) < (b as number);
    case 'le': return (a as number) <= (b as number);
    default: throw new ODataFilterError(`The operator '${operator}' is not supported. Use eq, ne, gt, ge, lt or le.`);
  }
}

class Parser extends TokenCursor<Token> {
  parse(): ODataPredicate {
    const predicate = this.parseOr();
    if (this.peek().type !== 'end') {
      throw new ODataFilterError(`Unexpected '${String((this.peek() as { value: unknown }).value)}' in the filter.`);
    }
    return (item, scope = new Map()) => predicate(item, scope);
  }

  private parseOr(): ODataPredicate {
    let left = this.parseAnd();
    while (this.acceptKeyword('or')) {
      const first = left;
      const right = this.parseAnd();
      left = (item, scope) => first(item, scope) || right(item, scope);
    }
    return left;
  }

  private parseAnd(): ODataPredicate {
    let left = this.parseUnary();
    while (this.acceptKeyword('and')) {
      const first = left;
      const right = this.parseUnary();
      left = (item, scope) => first(item, scope) && right(item, scope);
    }
    return left;
  }

  private parseUnary(): ODataPredicate {
    if (this.acceptKeyword('not')) {
      const operand = this.parseUnary();
      return (item, scope) => !operand(item, scope);
    }
    if (this.acceptSymbol('(')) {
      const inner = this.parseOr();
      this.expectSymbol(')');
      return inner;
    }

    const word = this.peek();
    if (word.type === 'word' && ['startswith', 'endswith'].includes(word.value.toLowerCase())) {
      this.position += 1;
      this.expectSymbol('(');
      const target = this.parseValue();
      this.expectSymbol(',');
      const prefix = this.parseValue();
      this.expectSymbol(')');
      const method = word.value.toLowerCase() === 'startswith' ? 'startsWith' : 'endsWith';
      return (item, scope) => String(target(item, scope ?? new Map()) ?? '').toLowerCase()[method](String(prefix(item, scope ?? new Map()) ?? '').toLowerCase());
    }

    const left = this.parseValue();
    const lambda = (left as ValueGetter & { lambda?: ODataPredicate }).lambda;
    if (lambda) {
      return lambda;
    }
    const operator = this.peek();
    if (operator.type !== 'word' || !COMPARISON_OPERATORS.includes(operator.value.toLowerCase())) {
      throw new ODataFilterError('Expected a comparison operator (eq, ne, gt, ge, lt, le) in the filter.');
    }
    this.position += 1;
    const right = this.parseValue();
    return (item, scope) => compare(operator.value.toLowerCase(), left(item, scope ?? new Map()), right(item, scope ?? new Map()));
  }

  /** A literal, or a path that may end in a lambda (`path/any(x: predicate)`), which returns a predicate. */
  private parseValue(): ValueGetter {
    const token = this.next();
    if (token.type === 'string' || token.type === 'literal') {
      return () => token.value;
    }
    if (token.type !== 'word') {
      throw new ODataFilterError('Expected a property path or a value in the filter.');
    }
    if (['true', 'false', 'null'].includes(token.value)) {
      const value = token.value === 'null' ? null : token.value === 'true';
      return () => value;
    }

    const path = [token.value];
    while (this.acceptSymbol('/')) {
      const segment = this.next();
      if (segment.type !== 'word') {
        throw new ODataFilterError('Expected a property name after "/" in the filter.');
      }
      if (['any', 'all'].includes(segment.value.toLowerCase()) && this.acceptSymbol('(')) {
        return this.parseLambda(path, segment.value.toLowerCase() as 'any' | 'all');
      }
      path.push(segment.value);
    }
    return readVariableOrPath(path);
  }

  private parseLambda(path: string[], kind: 'any' | 'all'): ValueGetter {
    const variable = this.next();
    if (variable.type !== 'word') {
      throw new ODataFilterError(`Expected a variable name in ${kind}(x: ...).`);
    }
    this.expectSymbol(':');
    const body = this.parseOr();
    this.expectSymbol(')');

    const collection = readVariableOrPath(path);
    const lambda: ODataPredicate = (item, scope = new Map()) => {
      const values = collection(item, scope);
      if (!Array.isArray(values)) {
        return false;
      }
      const test = (value: unknown) => body(item, new Map([...scope, [variable.value, value]]));
      return kind === 'any' ? values.some(test) : values.every(test);
    };
    return Object.assign(() => undefined, { lambda });
  }

  protected missingSymbolError(symbol: string): Error {
    return new ODataFilterError(`Expected '${symbol}' in the filter.`);
  }
}

/** Compiles an OData `$filter`; raises ODataFilterError for text outside the subset. */
export function compileODataFilter(text: string): ODataPredicate {
  return new Parser(tokenize(text)).parse();
}
