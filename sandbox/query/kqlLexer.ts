/** Tokens of the Kusto Query Language (KQL) subset the sandbox understands. */

export class KqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KqlError';
  }
}

export type KqlToken =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  /** A timespan literal such as `1d` or `30m`, in milliseconds. */
  | { type: 'timespan'; value: number }
  /** The raw text inside `datetime(...)`. */
  | { type: 'datetime'; value: string }
  | { type: 'word'; value: string }
  | { type: 'symbol'; value: string }
  | { type: 'end' };

const TIMESPAN_UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, min: 60_000, s: 1000, ms: 1 };
const SYMBOLS = ['==', '=~', '!=', '!~', '>=', '<=', '..', '|', '(', ')', ',', '.', '[', ']', '=', '<', '>', '-', '+'];
/** Hyphenated operator names, which would otherwise read as a subtraction. */
const HYPHENATED = ['project-away', 'project-rename', 'mv-expand'];

export function tokenize(text: string): KqlToken[] {
  const tokens: KqlToken[] = [];
  let position = 0;

  while (position < text.length) {
    const rest = text.slice(position);
    const whitespace = /^(\s+|\/\/[^\n]*)/.exec(rest);
    if (whitespace) {
      position += whitespace[0].length;
      continue;
    }

    const datetime = /^datetime\(\s*([^)]*?)\s*\)/i.exec(rest);
    if (datetime) {
      tokens.push({ type: 'datetime', value: datetime[1] });
      position += datetime[0].length;
      continue;
    }

    const quoted = /^@?(['"])((?:\\.|(?!\1).)*)\1/.exec(rest);
    if (quoted) {
      const verbatim = rest.startsWith('@');
      tokens.push({ type: 'string', value: verbatim ? quoted[2] : quoted[2].replace(/\\(.)/g, '$1') });
      position += quoted[0].length;
      continue;
    }

    const number = /^(\d+(?:\.\d+)?)(ms|min|[dhms])?(?![A-Za-z0-9_])/.exec(rest);
    if (number) {
      const value = Number(number[1]);
      tokens.push(number[2] ? { type: 'timespan', value: value * TIMESPAN_UNITS[number[2]] } : { type: 'number', value });
      position += number[0].length;
      continue;
    }

    const hyphenated = HYPHENATED.find((word) => rest.toLowerCase().startsWith(word) && !/[A-Za-z0-9_]/.test(rest.charAt(word.length)));
    if (hyphenated) {
      tokens.push({ type: 'word', value: hyphenated });
      position += hyphenated.length;
      continue;
    }

    // Words, including negated operators (`!in`, `!contains`) and case-insensitive ones (`in~`).
    const word = /^!?[A-Za-z_$][A-Za-z0-9_$]*~?/.exec(rest);
    if (word) {
      tokens.push({ type: 'word', value: word[0] });
      position += word[0].length;
      continue;
    }

    const symbol = SYMBOLS.find((candidate) => rest.startsWith(candidate));
    if (symbol) {
      tokens.push({ type: 'symbol', value: symbol });
      position += symbol.length;
      continue;
    }

    throw new KqlError(`Unexpected character '${rest.charAt(0)}' at position ${position} of the query.`);
  }

  tokens.push({ type: 'end' });
  return tokens;
}
