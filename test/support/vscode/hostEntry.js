// The extensionTestsPath module: VS Code loads it in the extension host and awaits run().
// It runs the mocha test files named by KVD_VSCODE_TESTS (a file, or a folder searched for
// *.test.ts and *.test.js), TypeScript included through tsx, with the counting reporter.
//
// Plain CommonJS because the extension host loads this file with Node's require, before any
// TypeScript support is registered.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');

// The workbench shows the extension host's console in the browser console, mixed with its own
// log lines and with printf-style arguments left unformatted. So every console line of the test
// run is formatted here and marked; the launcher forwards only marked lines, without the marker.
const OUTPUT_MARKER = '[kvd-host] ';

// VS Code's extension host installs its console forwarders as getters with a no-op setter, so a
// plain assignment to console.log is ignored. The properties stay configurable, so they are redefined.
function markConsoleOutput() {
  const saved = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    saved[level] = Object.getOwnPropertyDescriptor(console, level);
    const forward = console[level];
    const marked = (...args) => forward.call(console, OUTPUT_MARKER + util.format(...args));
    Object.defineProperty(console, level, { configurable: true, enumerable: true, get: () => marked, set() {} });
  }

  return () => {
    for (const [level, descriptor] of Object.entries(saved)) {
      if (descriptor) {
        Object.defineProperty(console, level, descriptor);
      }
    }
  };
}

function findTestFiles(testsPath) {
  if (fs.statSync(testsPath).isFile()) {
    return [testsPath];
  }

  return fs
    .readdirSync(testsPath, { recursive: true })
    .map(String)
    .filter((relativePath) => /\.test\.(ts|js)$/.test(relativePath) && !relativePath.split(path.sep).includes('node_modules'))
    .sort()
    .map((relativePath) => path.join(testsPath, relativePath));
}

async function run() {
  const testsPath = process.env.KVD_VSCODE_TESTS;
  if (!testsPath || !fs.existsSync(testsPath)) {
    throw new Error(`KVD_VSCODE_TESTS must name a test file or folder, but is ${JSON.stringify(testsPath)}; start the tests with test/support/vscode/run.js --tests PATH`);
  }

  const restoreConsole = markConsoleOutput();
  try {
    await runMocha(testsPath);
  } finally {
    restoreConsole();
  }
}

async function runMocha(testsPath) {
  require('tsx/cjs');
  const Mocha = require('mocha');
  const CountingReporter = require('../countingReporter.js');
  Mocha.reporters.Base.consoleLog = console.log;

  const timeout = Number(process.env.KVD_VSCODE_TEST_TIMEOUT_MS) || 60000;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout, reporter: CountingReporter });

  const files = findTestFiles(testsPath);
  if (files.length === 0) {
    throw new Error(`no *.test.ts or *.test.js files in ${testsPath}`);
  }
  for (const file of files) {
    mocha.addFile(file);
  }

  const failures = await new Promise((resolve) => mocha.run(resolve));
  if (failures > 0) {
    throw new Error(`${failures} extension host test(s) failed`);
  }
}

module.exports = { run, OUTPUT_MARKER };
