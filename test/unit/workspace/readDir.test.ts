import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readWorkspaceDir, scanWorkspaceDir } from '../../../src/workspace/readDir';

describe('readWorkspaceDir', () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-doctor-workspace-'));
    const write = (relative: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      fs.writeFileSync(path.join(root, relative), text);
    };
    write('k8s/deployment.yaml', 'kind: Deployment\n');
    write('k8s/values.YML', 'a: 1\n');
    write('infra/main.bicep', "param a string = 'b'\n");
    write('infra/main.tf', 'resource "x" "y" {}\n');
    write('infra/role.json', '{}\n');
    write('README.md', '# not read\n');
    write('node_modules/pkg/deployment.yaml', 'kind: Deployment\n');
    write('.git/config.json', '{}\n');
    write('.terraform/modules/m.tf', '\n');
    write('big/generated.json', `"${'x'.repeat(2048)}"`);
    fs.mkdirSync(path.join(root, 'binary'));
    fs.writeFileSync(path.join(root, 'binary', 'image.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]));
    fs.writeFileSync(path.join(root, 'binary', 'latin1.yaml'), Buffer.from('name: caf\xe9\n', 'latin1'));
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reads supported files with forward-slash paths', () => {
    const files = readWorkspaceDir(root, { maxFileBytes: 1024 });

    assert.deepEqual(Object.keys(files).sort(), ['infra/main.bicep', 'infra/main.tf', 'infra/role.json', 'k8s/deployment.yaml', 'k8s/values.YML']);
    assert.equal(files['k8s/deployment.yaml'], 'kind: Deployment\n');
  });

  it('skips files above the size limit', () => {
    assert.equal('big/generated.json' in readWorkspaceDir(root, { maxFileBytes: 1024 }), false);
    assert.equal('big/generated.json' in readWorkspaceDir(root), true);
  });

  it('stops at the file count limit', () => {
    assert.equal(Object.keys(readWorkspaceDir(root, { maxFiles: 2 })).length, 2);
  });

  it('lists skipped files with the reason', () => {
    const scan = scanWorkspaceDir(root, { maxFileBytes: 1024 });

    assert.deepEqual(scan.skipped.map((skipped) => [skipped.file, skipped.reason]).sort(), [
      ['big/generated.json', 'too-large'],
      ['binary/image.yaml', 'not-text'],
      ['binary/latin1.yaml', 'not-text'],
    ]);
    assert.match(scan.skipped.find((skipped) => skipped.reason === 'too-large')?.message ?? '', /2050 bytes, above the limit of 1024 bytes/);
    assert.equal('binary/image.yaml' in scan.files, false);
    assert.equal(scan.limitReached, false);
  });

  it('reports that the file count limit was reached', () => {
    assert.equal(scanWorkspaceDir(root, { maxFiles: 2 }).limitReached, true);
    assert.equal(scanWorkspaceDir(root).limitReached, false);
  });

  it('rejects a path that is not a folder', () => {
    assert.throws(() => readWorkspaceDir(path.join(root, 'README.md')), /is not a folder/);
  });

  it('rejects a missing path', () => {
    assert.throws(() => readWorkspaceDir(path.join(root, 'missing')), /was not found/);
  });
});
