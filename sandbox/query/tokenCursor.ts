/** The shape every query token has: a type tag, and a value on all but the final `end` token. */
export type QueryToken = { type: 'end' } | { type: string; value: unknown };

/**
 * A read position over a token list that ends with an `end` token, shared by the KQL and the
 * OData `$filter` recursive-descent parsers. Subclasses supply the error for a missing symbol,
 * so that each language keeps its own error class and message.
 */
export abstract class TokenCursor<T extends QueryToken> {
  protected position = 0;

  constructor(protected readonly tokens: T[]) {}

  /** Builds the error raised when `expectSymbol` does not find `symbol` at the current position. */
  protected abstract missingSymbolError(symbol: string): Error;

  protected peek(): T {
    return this.tokens[this.position];
  }

  /** Returns the current token and moves past it, unless it is the final `end` token. */
  protected next(): T {
    const token = this.tokens[this.position];
    if (token.type !== 'end') {
      this.position += 1;
    }
    return token;
  }

  protected acceptSymbol(symbol: string): boolean {
    const token: QueryToken = this.peek();
    if (token.type === 'symbol' && 'value' in token && token.value === symbol) {
      this.position += 1;
      return true;
    }
    return false;
  }

  protected expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) {
      throw this.missingSymbolError(symbol);
    }
  }

  /** Moves past the current token when it is the word `keyword` in any letter case. `keyword` must be lower case. */
  protected acceptKeyword(keyword: string): boolean {
    const token: QueryToken = this.peek();
    if (token.type === 'word' && 'value' in token && String(token.value).toLowerCase() === keyword) {
      this.position += 1;
      return true;
    }
    return false;
  }
}
