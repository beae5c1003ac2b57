/**
 * Shell quoting for generated commands: every value becomes exactly one argument in bash and in
 * PowerShell, whatever characters Azure allowed in it.
 *
 * Plain tokens stay bare so the common command (GUIDs, resource ids, kebab-case names) reads
 * like one typed by hand. Invisible characters (line breaks, other control characters,
 * bidirectional-text controls, zero-width characters) are written as visible escapes, so a
 * pasted command cannot look different from what it runs.
 */

/** Characters that change how text displays, or that a terminal interprets, without being visible. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/u;
const INVISIBLE_GLOBAL = new RegExp(INVISIBLE.source, 'gu');

/** Tokens bash passes as one argument without quotes: no glob, expansion, word-splitting or history character. */
const BASH_BARE = /^[A-Za-z0-9_\-./:=@,+]+$/;

/** Characters that keep their meaning inside bash double quotes (`!` for interactive history expansion). */
const BASH_DOUBLE_QUOTE_SPECIAL = /[$`\\"!]/;

/** TextEncoder works in Node and in a webview alike. */
const UTF8 = new TextEncoder();

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Tokens PowerShell passes as one literal string in argument mode. The first character must be a
 * letter or `/`: a leading digit, `.`, `+` or `-` could make PowerShell parse a number (`1e3`
 * becomes `1000`, `0x10` becomes `16`) or a parameter name. `@`, `,`, `;`, `$`, braces and
 * parentheses have meanings of their own, so they are quoted.
 */
const POWERSHELL_BARE = /^[A-Za-z/][A-Za-z0-9_\-./:=]*$/;

/** PowerShell treats all of these as the single-quote character; inside '...' each is escaped by doubling. */
const POWERSHELL_SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/gu;

/** Characters that keep their meaning inside PowerShell double quotes, including its typographic double quotes. */
const POWERSHELL_DOUBLE_QUOTE_SPECIAL = /[$`"\u201c\u201d\u201e]/u;

/** Raised when a value cannot be passed as a command argument at all. */
export class UnquotableValueError extends Error {
  constructor(readonly value: string) {
    super(`Cannot pass ${JSON.stringify(value)} as a command argument: it contains a NUL character, which no shell argument can hold. Remove the NUL from the name.`);
    this.name = 'UnquotableValueError';
  }
}

/** Returns true when the text contains a control, bidirectional or zero-width character. */
export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE.test(text);
}

/** Replaces every invisible character with a visible `<U+XXXX>` marker, for display outside code. */
export function showInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE_GLOBAL, (character) => `<U+${codePointHex(character)}>`);
}

/**
 * Quotes a value as one bash argument: bare when it is a plain token, in double quotes when it
 * contains single quotes but nothing double quotes would expand, in single quotes otherwise, and as
 * an ANSI-C `$'...'` string with escapes when it contains invisible characters.
 */
export function quoteBash(value: string): string {
  rejectNul(value);

  if (BASH_BARE.test(value)) {
    return value;
  }

  if (INVISIBLE.test(value)) {
    return quoteBashAnsiC(value);
  }

  if (value.includes("'") && !BASH_DOUBLE_QUOTE_SPECIAL.test(value)) {
    return `"${value}"`;
  }

  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes `$'...'` with `\xHH` escapes of the UTF-8 bytes of each invisible character. Byte escapes
 * work whatever the locale, unlike `\u` escapes, which bash converts through the current locale.
 */
function quoteBashAnsiC(value: string): string {
  let body = '';

  for (const character of value) {
    if (character === '\\' || character === "'") {
      body += `\\${character}`;
    } else if (character === '\n') {
      body += '\\n';
    } else if (character === '\t') {
      body += '\\t';
    } else if (INVISIBLE.test(character)) {
      body += [...UTF8.encode(character)].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');
    } else {
      body += character;
    }
  }

  return `$'${body}'`;
}

/**
 * Quotes a value as one PowerShell argument: bare when it is a plain token (or a GUID), in double
 * quotes when it contains single quotes but nothing double quotes would expand, in single quotes
 * otherwise, and as a parenthesised concatenation with `[char]` codes when it contains invisible
 * characters (this form works in Windows PowerShell 5.1 and PowerShell 7).
 */
export function quotePowerShell(value: string): string {
  rejectNul(value);

  if (POWERSHELL_BARE.test(value) || GUID.test(value)) {
    return value;
  }

  if (INVISIBLE.test(value)) {
    return quotePowerShellConcatenation(value);
  }

  POWERSHELL_SINGLE_QUOTES.lastIndex = 0;
  if (POWERSHELL_SINGLE_QUOTES.test(value) && !POWERSHELL_DOUBLE_QUOTE_SPECIAL.test(value)) {
    return `"${value}"`;
  }

  return singleQuotePowerShell(value);
}

function singleQuotePowerShell(value: string): string {
  return `'${value.replace(POWERSHELL_SINGLE_QUOTES, (quote) => quote + quote)}'`;
}

function quotePowerShellConcatenation(value: string): string {
  const parts: string[] = [];
  let literal = '';

  for (const character of value) {
    if (!INVISIBLE.test(character)) {
      literal += character;
      continue;
    }

    if (literal !== '') {
      parts.push(singleQuotePowerShell(literal));
      literal = '';
    }
    parts.push(`[char]0x${codePointHex(character)}`);
  }

  if (literal !== '') {
    parts.push(singleQuotePowerShell(literal));
  }

  // A leading '' makes the expression a string even when it starts with a [char].
  if (!parts[0].startsWith("'")) {
    parts.unshift("''");
  }

  return `(${parts.join(' + ')})`;
}

function codePointHex(character: string): string {
  return (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

function rejectNul(value: string): void {
  if (value.includes('\u0000')) {
    throw new UnquotableValueError(value);
  }
}
