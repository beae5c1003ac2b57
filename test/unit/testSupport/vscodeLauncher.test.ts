/**
 * The pure parts of the VS Code test launcher: the fake `code` command line, the launcher's own
 * options, the workbench URL and the console filter.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseFakeCodeArguments } from '../../support/vscode/fakeCode';
import { parseRunArguments } from '../../support/vscode/run';
import { extractHostOutput, HOST_OUTPUT_MARKER } from '../../support/vscode/runInExtensionHost';
import { buildWorkbenchUrl } from '../../support/vscode/workbench';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('fake code arguments', () => {
  it('reads the paths runTests passes', () => {
    // The order and flags @vscode/test-electron 3.1 passes, with a workspace from launchArgs.
    const parsed = parseFakeCodeArguments([
      '/work/ws',
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-updates',
      '--skip-welcome',
      '--skip-release-notes',
      '--no-cached-data',
      '--disable-workspace-trust',
      '--extensionTestsPath=/work/tests/index.js',
      '--extensionDevelopmentPath=/work/ext',
      '--extensions-dir=/work/.vscode-test/extensions',
      '--user-data-dir=/work/.vscode-test/user-data',
    ]);

    assert.equal(parsed.workspace, '/work/ws');
    assert.equal(parsed.extensionTestsPath, '/work/tests/index.js');
    assert.equal(parsed.extensionDevelopmentPath, '/work/ext');
  });

  it('accepts flags with separate values', () => {
    const parsed = parseFakeCodeArguments(['--user-data-dir', '/tmp/ud', '--extensionDevelopmentPath', '/work/ext', '--extensionTestsPath', '/work/t.js']);

    assert.equal(parsed.extensionDevelopmentPath, '/work/ext');
    assert.equal(parsed.extensionTestsPath, '/work/t.js');
    assert.equal(parsed.workspace, undefined);
  });

  it('leaves missing paths undefined', () => {
    const parsed = parseFakeCodeArguments(['--no-sandbox']);

    assert.equal(parsed.extensionDevelopmentPath, undefined);
    assert.equal(parsed.extensionTestsPath, undefined);
  });
});

describe('launcher options', () => {
  it('parses every option', () => {
    const options = parseRunArguments([
      '--tests', 'test/support/vscode/selftest',
      '--workspace', 'test/support/vscode/selftest/workspace',
      '--extension', 'test/support/vscode/selftest/extension',
      '--setup', 'test/support/vscode/selftest/setup.ts',
      '--env', 'A=1',
      '--env', 'B=x=y',
      '--timeout', '90',
    ]);

    assert.equal(options.tests, path.join(repoRoot, 'test/support/vscode/selftest'));
    assert.equal(options.workspace, path.join(repoRoot, 'test/support/vscode/selftest/workspace'));
    assert.equal(options.extension, path.join(repoRoot, 'test/support/vscode/selftest/extension'));
    assert.equal(options.setup, path.join(repoRoot, 'test/support/vscode/selftest/setup.ts'));
    assert.deepEqual(options.env, { A: '1', B: 'x=y' });
    assert.equal(options.timeoutSeconds, 90);
  });

  it('defaults the extension to the repository', () => {
    const options = parseRunArguments(['--tests', 'test/support/vscode/selftest']);
    assert.equal(options.extension, repoRoot);
  });

  it('rejects invalid options', () => {
    assert.throws(() => parseRunArguments([]), /--tests is required/);
    assert.throws(() => parseRunArguments(['--tests']), /--tests needs a value/);
    assert.throws(() => parseRunArguments(['--tests', 'no/such/folder']), /not found/);
    assert.throws(() => parseRunArguments(['--tests', 'test', '--env', 'NOVALUE']), /expected KEY=VALUE/);
    assert.throws(() => parseRunArguments(['--tests', 'test', '--timeout', '-1']), /positive number/);
    assert.throws(() => parseRunArguments(['--tests', 'test', '--bogus', '1']), /unknown argument --bogus/);
  });
});

describe('workbench URL', () => {
  const server = { url: 'http://127.0.0.1:4711', authority: '127.0.0.1:4711' };

  it('carries the development payload', () => {
    const url = new URL(buildWorkbenchUrl(server, { folder: '/work/ws', extensionDevelopmentPath: '/work/ext', extensionTestsPath: '/work/t.js' }));

    assert.equal(url.origin, 'http://127.0.0.1:4711');
    assert.equal(url.searchParams.get('folder'), '/work/ws');
    assert.deepEqual(JSON.parse(url.searchParams.get('payload') ?? 'null'), [
      ['extensionDevelopmentPath', 'vscode-remote://127.0.0.1:4711/work/ext'],
      ['extensionTestsPath', 'vscode-remote://127.0.0.1:4711/work/t.js'],
    ]);
  });

  it('opens an empty window without a folder', () => {
    const url = new URL(buildWorkbenchUrl(server, {}));

    assert.equal(url.searchParams.get('ew'), 'true');
    assert.equal(url.searchParams.get('payload'), null);
  });
});

describe('extension host output filter', () => {
  it('keeps marked lines without the marker', () => {
    assert.equal(extractHostOutput(`%c INFO color: #33f ${HOST_OUTPUT_MARKER}  3 passing (12ms)`), '  3 passing (12ms)');
  });

  it('drops the workbench log lines', () => {
    assert.equal(extractHostOutput('%c INFO color: #33f Ignoring fetching additional builtin extensions'), null);
  });
});
