/**
 * Command line for extension-host tests in a real VS Code (code-server 1.100.3 + Chromium):
 *
 *   node test/support/vscode/run.js --tests PATH [--workspace DIR] [--extension DIR]
 *        [--setup FILE] [--env KEY=VALUE]... [--timeout SECONDS]
 *
 * It calls @vscode/test-electron's runTests with the fake `code` executable beside this file.
 * The tests run with mocha (bdd, TypeScript through tsx) inside the extension host, and the
 * counting reporter writes to KVD_TEST_COUNTS_FILE when that variable is set.
 *
 * --setup names a module exporting `setup(): Promise<{ env?: Record<string, string>; teardown?:
 * () => Promise<void> }>`. It runs in this process before VS Code starts, so it can start servers
 * (such as the local sandbox) and return the variables the extension host needs, including ones
 * Node reads only at start-up, like NODE_EXTRA_CA_CERTS.
 */
import { runTests } from '@vscode/test-electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './codeServer';

export interface RunOptions {
  tests: string;
  workspace?: string;
  extension: string;
  setup?: string;
  env: Record<string, string>;
  timeoutSeconds?: number;
}

export interface SetupResult {
  env?: Record<string, string>;
  teardown?: () => Promise<void>;
}

const usage =
  'usage: node test/support/vscode/run.js --tests PATH [--workspace DIR] [--extension DIR] [--setup FILE] [--env KEY=VALUE]... [--timeout SECONDS]';

function resolveExisting(value: string, flag: string): string {
  const absolute = path.resolve(value);
  if (!existsSync(absolute)) {
    throw new Error(`${flag} ${value}: not found (resolved to ${absolute})`);
  }
  return absolute;
}

/** Parses the command line; throws an Error naming the invalid argument. */
export function parseRunArguments(argv: readonly string[]): RunOptions {
  let tests: string | undefined;
  const options: Omit<RunOptions, 'tests'> = { extension: repoRoot, env: {} };

  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) {
      throw new Error(`${flag} needs a value\n${usage}`);
    }
    i += 1;

    switch (flag) {
      case '--tests':
        tests = resolveExisting(value, flag);
        break;
      case '--workspace':
        options.workspace = resolveExisting(value, flag);
        break;
      case '--extension':
        options.extension = resolveExisting(value, flag);
        break;
      case '--setup':
        options.setup = resolveExisting(value, flag);
        break;
      case '--env': {
        const equals = value.indexOf('=');
        if (equals <= 0) {
          throw new Error(`--env ${value}: expected KEY=VALUE`);
        }
        options.env[value.slice(0, equals)] = value.slice(equals + 1);
        break;
      }
      case '--timeout': {
        const seconds = Number(value);
        if (!Number.isFinite(seconds) || seconds <= 0) {
          throw new Error(`--timeout ${value}: expected a positive number of seconds`);
        }
        options.timeoutSeconds = seconds;
        break;
      }
      default:
        throw new Error(`unknown argument ${flag}\n${usage}`);
    }
  }

  if (!tests) {
    throw new Error(`--tests is required\n${usage}`);
  }
  return { ...options, tests };
}

async function runSetup(setupFile: string | undefined): Promise<SetupResult> {
  if (!setupFile) {
    return {};
  }

  // require, not import(): run.js registers tsx's CommonJS hook only, so a TypeScript setup file
  // loads through require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(setupFile) as { setup?: () => Promise<SetupResult> };
  if (typeof loaded.setup !== 'function') {
    throw new Error(`--setup ${setupFile}: the module must export an async function setup()`);
  }
  return (await loaded.setup()) ?? {};
}

/** Runs the tests and resolves with the exit code. */
export async function run(options: RunOptions): Promise<number> {
  const setup = await runSetup(options.setup);

  const extensionTestsEnv: Record<string, string> = {
    ...setup.env,
    ...options.env,
    KVD_VSCODE_TESTS: options.tests,
  };
  if (options.timeoutSeconds !== undefined) {
    extensionTestsEnv.KVD_VSCODE_TIMEOUT_SECONDS = String(options.timeoutSeconds);
  }

  try {
    await runTests({
      vscodeExecutablePath: path.join(__dirname, 'code'),
      extensionDevelopmentPath: options.extension,
      extensionTestsPath: path.join(__dirname, 'hostEntry.js'),
      launchArgs: options.workspace ? [options.workspace] : [],
      extensionTestsEnv,
    });
    return 0;
  } catch (error) {
    const code = (error as { code?: number }).code;
    console.error(`extension host tests failed: ${(error as Error).message}`);
    return typeof code === 'number' && code !== 0 ? code : 1;
  } finally {
    await setup.teardown?.();
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: RunOptions;
  try {
    options = parseRunArguments(argv);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  return run(options);
}
