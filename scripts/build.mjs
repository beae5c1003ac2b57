#!/usr/bin/env node
// Bundles the extension, the command line and the report webview script with esbuild.
// Usage: node scripts/build.mjs [--watch] [--no-minify]
// Builds only the entry points that exist, so a partial tree still builds.
import * as esbuild from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = !process.argv.includes('--no-minify');

/**
 * Maps the one lazy `require('./backendModules')` in src/ui/backend.ts to the second bundle
 * `./backend.js`, resolved beside dist/extension.js at run time, so the main module stays small.
 * @type {import('esbuild').Plugin}
 */
const backendBoundary = {
  name: 'backend-boundary',
  setup(build) {
    build.onResolve({ filter: /^\.\/backendModules$/ }, (args) =>
      args.importer.endsWith(join('src', 'ui', 'backend.ts')) ? { path: './backend.js', external: true } : undefined,
    );
  },
};

/** @type {Array<{ name: string, options: import('esbuild').BuildOptions }>} */
const targets = [
  {
    // Activation needs only this bundle. The Azure layer, its SDKs and the diagnosis engine are
    // in dist/backend.js, which src/ui/backend.ts requires on first use.
    name: 'extension',
    options: {
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      plugins: [backendBoundary],
      minify,
      sourcemap: true,
    },
  },
  {
    // The SDK packages are bundled here, but the code requires them inside functions, and
    // esbuild wraps each bundled CommonJS module so it is only evaluated on its first require.
    name: 'extension backend',
    options: {
      entryPoints: ['src/ui/backendModules.ts'],
      outfile: 'dist/backend.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      minify,
      sourcemap: true,
    },
  },
  {
    name: 'command line',
    options: {
      entryPoints: ['src/cli/main.ts'],
      outfile: 'dist/cli.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify,
      sourcemap: true,
    },
  },
  {
    name: 'report webview',
    options: {
      entryPoints: ['media/report.ts'],
      outfile: 'dist/media/report.js',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      minify,
      sourcemap: true,
    },
  },
];

function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

async function buildTarget({ name, options }) {
  const entry = options.entryPoints[0];
  if (!existsSync(join(repoRoot, entry))) {
    console.log(`build: skipped ${name}: ${entry} does not exist yet`);
    return true;
  }

  const fullOptions = { ...options, bundle: true, absWorkingDir: repoRoot, logLevel: 'warning' };
  if (watch) {
    const context = await esbuild.context(fullOptions);
    await context.watch();
    console.log(`build: watching ${entry}`);
    return true;
  }

  try {
    await esbuild.build(fullOptions);
  } catch {
    // esbuild has already printed the errors with file and line.
    console.error(`build: ${name} failed (${entry})`);
    return false;
  }

  const size = statSync(join(repoRoot, options.outfile)).size;
  console.log(`build: ${relative(repoRoot, join(repoRoot, options.outfile))} ${formatSize(size)}`);
  return true;
}

const results = [];
for (const target of targets) {
  results.push(await buildTarget(target));
}

if (results.includes(false)) {
  process.exitCode = 1;
}
