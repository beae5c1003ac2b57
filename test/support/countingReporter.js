// Mocha reporter: the Spec output, plus the pass, fail and pending counts written as JSON to the
// file named by KVD_TEST_COUNTS_FILE when the run ends. The test runner (scripts/run-tests.mjs)
// adds these files up for its closing `N passed, N failed` line.
//
// Plain CommonJS so that it loads the same way in Node and inside the VS Code extension host.
'use strict';

const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);

    // A failing before/after hook emits a failure but no test result, so failures are counted
    // from the events, not from the test list.
    let failed = 0;
    runner.on(EVENT_TEST_FAIL, () => {
      failed += 1;
    });

    runner.once(EVENT_RUN_END, () => {
      const countsFile = process.env.KVD_TEST_COUNTS_FILE;
      if (!countsFile) {
        return;
      }

      const counts = {
        passed: runner.stats ? runner.stats.passes : 0,
        failed,
        pending: runner.stats ? runner.stats.pending : 0,
      };
      fs.writeFileSync(countsFile, JSON.stringify(counts) + '\n');
    });
  }
}

module.exports = CountingReporter;
