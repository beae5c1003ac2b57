/**
 * Runs inside the VS Code extension host started by test/support/vscode/run.js and checks what
 * extension tests rely on: the real API, the extension loaded from source, the opened workspace,
 * and the environment and servers prepared by the setup module.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import * as vscode from 'vscode';
import { SELFTEST_VALUE } from './setup';

const extensionId = 'kv-doctor-tests.kvd-launcher-selftest';

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('extension host launcher', () => {
  it('runs VS Code 1.100 in the web UI', () => {
    assert.match(vscode.version, /^1\.100\./);
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  });

  it('opens the requested workspace folder', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0].uri.fsPath, path.join(__dirname, 'workspace'));

    const marker = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folders[0].uri, 'marker.txt'));
    assert.equal(Buffer.from(marker).toString('utf8').trim(), 'hello from the self-test workspace');
  });

  it('loads the extension under development', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    assert.equal(extension.extensionPath, path.join(__dirname, 'extension'));

    const result = await vscode.commands.executeCommand<{ value: string; environmentValue: string | null }>('kvdSelftest.echo', 'ping');
    assert.equal(extension.isActive, true);
    assert.deepEqual(result, { value: 'ping', environmentValue: SELFTEST_VALUE });
  });

  it('passes the setup environment', () => {
    assert.equal(process.env.KVD_SELFTEST_VALUE, SELFTEST_VALUE);
  });

  it('reaches a server started by setup', async () => {
    const url = process.env.KVD_SELFTEST_URL;
    assert.ok(url, 'KVD_SELFTEST_URL is missing');
    assert.equal(await fetchText(url), 'pong');
  });
});
