/**
 * A recursive-descent parser for the KQL subset in sandbox/README.md: one table followed by
 * `where`, `project`, `project-away`, `extend`, `take`/`limit`, `top`, `order by`/`sort by` and `count`.
 */
import { KqlError, tokenize, type KqlToken } from './kqlLexer';
import { TokenCursor } from './tokenCursor';

export type KqlExpression =
  | { kind: 'literal'; value: unknown }
  | { kind: 'column'; path: (string | number)[] }
  | { kind: 'compare'; operator: string; left: KqlExpression; right: KqlExpression }
  | { kind: 'in'; operator: string; left: KqlExpression; values: KqlExpression[] }
  | { kind: 'logical'; operator: 'and' | 'or'; left: KqlExpression; right: KqlExpression }
  | { kind: 'not'; operand: KqlExpression }
  | { kind: 'call'; name: string; args: KqlExpression[] }
  | { kind: 'arithmetic'; operator: '+' | '-'; left: KqlExpression; right: KqlExpression };

export interface KqlColumn {
  name: string;
  expression: KqlExpression;
}

export type KqlOperator =
  | { kind: 'where'; predicate: KqlExpression }
  | { kind: 'project'; columns: KqlColumn[] }
  | { kind: 'project-away'; names: string[] }
  | { kind: 'extend'; columns: KqlColumn[] }
  | { kind: 'take'; count: number }
  | { kind: 'order'; keys: { expression: KqlExpression; descending: boolean }[] }
  | { kind: 'count' };

export interface KqlQuery {
  table: string;
  operators: KqlOperator[];
}

const COMPARISON_OPERATORS = new Set([
  '==', '!=', '=~', '!~', '<', '<=', '>', '>=',
  'contains', '!contains', 'contains_cs', '!contains_cs', 'has', '!has', 'has_cs', '!has_cs',
  'startswith', '!startswith', 'endswith', '!endswith',
]);
const IN_OPERATORS = new Set(['in', 'in~', '!in', '!in~']);

class Parser extends TokenCursor<KqlToken> {
  parseQuery(): KqlQuery {
    const table = this.expectWord('a table name');
    const operators: KqlOperator[] = [];

    while (this.acceptSymbol('|')) {
      operators.push(...this.parseOperator());
    }
    if (this.peek().type !== 'end') {
      throw new KqlError(`Unexpected ${describe(this.peek())} after the table name or an operator. Separate operators with '|'.`);
    }
    return { table, operators };
  }

  private parseOperator(): KqlOperator[] {
    const name = this.expectWord('an operator such as where, project or take').toLowerCase();

    switch (name) {
      case 'where':
        return [{ kind: 'where', predicate: this.parseOr() }];
      case 'project':
        return [{ kind: 'project', columns: this.parseColumns() }];
      case 'extend':
        return [{ kind: 'extend', columns: this.parseColumns() }];
      case 'project-away': {
        const names = [this.expectWord('a column name')];
        while (this.acceptSymbol(',')) {
          names.push(this.expectWord('a column name'));
        }
        return [{ kind: 'project-away', names }];
      }
      case 'take':
      case 'limit':
        return [{ kind: 'take', count: this.expectCount() }];
      case 'top': {
        const count = this.expectCount();
        this.expectKeyword('by');
        return [{ kind: 'order', keys: [this.parseSortKey()] }, { kind: 'take', count }];
      }
      case 'order':
      case 'sort': {
        this.expectKeyword('by');
        const keys = [this.parseSortKey()];
        while (this.acceptSymbol(',')) {
          keys.push(this.parseSortKey());
        }
        return [{ kind: 'order', keys }];
      }
      case 'count':
        return [{ kind: 'count' }];
      default:
        throw new KqlError(`The operator '${name}' is not supported by the sandbox. Supported: where, project, project-away, extend, take, limit, top, order by, sort by, count.`);
    }
  }

  private parseSortKey(): { expression: KqlExpression; descending: boolean } {
    const expression = this.parseAdditive();
    // KQL sorts in descending order unless the query specifies `asc`.
    let descending = true;
    if (this.acceptKeyword('asc')) {
      descending = false;
    } else {
      this.acceptKeyword('desc');
    }
    return { expression, descending };
  }

  private parseColumns(): KqlColumn[] {
    const columns = [this.parseColumn()];
    while (this.acceptSymbol(',')) {
      columns.push(this.parseColumn());
    }
    return columns;
  }

  private parseColumn(): KqlColumn {
    const next = this.tokens[this.position + 1];
    const token = this.peek();
    if (token.type === 'word' && next?.type === 'symbol' && next.value === '=') {
      this.position += 2;
      return { name: token.value, expression: this.parseOr() };
    }

    const expression = this.parseAdditive();
    if (expression.kind !== 'column') {
      throw new KqlError("A computed column needs a name: write 'name = expression'.");
    }
    // KQL names a projected path by joining its parts with '_' (properties.vaultUri -> properties_vaultUri).
    return { name: expression.path.join('_'), expression };
  }

  private parseOr(): KqlExpression {
    let left = this.parseAnd();
    while (this.acceptKeyword('or')) {
      left = { kind: 'logical', operator: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): KqlExpression {
    let left = this.parseNot();
    while (this.acceptKeyword('and')) {
      left = { kind: 'logical', operator: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): KqlExpression {
    const token = this.peek();
    if (token.type === 'word' && token.value.toLowerCase() === 'not' && this.tokens[this.position + 1]?.type === 'symbol') {
      this.position += 1;
      this.expectSymbol('(');
      const operand = this.parseOr();
      this.expectSymbol(')');
      return { kind: 'not', operand };
    }
    return this.parseComparison();
  }

  private parseComparison(): KqlExpression {
    const left = this.parseAdditive();
    const token = this.peek();
    const operator = token.type === 'symbol' || token.type === 'word' ? token.value.toLowerCase() : '';

    if (IN_OPERATORS.has(operator)) {
      this.position += 1;
      this.expectSymbol('(');
      const values = [this.parseAdditive()];
      while (this.acceptSymbol(',')) {
        values.push(this.parseAdditive());
      }
      this.expectSymbol(')');
      return { kind: 'in', operator, left, values };
    }
    if (COMPARISON_OPERATORS.has(operator)) {
      this.position += 1;
      return { kind: 'compare', operator, left, right: this.parseAdditive() };
    }
    return left;
  }

  private parseAdditive(): KqlExpression {
    let left = this.parsePrimary();
    let token = this.peek();
    while (token.type === 'symbol' && (token.value === '+' || token.value === '-')) {
      this.position += 1;
      left = { kind: 'arithmetic', operator: token.value, left, right: this.parsePrimary() };
      token = this.peek();
    }
    return left;
  }

  private parsePrimary(): KqlExpression {
    const token = this.next();
    switch (token.type) {
      case 'string':
      case 'number':
      case 'timespan':
        return { kind: 'literal', value: token.value };
      case 'datetime': {
        const time = Date.parse(token.value);
        if (Number.isNaN(time)) {
          throw new KqlError(`datetime(${token.value}) is not a valid date and time. Use ISO 8601, such as datetime(2026-12-04T12:00:00Z).`);
        }
        return { kind: 'literal', value: new Date(time) };
      }
      case 'symbol':
        if (token.value === '(') {
          const inner = this.parseOr();
          this.expectSymbol(')');
          return inner;
        }
        throw new KqlError(`Unexpected '${token.value}' where a value or column was expected.`);
      case 'word':
        return this.parseWord(token.value);
      default:
        throw new KqlError('The query ends where a value or column was expected.');
    }
  }

  private parseWord(word: string): KqlExpression {
    const lower = word.toLowerCase();
    if (lower === 'true' || lower === 'false') {
      return { kind: 'literal', value: lower === 'true' };
    }
    if (lower === 'null') {
      return { kind: 'literal', value: null };
    }

    if (this.acceptSymbol('(')) {
      const args: KqlExpression[] = [];
      if (!this.acceptSymbol(')')) {
        args.push(this.parseOr());
        while (this.acceptSymbol(',')) {
          args.push(this.parseOr());
        }
        this.expectSymbol(')');
      }
      return { kind: 'call', name: lower, args };
    }

    const path: (string | number)[] = [word];
    for (;;) {
      if (this.acceptSymbol('.')) {
        path.push(this.expectWord('a property name after "."'));
      } else if (this.acceptSymbol('[')) {
        const index = this.next();
        if (index.type !== 'string' && index.type !== 'number') {
          throw new KqlError('A bracket index needs a string or a number, such as tags["env"] or zones[0].');
        }
        path.push(index.value);
        this.expectSymbol(']');
      } else {
        return { kind: 'column', path };
      }
    }
  }

  protected missingSymbolError(symbol: string): Error {
    return new KqlError(`Expected '${symbol}' but found ${describe(this.peek())}.`);
  }

  private expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) {
      throw new KqlError(`Expected '${keyword}' but found ${describe(this.peek())}.`);
    }
  }

  private expectWord(what: string): string {
    const token = this.next();
    if (token.type !== 'word') {
      throw new KqlError(`Expected ${what} but found ${describe(token)}.`);
    }
    return token.value;
  }

  private expectCount(): number {
    const token = this.next();
    if (token.type !== 'number' || !Number.isInteger(token.value) || token.value < 0) {
      throw new KqlError(`Expected a row count but found ${describe(token)}.`);
    }
    return token.value;
  }
}

function describe(token: KqlToken): string {
  return token.type === 'end' ? 'the end of the query' : `'${String(token.value)}'`;
}

export function parseKql(text: string): KqlQuery {
  return new Parser(tokenize(text)).parseQuery();
}
