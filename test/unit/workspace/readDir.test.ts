import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readWorkspaceDir } from '../../../src/workspace/readDir';

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

  it('rejects a path that is not a folder', () => {
    assert.throws(() => readWorkspaceDir(path.join(root, 'README.md')), /is not a folder/);
  });

  it('rejects a missing path', () => {
    assert.throws(() => readWorkspaceDir(path.join(root, 'missing')), /was not found/);
  });
});
