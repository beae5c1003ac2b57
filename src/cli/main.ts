/**
 * Entry point of the kv-doctor command line: dispatches to one file per command and turns every
 * error into a message and an exit code.
 */
import { version } from '../../package.json';
import { runCheck } from './checkCommand';
import { runDiagnose } from './diagnoseCommand';
import { EXIT_CODES, UnreachableError, UsageError } from './errors';
import { runExplain } from './explainCommand';
import { MAIN_HELP } from './help';
import type { CliIo } from './io';

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  diagnose: runDiagnose,
  explain: runExplain,
  check: runCheck,
};

/** Runs the command line with these arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;

  if (first === undefined) {
    io.stderr.write(MAIN_HELP);
    return EXIT_CODES.usage;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(MAIN_HELP);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version}\n`);
    return 0;
  }

  const command = COMMANDS[first];
  if (!command) {
    io.stderr.write(`kv-doctor: unknown command ${JSON.stringify(first)}. Use diagnose, explain or check, or run \`kv-doctor --help\` for usage.\n`);
    return EXIT_CODES.usage;
  }

  try {
    return await command(rest, io);
  } catch (error) {
    io.stderr.write(`kv-doctor ${first}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!(error instanceof UsageError) && io.env.KV_DOCTOR_DEBUG && error instanceof Error && error.stack) {
      io.stderr.write(`${error.stack}\n`);
    }
    return error instanceof UnreachableError ? error.exitCode : EXIT_CODES.usage;
  }
}

/** Runs with the process's arguments and streams and sets the exit code. */
export async function run(): Promise<void> {
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
  process.exitCode = await main(process.argv.slice(2), io);
}

// Run directly (through tsx) when this file is the entry; bin/kv-doctor.js calls run() on the bundle.
if (require.main === module) {
  void run();
}
