/**
 * A stand-in for the desktop `code` executable, so that @vscode/test-electron's
 * `runTests({ vscodeExecutablePath })` runs extension tests in code-server unchanged.
 *
 * It reads the arguments runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=, and
 * a workspace folder as a positional argument in launchArgs), runs the tests through
 * runInExtensionHost and exits with their exit code. Desktop-only flags (--no-sandbox,
 * --disable-gpu-sandbox, --skip-welcome and the like) are accepted and ignored. So are
 * --user-data-dir and --extensions-dir, because every run gets fresh ones.
 */
import path from 'node:path';
import { runInExtensionHost } from './runInExtensionHost';

export interface FakeCodeArguments {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  workspace?: string;
}

const valueFlags = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'locale', 'log']);

/** Parses the `code` command line that runTests builds. */
export function parseFakeCodeArguments(argv: readonly string[]): FakeCodeArguments {
  const parsed: FakeCodeArguments = {};

  for (let i = 0; i < argv.length; i += 1) {
    const argument = argv[i];
    if (!argument.startsWith('--')) {
      parsed.workspace = path.resolve(argument);
      continue;
    }

    const equals = argument.indexOf('=');
    const name = argument.slice(2, equals === -1 ? undefined : equals);
    let value: string | undefined;
    if (equals !== -1) {
      value = argument.slice(equals + 1);
    } else if (valueFlags.has(name)) {
      i += 1;
      value = argv[i];
    }

    if (name === 'extensionDevelopmentPath' && value) {
      parsed.extensionDevelopmentPath = path.resolve(value);
    } else if (name === 'extensionTestsPath' && value) {
      parsed.extensionTestsPath = path.resolve(value);
    }
  }

  return parsed;
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseFakeCodeArguments(argv);
  if (!parsed.extensionDevelopmentPath || !parsed.extensionTestsPath) {
    process.stderr.write(
      `fake code: missing --extensionDevelopmentPath or --extensionTestsPath in: ${argv.join(' ')}\n` +
        'This executable only runs extension tests; pass it as vscodeExecutablePath to runTests.\n',
    );
    return 2;
  }

  const timeoutSeconds = Number(process.env.KVD_VSCODE_TIMEOUT_SECONDS);
  return runInExtensionHost({
    extensionDevelopmentPath: parsed.extensionDevelopmentPath,
    extensionTestsPath: parsed.extensionTestsPath,
    workspace: parsed.workspace,
    timeoutMs: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined,
  });
}
