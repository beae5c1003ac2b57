/**
 * Extension figures: the size of each bundle, the time to require the extension's main module
 * and activate it with a `vscode` stub, and which packages are loaded before the first
 * diagnosis. The shipped bundle inlines the SDKs, so the package list comes from a second build
 * of the same entry point that leaves every package in node_modules (`packages: 'external'`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { repoRoot } from '../paths';
import type { FigureLog } from '../report';

const run = promisify(execFile);

export interface ExtensionBenchOptions {
  /** Fresh Node processes that each require the bundle once; the median is reported. */
  loads: number;
}

/** SDK packages the extension must not load before the first diagnosis. */
const SDK_PACKAGES = /^@azure\/(arm-|identity|core-rest-pipeline|msal-)|^@azure\/msal-node$/;

const BUNDLES = [
  { file: 'dist/extension.js', name: "extension's main module", limitKb: 300 },
  { file: 'dist/cli.js', name: 'command line', limitKb: undefined },
  { file: 'dist/media/report.js', name: 'report webview script', limitKb: undefined },
];

interface LoadResult {
  requireMs: number;
  activateMs: number;
  activationError?: string;
  packagesAfterActivation: string[];
  sdkLoadMs?: number;
  missingStubMembers: string[];
}

export async function measureExtension(log: FigureLog, options: ExtensionBenchOptions): Promise<void> {
  await run(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot });
  const sdkBytes = await sdkShareOfBundle();

  for (const bundle of BUNDLES) {
    const sizeKb = statSync(path.join(repoRoot, bundle.file)).size / 1024;
    log.add({
      section: 'extension',
      name: `${bundle.name} size (${bundle.file})`,
      value: Math.round(sizeKb),
      unit: 'KB',
      ...(bundle.limitKb ? { target: { kind: 'max' as const, limit: bundle.limitKb } } : {}),
      ...(bundle.file === 'dist/extension.js' ? { note: `${Math.round(sdkBytes.packagesKb)} KB of it from node_modules, ${Math.round(sdkBytes.azureKb)} KB from @azure packages; minified` } : {}),
    });
  }

  const shipped = path.join(repoRoot, 'dist/extension.js');
  const loads: LoadResult[] = [];
  for (let index = 0; index < options.loads; index += 1) {
    loads.push(await loadInFreshProcess(shipped, false));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  log.add({
    section: 'extension',
    name: 'require dist/extension.js',
    value: median(loads.map((load) => load.requireMs)),
    unit: 'ms',
    target: { kind: 'max', limit: 50 },
    note: `median of ${options.loads} fresh Node processes; activate() took ${median(loads.map((load) => load.activateMs)).toFixed(1)} ms more`,
  });
  const failed = loads.find((load) => load.activationError);
  if (failed) {
    log.say(`extension | activation with the vscode stub failed: ${failed.activationError}`);
  }

  // The same entry point with every package left in node_modules, so require.cache shows what loads.
  const buildDir = mkdtempSync(path.join(os.tmpdir(), 'kvd-bench-'));
  let probe: LoadResult;
  try {
    probe = await loadInFreshProcess(await buildWithExternalPackages(buildDir), true);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  const sdks = probe.packagesAfterActivation.filter((name) => SDK_PACKAGES.test(name));
  log.add({
    section: 'extension',
    name: 'SDK packages loaded by activation',
    value: sdks.length,
    unit: 'packages',
    target: { kind: 'max', limit: 0 },
    note: `loaded: ${probe.packagesAfterActivation.length > 0 ? probe.packagesAfterActivation.join(', ') : 'no package from node_modules'}`,
  });
  log.add({
    section: 'extension',
    name: 'loading the SDK packages on first use',
    value: Math.round(probe.sdkLoadMs ?? NaN),
    unit: 'ms',
    note: 'core-rest-pipeline, identity, arm-keyvault, arm-authorization, arm-msi and arm-resourcegraph from node_modules, after activation',
  });
  if (probe.missingStubMembers.length > 0 || failed) {
    log.say(`extension | the vscode stub lacks ${probe.missingStubMembers.join(', ') || 'nothing'}; the load figures cover only what ran`);
  }
}

async function loadInFreshProcess(bundle: string, sdkLoad: boolean): Promise<LoadResult> {
  const script = path.join(__dirname, 'loadExtension.cjs');
  // NODE_PATH lets a bundle built outside the repository resolve its packages from the repository's node_modules.
  const env = { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') };
  const { stdout } = await run(process.execPath, [script, bundle, ...(sdkLoad ? ['--sdk-load'] : [])], { cwd: repoRoot, env });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as LoadResult;
}

/** The extension's esbuild options from scripts/build.mjs that affect what is bundled. */
const EXTENSION_OPTIONS: esbuild.BuildOptions = {
  entryPoints: [path.join(repoRoot, 'src/extension.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: true,
  absWorkingDir: repoRoot,
  logLevel: 'warning',
};

/**
 * The boundary of scripts/build.mjs: the lazy `require('./backendModules')` in src/ui/backend.ts
 * becomes the second bundle, so its modules are not part of dist/extension.js.
 */
const BACKEND_BOUNDARY: esbuild.Plugin = {
  name: 'backend-boundary',
  setup(build) {
    build.onResolve({ filter: /^\.\/backendModules$/ }, (args) => (args.importer.endsWith(path.join('src', 'ui', 'backend.ts')) ? { path: './backend.js', external: true } : undefined));
  },
};

/** Returns how much of the minified extension bundle comes from node_modules, from esbuild's metafile. */
async function sdkShareOfBundle(): Promise<{ packagesKb: number; azureKb: number }> {
  const result = await esbuild.build({ ...EXTENSION_OPTIONS, plugins: [BACKEND_BOUNDARY], write: false, outfile: path.join(os.tmpdir(), 'extension-metafile.js'), metafile: true });
  let packages = 0;
  let azure = 0;
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, details] of Object.entries(output.inputs)) {
      if (input.includes('node_modules/')) {
        packages += details.bytesInOutput;
      }
      if (input.includes('node_modules/@azure/')) {
        azure += details.bytesInOutput;
      }
    }
  }
  return { packagesKb: packages / 1024, azureKb: azure / 1024 };
}

async function buildWithExternalPackages(dir: string): Promise<string> {
  const outfile = path.join(dir, 'extension-external-packages.js');
  await esbuild.build({ ...EXTENSION_OPTIONS, packages: 'external', outfile });
  return outfile;
}
