// Loads a bundled extension in a fresh Node process with the `vscode` stub and activates it.
// Prints one JSON line with the require time, the activation time and the packages loaded from
// node_modules. With --sdk-load it also times loading the SDK packages afterwards (their first use).
// Usage: node loadExtension.cjs BUNDLE [--sdk-load]
'use strict';

const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const bundle = path.resolve(process.argv[2]);
const measureSdkLoad = process.argv.includes('--sdk-load');
const stubPath = path.join(__dirname, 'vscodeStub.cjs');

// Only the `vscode` request is redirected; every other request resolves as usual.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stubPath : resolveFilename.call(this, request, ...rest);
};
const stub = require(stubPath);

function loadedPackages() {
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (match) names.add(match[1]);
  }
  return [...names].sort();
}

async function main() {
  const requireStarted = performance.now();
  const extension = require(bundle);
  const requireMs = performance.now() - requireStarted;

  const context = {
    subscriptions: [],
    extension: { packageJSON: { version: '0.0.0-bench' } },
    extensionUri: stub.Uri.file(path.dirname(bundle)),
    extensionMode: stub.ExtensionMode.Production,
    globalState: { get: (_key, fallback) => fallback, update: async () => undefined, keys: () => [] },
    workspaceState: { get: (_key, fallback) => fallback, update: async () => undefined, keys: () => [] },
  };
  const activateStarted = performance.now();
  let activationError;
  try {
    extension.activate(context);
  } catch (error) {
    activationError = String(error && error.stack ? error.stack : error);
  }
  const activateMs = performance.now() - activateStarted;

  // Activation starts a silent sign-in; let it settle before listing what was loaded.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const packagesAfterActivation = loadedPackages();

  let sdkLoadMs;
  if (measureSdkLoad) {
    const sdkStarted = performance.now();
    for (const name of ['@azure/core-rest-pipeline', '@azure/identity', '@azure/arm-keyvault', '@azure/arm-authorization', '@azure/arm-msi', '@azure/arm-resourcegraph']) {
      require(name);
    }
    sdkLoadMs = performance.now() - sdkStarted;
  }

  process.stdout.write(
    JSON.stringify({ requireMs, activateMs, activationError, packagesAfterActivation, sdkLoadMs, missingStubMembers: [...stub.__missing].sort() }) + '\n',
  );
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`loadExtension failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
