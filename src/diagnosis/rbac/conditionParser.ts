/**
 * Parser for Azure ABAC role assignment conditions (conditionVersion 2.0), such as
 *
 *   ((!(ActionMatches{'Microsoft.KeyVault/vaults/secrets/getSecret/action'}))
 *    OR (@Resource[Microsoft.KeyVault/vaults/secrets:name] StringLike 'app-*'))
 *
 * Grammar (Azure's condition format): expressions are joined by AND / OR (also `&&` / `||`),
 * negated by `!` or NOT and grouped by parentheses. Atoms are `ActionMatches{'...'}`,
 * `SubOperationMatches{'...'}` and `<attribute> <operator> <value>`. A value is a quoted string,
 * a number, a boolean or a set `{'a', 'b'}`.
 */

export type ConditionNode =
  | { kind: 'and' | 'or'; operands: ConditionNode[] }
  | { kind: 'not'; operand: ConditionNode }
  | { kind: 'actionMatches'; pattern: string }
  | { kind: 'subOperationMatches'; pattern: string }
  | { kind: 'comparison'; attribute: string; operator: string; value: string | string[] };

export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ConditionSyntaxError';
  }
}

type Token =
  | { type: 'lparen' | 'rparen' | 'lbrace' | 'rbrace' | 'comma' | 'not' | 'and' | 'or'; position: number }
  | { type: 'string' | 'word' | 'attribute'; text: string; position: number };

const KEYWORDS: Record<string, 'and' | 'or' | 'not'> = { AND: 'and', OR: 'or', NOT: 'not' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;

  while (i < source.length) {
    const char = source[i] as string;
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }

    const single: Record<string, Token['type']> = { '(': 'lparen', ')': 'rparen', '{': 'lbrace', '}': 'rbrace', ',': 'comma', '!': 'not' };
    const singleType = single[char];
    if (singleType) {
      tokens.push({ type: singleType, position: i } as Token);
      i += 1;
      continue;
    }

    if (source.startsWith('&&', i) || source.startsWith('||', i)) {
      tokens.push({ type: char === '&' ? 'and' : 'or', position: i });
      i += 2;
      continue;
    }

    if (char === "'" || char === '"') {
      const end = source.indexOf(char, i + 1);
      if (end < 0) {
        throw new ConditionSyntaxError(`unterminated string starting at position ${i}`, i);
      }
      tokens.push({ type: 'string', text: source.slice(i + 1, end), position: i });
      i = end + 1;
      continue;
    }

    if (char === '@') {
      const close = source.indexOf(']', i);
      if (close < 0) {
        throw new ConditionSyntaxError(`attribute at position ${i} has no closing "]"`, i);
      }
      tokens.push({ type: 'attribute', text: source.slice(i, close + 1).replace(/\s+/g, ''), position: i });
      i = close + 1;
      continue;
    }

    const word = /^[A-Za-z0-9_.:-]+/.exec(source.slice(i));
    if (!word) {
      throw new ConditionSyntaxError(`unexpected character "${char}" at position ${i}`, i);
    }
    const keyword = KEYWORDS[word[0].toUpperCase()];
    if (keyword) {
      tokens.push({ type: keyword, position: i });
    } else {
      tokens.push({ type: 'word', text: word[0], position: i });
    }
    i += word[0].length;
  }
  return tokens;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): ConditionNode {
    const node = this.parseOr();
    const extra = this.tokens[this.index];
    if (extra) {
      throw new ConditionSyntaxError(`unexpected ${describe(extra)} at position ${extra.position}`, extra.position);
    }
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (!token) {
      throw new ConditionSyntaxError('the condition ends too early', -1);
    }
    this.index += 1;
    return token;
  }

  private expect(type: Token['type']): Token {
    const token = this.next();
    if (token.type !== type) {
      throw new ConditionSyntaxError(`expected ${type} but found ${describe(token)} at position ${token.position}`, token.position);
    }
    return token;
  }

  private parseOr(): ConditionNode {
    const operands = [this.parseAnd()];
    while (this.peek()?.type === 'or') {
      this.index += 1;
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? (operands[0] as ConditionNode) : { kind: 'or', operands };
  }

  private parseAnd(): ConditionNode {
    const operands = [this.parseUnary()];
    while (this.peek()?.type === 'and') {
      this.index += 1;
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? (operands[0] as ConditionNode) : { kind: 'and', operands };
  }

  private parseUnary(): ConditionNode {
    if (this.peek()?.type === 'not') {
      this.index += 1;
      return { kind: 'not', operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ConditionNode {
    const token = this.next();

    if (token.type === 'lparen') {
      const inner = this.parseOr();
      this.expect('rparen');
      return inner;
    }

    if (token.type === 'word' && /^(ActionMatches|SubOperationMatches)$/i.test(token.text)) {
      this.expect('lbrace');
      const pattern = this.expect('string') as { text: string };
      this.expect('rbrace');
      const kind = token.text.toLowerCase() === 'actionmatches' ? 'actionMatches' : 'subOperationMatches';
      return { kind, pattern: pattern.text };
    }

    if (token.type === 'attribute') {
      const operator = this.expect('word') as { text: string };
      return { kind: 'comparison', attribute: token.text, operator: operator.text, value: this.parseValue() };
    }

    throw new ConditionSyntaxError(`unexpected ${describe(token)} at position ${token.position}`, token.position);
  }

  private parseValue(): string | string[] {
    const token = this.next();
    if (token.type === 'string' || token.type === 'word') {
      return token.text;
    }
    if (token.type !== 'lbrace') {
      throw new ConditionSyntaxError(`expected a value but found ${describe(token)} at position ${token.position}`, token.position);
    }

    const values: string[] = [];
    for (;;) {
      const item = this.next();
      if (item.type !== 'string' && item.type !== 'word') {
        throw new ConditionSyntaxError(`expected a value in the set at position ${item.position}`, item.position);
      }
      values.push(item.text);
      const separator = this.next();
      if (separator.type === 'rbrace') {
        return values;
      }
      if (separator.type !== 'comma') {
        throw new ConditionSyntaxError(`expected "," or "}" at position ${separator.position}`, separator.position);
      }
    }
  }
}

function describe(token: Token): string {
  return 'text' in token ? `"${token.text}"` : token.type;
}

/** Parses a condition expression; throws ConditionSyntaxError naming the position of the problem. */
export function parseCondition(source: string): ConditionNode {
  const tokens = tokenize(source);
  if (tokens.length === 0) {
    throw new ConditionSyntaxError('the condition is empty', 0);
  }
  return new Parser(tokens).parse();
}
