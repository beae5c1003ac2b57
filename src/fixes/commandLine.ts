/**
 * A command as a list of words, rendered for bash and for PowerShell.
 *
 * Literal words (program, subcommands, flags) come from this code and are written as they are.
 * Values come from Azure or from the user, so they always go through the quoting functions.
 */
import { quoteBash, quotePowerShell } from './quote';

/** A value that must be quoted for the target shell. */
export interface ValueWord {
  value: string;
}

export type Word = string | ValueWord;

/** Marks a string as a value to quote. */
export function value(text: string): ValueWord {
  return { value: text };
}

/** Commands longer than this are split before each flag, with the shell's line continuation. */
const MAX_LINE_LENGTH = 100;

export type Shell = 'bash' | 'powershell';

/** Renders one command for the shell, split over several lines when it is long. */
export function renderCommand(words: Word[], shell: Shell): string {
  const quote = shell === 'bash' ? quoteBash : quotePowerShell;
  const groups: string[] = [];

  for (const word of words) {
    const text = typeof word === 'string' ? word : quote(word.value);
    const startsGroup = typeof word === 'string' && word.startsWith('-') && groups.length > 0;
    if (startsGroup || groups.length === 0) {
      groups.push(text);
    } else {
      groups[groups.length - 1] += ` ${text}`;
    }
  }

  const oneLine = groups.join(' ');
  if (oneLine.length <= MAX_LINE_LENGTH && !oneLine.includes('\n')) {
    return oneLine;
  }

  // PowerShell's continuation is a backtick that must be the last character of the line.
  const continuation = shell === 'bash' ? ' \\\n  ' : ' `\n  ';
  return groups.join(continuation);
}

/** Returns the values of a command, for notes that depend on what they contain. */
export function commandValues(words: Word[]): string[] {
  return words.filter((word): word is ValueWord => typeof word !== 'string').map((word) => word.value);
}

/** Characters cmd.exe interprets when it runs a batch file such as az.cmd, unless they are inside double quotes. */
const CMD_METACHARACTERS = /[&|<>^%]/;

/**
 * Returns a warning for the PowerShell form of a command whose values Windows may not pass intact,
 * or undefined when every value is safe.
 *
 * Windows PowerShell 5.1 (and PowerShell 7 for batch files) quotes a native argument only when it
 * contains white space and does not escape embedded double quotes, and drops empty arguments. `az`
 * on Windows is the batch file az.cmd, so cmd.exe parses the line again and acts on its
 * metacharacters outside double quotes.
 */
export function powerShellArgumentWarning(values: string[]): string | undefined {
  const problems: string[] = [];

  if (values.some((text) => text.includes('"'))) {
    problems.push('a value contains a double quote, which Windows PowerShell passes to native programs without escaping');
  }
  if (values.some((text) => text === '')) {
    problems.push('a value is empty, and Windows PowerShell 5.1 drops empty arguments');
  }
  // PowerShell puts a value with white space in double quotes, where cmd.exe still expands `%`.
  if (values.some((text) => text.includes('%') || (CMD_METACHARACTERS.test(text) && !/\s/.test(text)))) {
    problems.push('a value contains one of & | < > ^ %, which cmd.exe (running az.cmd) interprets');
  }

  if (problems.length === 0) {
    return undefined;
  }
  return `PowerShell on Windows: ${problems.join('; ')}. Run the bash form (for example in Azure Cloud Shell or WSL) or apply the change from the extension.`;
}
