/**
 * JSON parsing with the line and column of the first syntax error, which JSON.parse in Node 20
 * reports only for some errors (and then as a character offset).
 */

export interface JsonSyntaxProblem {
  /** One-based line and column. */
  line: number;
  column: number;
  reason: string;
}

/** Parses JSON text, or returns where and why it is invalid. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: JsonSyntaxProblem } {
  // A UTF-8 byte order mark (written by some Windows editors) is not part of the JSON text.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    const located = locateSyntaxError(body);
    const reason = error instanceof Error ? error.message : String(error);
    const offset = located?.offset ?? body.length;
    return { ok: false, problem: { ...lineAndColumn(body, offset), reason: located?.reason ?? reason } };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

class Failure {
  constructor(readonly offset: number, readonly reason: string) {}
}

/** Walks the text with the JSON grammar (RFC 8259) and returns the first place it breaks. */
function locateSyntaxError(text: string): { offset: number; reason: string } | undefined {
  let position = 0;

  const fail = (reason: string): never => {
    throw new Failure(position, reason);
  };
  const skipWhiteSpace = (): void => {
    while (position < text.length && ' \t\n\r'.includes(text[position])) {
      position += 1;
    }
  };
  const describe = (): string => (position >= text.length ? 'end of input' : JSON.stringify(text[position]));

  const parseString = (): void => {
    position += 1;
    while (position < text.length) {
      const character = text[position];
      if (character === '"') {
        position += 1;
        return;
      }
      if (character === '\\') {
        const escape = text[position + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(position + 2, position + 6))) {
            fail('invalid \\u escape: expected four hexadecimal digits');
          }
          position += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          fail(`invalid escape \\${escape ?? ''} in a string`);
        }
        position += 2;
        continue;
      }
      if (character.charCodeAt(0) < 0x20) {
        fail('control character (such as a line break) inside a string: write it as an escape like \\n');
      }
      position += 1;
    }
    fail('unterminated string: a closing " is missing');
  };

  const parseNumber = (): void => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(position));
    if (!match || match[0] === '' || match[0] === '-') {
      fail(`unexpected ${describe()}: expected a value`);
    }
    position += (match as RegExpExecArray)[0].length;
  };

  const parseValue = (): void => {
    skipWhiteSpace();
    const character = text[position];
    if (character === '{') {
      parseObject();
    } else if (character === '[') {
      parseArray();
    } else if (character === '"') {
      parseString();
    } else if (character === '-' || (character >= '0' && character <= '9')) {
      parseNumber();
    } else {
      for (const literal of ['true', 'false', 'null']) {
        if (text.startsWith(literal, position)) {
          position += literal.length;
          return;
        }
      }
      fail(`unexpected ${describe()}: expected a value`);
    }
  };

  const parseObject = (): void => {
    position += 1;
    skipWhiteSpace();
    if (text[position] === '}') {
      position += 1;
      return;
    }
    for (;;) {
      skipWhiteSpace();
      if (text[position] !== '"') {
        fail(`unexpected ${describe()}: expected a property name in double quotes`);
      }
      parseString();
      skipWhiteSpace();
      if (text[position] !== ':') {
        fail(`unexpected ${describe()}: expected ':' after the property name`);
      }
      position += 1;
      parseValue();
      skipWhiteSpace();
      if (text[position] === ',') {
        position += 1;
        continue;
      }
      if (text[position] === '}') {
        position += 1;
        return;
      }
      fail(`unexpected ${describe()}: expected ',' or '}' after a property value`);
    }
  };

  const parseArray = (): void => {
    position += 1;
    skipWhiteSpace();
    if (text[position] === ']') {
      position += 1;
      return;
    }
    for (;;) {
      parseValue();
      skipWhiteSpace();
      if (text[position] === ',') {
        position += 1;
        continue;
      }
      if (text[position] === ']') {
        position += 1;
        return;
      }
      fail(`unexpected ${describe()}: expected ',' or ']' after an array element`);
    }
  };

  try {
    parseValue();
    skipWhiteSpace();
    if (position < text.length) {
      fail(`unexpected ${describe()} after the end of the JSON value`);
    }
    return undefined;
  } catch (error) {
    if (error instanceof Failure) {
      return { offset: error.offset, reason: error.reason };
    }
    throw error;
  }
}
