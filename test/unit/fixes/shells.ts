/**
 * Test helpers: run generated bash through the real /bin/bash with stand-in `az` and `kubectl`
 * programs that report their arguments, and split generated PowerShell with a reference
 * tokenizer (there is no PowerShell on the test machines).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One invocation of a stand-in program: its name and the arguments it received. */
export interface Invocation {
  program: string;
  args: string[];
}

/**
 * The stand-ins write each argument followed by a NUL byte and end the invocation with an
 * "end" record, so arguments holding line breaks or any other character survive intact.
 */
const STAND_IN = `#!/bin/bash
{
  printf 'program\\0%s\\0' "$(basename "$0")"
  for argument in "$@"; do printf 'arg\\0%s\\0' "$argument"; done
  printf 'end\\0'
} >> "$KVD_TEST_INVOCATIONS"
`;

export class BashSandbox {
  readonly directory: string;

  /** `locale` sets LC_ALL for bash: byte-oriented C or UTF-8 aware C.UTF-8. */
  constructor(private readonly locale: 'C' | 'C.UTF-8' = 'C.UTF-8') {
    this.directory = mkdtempSync(join(tmpdir(), 'kvd-bash-'));
    for (const program of ['az', 'kubectl']) {
      const path = join(this.directory, program);
      writeFileSync(path, STAND_IN);
      chmodSync(path, 0o755);
    }
  }

  /** Runs a script with bash in the sandbox folder and returns the stand-in invocations in order. */
  run(script: string): Invocation[] {
    const log = join(this.directory, 'invocations');
    writeFileSync(log, '');

    const result = spawnSync('/bin/bash', ['-c', script], {
      cwd: this.directory,
      env: { PATH: `${this.directory}:/usr/bin:/bin`, KVD_TEST_INVOCATIONS: log, LC_ALL: this.locale },
      encoding: 'buffer',
    });
    if (result.status !== 0) {
      throw new Error(`bash exited with ${result.status}: ${result.stderr.toString('utf8')}\nscript:\n${script}`);
    }

    const output = spawnSync('/bin/cat', [log], { encoding: 'buffer' }).stdout;
    return parseInvocations(output);
  }

  remove(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}

function parseInvocations(output: Buffer): Invocation[] {
  const fields = output.toString('utf8').split('\u0000');
  const invocations: Invocation[] = [];
  let current: Invocation | undefined;

  for (let index = 0; index < fields.length; index += 1) {
    const tag = fields[index];
    if (tag === 'program') {
      current = { program: fields[index + 1], args: [] };
      index += 1;
    } else if (tag === 'arg' && current) {
      current.args.push(fields[index + 1]);
      index += 1;
    } else if (tag === 'end' && current) {
      invocations.push(current);
      current = undefined;
    }
  }
  return invocations;
}

const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);
const DOUBLE_QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);

/**
 * Splits one PowerShell command line into the strings a native program receives, for the forms
 * the quoting module writes: bare tokens, '...' with doubled quotes, "..." without `$` or
 * backtick, and ('...' + [char]0xHHHH + ...) expressions. Anything else throws, so a test fails
 * when the quoting writes a form this reference does not vouch for.
 */
export function tokenizePowerShell(line: string): string[] {
  const tokens: string[] = [];
  let position = 0;

  const readSingleQuoted = (): string => {
    let text = '';
    position += 1;
    for (;;) {
      if (position >= line.length) {
        throw new Error(`unterminated single-quoted string in ${JSON.stringify(line)}`);
      }
      const character = line[position];
      if (SINGLE_QUOTES.has(character)) {
        if (SINGLE_QUOTES.has(line[position + 1])) {
          text += line[position + 1];
          position += 2;
          continue;
        }
        position += 1;
        return text;
      }
      text += character;
      position += 1;
    }
  };

  const readDoubleQuoted = (): string => {
    let text = '';
    position += 1;
    for (;;) {
      if (position >= line.length) {
        throw new Error(`unterminated double-quoted string in ${JSON.stringify(line)}`);
      }
      const character = line[position];
      if (DOUBLE_QUOTES.has(character)) {
        position += 1;
        return text;
      }
      if (character === '$' || character === '`') {
        throw new Error(`expandable character ${character} inside a double-quoted string: ${JSON.stringify(line)}`);
      }
      text += character;
      position += 1;
    }
  };

  const readExpression = (): string => {
    let text = '';
    position += 1;
    for (;;) {
      while (line[position] === ' ') {
        position += 1;
      }
      if (SINGLE_QUOTES.has(line[position])) {
        text += readSingleQuoted();
      } else if (line.startsWith('[char]0x', position)) {
        const hex = /^\[char\]0x([0-9A-F]{4})/.exec(line.slice(position));
        if (!hex) {
          throw new Error(`malformed [char] in ${JSON.stringify(line)}`);
        }
        text += String.fromCharCode(parseInt(hex[1], 16));
        position += hex[0].length;
      } else {
        throw new Error(`unexpected ${JSON.stringify(line[position])} in an expression: ${JSON.stringify(line)}`);
      }
      while (line[position] === ' ') {
        position += 1;
      }
      if (line[position] === ')') {
        position += 1;
        return text;
      }
      if (line[position] !== '+') {
        throw new Error(`expected + or ) in an expression: ${JSON.stringify(line)}`);
      }
      position += 1;
    }
  };

  const readBare = (): string => {
    const start = position;
    while (position < line.length && line[position] !== ' ' && line[position] !== '\n') {
      position += 1;
    }
    const token = line.slice(start, position);
    const plain = /^[A-Za-z/][A-Za-z0-9_\-./:=]*$/.test(token) || /^-{1,2}[a-z][a-z-]*$/.test(token);
    const guid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(token);
    if (!plain && !guid) {
      throw new Error(`bare token ${JSON.stringify(token)} would not reach the program as written`);
    }
    return token;
  };

  while (position < line.length) {
    const character = line[position];
    if (character === ' ' || character === '\n') {
      position += 1;
    } else if (character === '`' && line[position + 1] === '\n') {
      position += 2;
    } else if (SINGLE_QUOTES.has(character)) {
      tokens.push(readSingleQuoted());
    } else if (DOUBLE_QUOTES.has(character)) {
      tokens.push(readDoubleQuoted());
    } else if (character === '(') {
      tokens.push(readExpression());
    } else {
      tokens.push(readBare());
    }
  }
  return tokens;
}
