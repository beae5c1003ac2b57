// Registers one command that returns its argument and the value of KVD_SELFTEST_VALUE from the
// extension host's environment, so the self-test can check both the command path and the
// environment forwarding.
'use strict';

const vscode = require('vscode');

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('kvdSelftest.echo', (value) => ({
      value,
      environmentValue: process.env.KVD_SELFTEST_VALUE ?? null,
    })),
  );
}

module.exports = { activate };
