/**
 * Option parsing with node:util parseArgs, with errors reworded to name the option and the help
 * command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses the arguments of one command. An unknown option, a missing value or a stray argument is
 * a usage error; `allowPositionals` lets a command take operands such as a folder.
 */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(`${rewordParseError(error, command)} Run \`kv-doctor ${command} --help\` for the options.`);
  }
}

function rewordParseError(error: unknown, command: string): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);

  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `Unknown option ${option} for kv-doctor ${command}.`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `Unexpected argument ${argument} for kv-doctor ${command}: every input is given with an option.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /'(--?[A-Za-z-]+)/.exec(message)?.[1];
    return option && message.includes('argument missing') ? `Option ${option} needs a value.` : `${message.replace(/\.$/, '')}.`;
  }
  return message;
}

/** Returns the value of a choice option, or throws naming the allowed values. */
export function choice<T extends string>(option: string, input: string | undefined, allowed: readonly T[], fallback: T): T {
  if (input === undefined) {
    return fallback;
  }
  if ((allowed as readonly string[]).includes(input)) {
    return input as T;
  }
  throw new UsageError(`Invalid value ${JSON.stringify(input)} for ${option}: use one of ${allowed.join(', ')}.`);
}

/** Splits a comma-separated list, dropping empty items and white space around them. */
export function splitList(input: string | undefined): string[] | undefined {
  if (input === undefined) {
    return undefined;
  }
  return input
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
