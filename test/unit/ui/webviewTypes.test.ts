import assert from 'node:assert/strict';
import path from 'node:path';
import ts from 'typescript';

const repoRoot = path.resolve(__dirname, '../../..');

describe('webview script types', () => {
  it('media/report.ts type-checks with the DOM library', function () {
    // The repository's tsconfig.json has no DOM library, so the webview script has its own project.
    this.timeout(60_000);
    const configPath = path.join(repoRoot, 'media', 'tsconfig.json');
    const config = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
    assert.equal(config.error, undefined);

    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configPath));
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const messages = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    assert.deepEqual(messages, []);
    assert.ok(parsed.fileNames.some((file) => file.endsWith('media/report.ts')));
  });
});
