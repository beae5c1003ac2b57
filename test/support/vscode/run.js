#!/usr/bin/env node
// Entry point for extension-host tests in code-server; see run.ts for the options.
'use strict';

require('tsx/cjs');

require('./run.ts')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });
