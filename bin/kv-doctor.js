#!/usr/bin/env node
'use strict';
// Starts the bundled command line. `npm run build` (also run by `npm ci` through `prepare`) creates dist/cli.js.
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(`kv-doctor: ${bundle} is missing. Run \`npm run build\` in ${path.join(__dirname, '..')} first.\n`);
  process.exitCode = 2;
} else {
  require(bundle).run();
}
