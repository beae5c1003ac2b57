#!/usr/bin/env node
// Runs every test suite in turn and prints the total as the last line: `N passed, N failed`.
//
// Usage: node scripts/run-tests.mjs [--only NAME[,NAME...]] [--install-status CODE]
//
// Mocha suites report their counts through test/support/countingReporter.js. The type check, the
// lint and the build count as one check each. A suite that exits non-zero without reporting a
// failure (a crash, a timeout, a missing tool) counts as one failure and is named in the summary.
// Suites whose folders have no test files yet are skipped with a line saying so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const mochaBin = join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const reporter = join(repoRoot, 'test', 'support', 'countingReporter.js');
const vscodeLauncher = join(repoRoot, 'test', 'support', 'vscode', 'run.js');

const minute = 60 * 1000;

/**
 * @typedef {{ name: string, kind: 'check', command: string[], timeoutMs: number }} CheckSuite
 * @typedef {{ name: string, kind: 'mocha', folder: string, timeoutMs: number, testTimeoutMs: number, loopbackOnly?: boolean }} MochaSuite
 * @typedef {{ name: string, kind: 'vscode', folder: string, timeoutMs: number }} VscodeSuite
 * @typedef {CheckSuite | MochaSuite | VscodeSuite} Suite
 * @typedef {{ name: string, passed: number, failed: number, pending: number, seconds: number, note: string }} SuiteResult
 */

/** @type {Suite[]} */
const suites = [
  { name: 'type-check', kind: 'check', command: [process.execPath, join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'], timeoutMs: 10 * minute },
  { name: 'lint', kind: 'check', command: [process.execPath, join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.'], timeoutMs: 10 * minute },
  { name: 'build', kind: 'check', command: [process.execPath, join(repoRoot, 'scripts', 'build.mjs')], timeoutMs: 5 * minute },
  { name: 'unit', kind: 'mocha', folder: 'test/unit', timeoutMs: 15 * minute, testTimeoutMs: 20000 },
  { name: 'integration', kind: 'mocha', folder: 'test/integration', timeoutMs: 15 * minute, testTimeoutMs: 60000 },
  // The az suite runs az against the local sandbox only, so it gets a network namespace with
  // nothing but loopback where the runner is root.
  { name: 'az end-to-end', kind: 'mocha', folder: 'test/az', timeoutMs: 30 * minute, testTimeoutMs: 180000, loopbackOnly: true },
  { name: 'vscode launcher self-test', kind: 'vscode', folder: 'test/support/vscode/selftest', timeoutMs: 5 * minute },
  { name: 'extension host', kind: 'vscode', folder: 'test/vscode', timeoutMs: 15 * minute },
  { name: 'ui', kind: 'mocha', folder: 'test/ui', timeoutMs: 15 * minute, testTimeoutMs: 120000 },
];

function parseArguments(argv) {
  const options = { only: /** @type {string[] | null} */ (null), installStatus: 0 };
  for (let i = 0; i < argv.length; i += 1) {
    const argument = argv[i];
    if (argument === '--only') {
      options.only = (argv[++i] ?? '').split(',').map((name) => name.trim()).filter(Boolean);
    } else if (argument === '--install-status') {
      options.installStatus = Number(argv[++i] ?? '0');
    } else {
      console.error(`run-tests: unknown argument ${argument}; expected --only NAME[,NAME...] or --install-status CODE`);
      process.exit(2);
    }
  }
  return options;
}

/** Lists the test files under a folder: `*.test.ts` and `*.test.js`, recursively. */
function findTestFiles(folder) {
  const absolute = join(repoRoot, folder);
  if (!existsSync(absolute)) {
    return [];
  }

  const found = [];
  for (const entry of readdirSync(absolute, { recursive: true })) {
    const relativePath = String(entry);
    if (/\.test\.(ts|js)$/.test(relativePath) && !relativePath.split('/').includes('node_modules')) {
      found.push(join(folder, relativePath));
    }
  }
  return found.sort();
}

let networkIsolation = null;

/**
 * Tells whether this process can create a network namespace with only loopback, by trying once.
 * Root alone is not enough, because a container may withhold CAP_SYS_ADMIN. Without a namespace
 * the az suite still runs, behind the guard inside az that rejects non-loopback connections.
 */
function canIsolateNetwork() {
  if (networkIsolation === null) {
    const probe = spawnSync('unshare', ['--net', '--', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
    networkIsolation = probe.status === 0;
    if (!networkIsolation) {
      console.log('run-tests: cannot create a network namespace (needs root and unshare); the az suite relies on its in-process network guard');
    }
  }
  return networkIsolation;
}

/**
 * Runs a command in its own process group, streaming its output, and kills the whole group
 * when it outlives timeoutMs. Resolves with the exit code, or null after a timeout or a signal.
 */
function runCommand(command, env, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { cwd: repoRoot, env, stdio: 'inherit', detached: true });
    let timedOut = false;

    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`run-tests: ${command.join(' ')} timed out after ${timeoutMs / 1000} s; killing its process group`);
      killGroup(child.pid);
    }, timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      console.error(`run-tests: failed to start ${command[0]}: ${error.message}`);
      resolve(null);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // Children the suite left behind (servers, browsers) go with its group.
      killGroup(child.pid);
      resolve(timedOut ? null : code);
    });
  });
}

function killGroup(pid) {
  if (pid === undefined) {
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has already exited.
  }
}

function readCounts(countsFile) {
  if (!existsSync(countsFile) || statSync(countsFile).size === 0) {
    return null;
  }
  try {
    const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
    return { passed: Number(counts.passed) || 0, failed: Number(counts.failed) || 0, pending: Number(counts.pending) || 0 };
  } catch {
    return null;
  }
}

function suiteCommand(suite, files) {
  if (suite.kind === 'check') {
    return suite.command;
  }

  if (suite.kind === 'vscode') {
    const command = [process.execPath, vscodeLauncher, '--tests', suite.folder];
    const setupFile = ['setup.ts', 'setup.js'].map((name) => join(suite.folder, name)).find((path) => existsSync(join(repoRoot, path)));
    if (setupFile) {
      command.push('--setup', setupFile);
    }
    const workspace = join(suite.folder, 'workspace');
    if (existsSync(join(repoRoot, workspace))) {
      command.push('--workspace', workspace);
    }
    const extension = join(suite.folder, 'extension');
    if (existsSync(join(repoRoot, extension, 'package.json'))) {
      command.push('--extension', extension);
    }
    return command;
  }

  const mochaCommand = [process.execPath, mochaBin, '--config', join(repoRoot, '.mocharc.json'), '--reporter', reporter, '--timeout', String(suite.testTimeoutMs), ...files];
  if (suite.loopbackOnly && canIsolateNetwork()) {
    return ['unshare', '--net', '--', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...mochaCommand];
  }
  return mochaCommand;
}

/** @returns {Promise<SuiteResult>} */
async function runSuite(suite, scratchDir) {
  const started = Date.now();
  const files = suite.kind === 'check' ? [] : findTestFiles(suite.folder);
  if (suite.kind !== 'check' && files.length === 0) {
    console.log(`\n=== ${suite.name}: skipped, no test files in ${suite.folder} yet`);
    return { name: suite.name, passed: 0, failed: 0, pending: 0, seconds: 0, note: 'skipped: no test files' };
  }

  const countsFile = join(scratchDir, `${suite.name.replace(/\W+/g, '-')}.json`);
  const env = { ...process.env, KVD_TEST_COUNTS_FILE: countsFile };
  const command = suiteCommand(suite, files);
  console.log(`\n=== ${suite.name}: ${suite.kind === 'check' ? command.slice(1).join(' ') : `${files.length} test file(s) in ${suite.folder}`}`);

  const exitCode = await runCommand(command, env, suite.timeoutMs);
  const seconds = (Date.now() - started) / 1000;

  if (suite.kind === 'check') {
    const passed = exitCode === 0;
    return { name: suite.name, passed: passed ? 1 : 0, failed: passed ? 0 : 1, pending: 0, seconds, note: passed ? '' : `exit code ${exitCode}` };
  }

  const counts = readCounts(countsFile);
  if (counts === null) {
    return { name: suite.name, passed: 0, failed: 1, pending: 0, seconds, note: `crashed before reporting counts (exit code ${exitCode})` };
  }
  if (exitCode !== 0 && counts.failed === 0) {
    return { ...counts, name: suite.name, failed: 1, seconds, note: `exited with code ${exitCode} after its tests passed` };
  }
  return { ...counts, name: suite.name, seconds, note: '' };
}

function printSummary(results) {
  console.log('\n=== summary');
  const width = Math.max(...results.map((result) => result.name.length));
  for (const result of results) {
    const counts = `${String(result.passed).padStart(5)} passed ${String(result.failed).padStart(3)} failed ${String(result.pending).padStart(3)} pending`;
    console.log(`${result.name.padEnd(width)}  ${counts}  ${result.seconds.toFixed(1).padStart(6)} s${result.note ? `  ${result.note}` : ''}`);
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const selected = options.only ? suites.filter((suite) => options.only.includes(suite.name)) : suites;
  if (options.only && selected.length !== options.only.length) {
    console.error(`run-tests: unknown suite in --only ${options.only.join(',')}; known suites: ${suites.map((suite) => suite.name).join(', ')}`);
    process.exit(2);
  }

  /** @type {SuiteResult[]} */
  const results = [];
  if (options.installStatus !== 0) {
    results.push({ name: 'install', passed: 0, failed: 1, pending: 0, seconds: 0, note: `scripts/install-deps.sh exited with code ${options.installStatus}` });
  }

  const scratchDir = mkdtempSync(join(tmpdir(), 'kvd-test-counts-'));
  try {
    for (const suite of selected) {
      results.push(await runSuite(suite, scratchDir));
    }
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }

  printSummary(results);
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
