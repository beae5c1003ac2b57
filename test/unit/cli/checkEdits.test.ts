import { strict as assert } from 'node:assert';
import type { WorkspaceEdit } from '../../../src/fixes/types';
import { describeEditChanges, editChangeLines } from '../../../src/report/checkEdits';
import { VM_MODE_PROVIDER_CLASS } from './checkFixtures';

const FILE = 'k8s/web/secretproviderclass.yaml';

describe('describeEditChanges', () => {
  it('shows every line a multi-line edit replaces', () => {
    const edit: WorkspaceEdit = { file: FILE, range: [8, 4, 10, 66], newText: 'clientID: "a883ec47-91c4-4078-ad42-30a660f7175c"' };
    const [change, ...rest] = describeEditChanges(edit, VM_MODE_PROVIDER_CLASS);

    assert.deepEqual(rest, []);
    assert.equal(change.action, 'replace');
    assert.equal(change.startLine, 9);
    assert.equal(change.endLine, 11);
    assert.deepEqual(change.oldLines, ['    usePodIdentity: "false"', '    useVMManagedIdentity: "true"', '    userAssignedIdentityID: "a883ec47-91c4-4078-ad42-30a660f7175c"']);
    assert.deepEqual(change.newLines, ['    clientID: "a883ec47-91c4-4078-ad42-30a660f7175c"']);
  });

  it('words a replacement for a person', () => {
    const edit: WorkspaceEdit = { file: FILE, range: [8, 4, 10, 66], newText: 'clientID: "x"' };
    const lines = editChangeLines(FILE, describeEditChanges(edit, VM_MODE_PROVIDER_CLASS)[0], '  ');
    assert.deepEqual(lines, [
      `Replace lines 9–11 of ${FILE}:`,
      '      usePodIdentity: "false"',
      '      useVMManagedIdentity: "true"',
      '      userAssignedIdentityID: "a883ec47-91c4-4078-ad42-30a660f7175c"',
      'with:',
      '      clientID: "x"',
    ]);
  });

  it('lists additional deletions as their own change', () => {
    const edit: WorkspaceEdit = {
      file: FILE,
      range: [10, 4, 10, 26],
      newText: 'clientID',
      additionalEdits: [{ range: [8, 0, 10, 0], newText: '' }],
    };
    const changes = describeEditChanges(edit, VM_MODE_PROVIDER_CLASS);

    assert.deepEqual(changes.map((change) => [change.action, change.startLine, change.endLine]), [
      ['delete', 9, 10],
      ['replace', 11, 11],
    ]);
    assert.deepEqual(changes[0].newLines, []);
    assert.deepEqual(changes[1].newLines, ['    clientID: "a883ec47-91c4-4078-ad42-30a660f7175c"']);
    assert.equal(editChangeLines(FILE, changes[0], '')[0], `Delete lines 9–10 of ${FILE}:`);
  });

  it('describes inserted lines by the line before them', () => {
    const edit: WorkspaceEdit = { file: FILE, range: [11, 0, 11, 0], newText: '    tenantId: "t"\n' };
    const [change] = describeEditChanges(edit, VM_MODE_PROVIDER_CLASS);

    assert.equal(change.action, 'insert');
    assert.deepEqual(change.oldLines, []);
    assert.deepEqual(change.newLines, ['    tenantId: "t"']);
    assert.equal(editChangeLines(FILE, change, '')[0], `Insert after line 11 of ${FILE}:`);
  });

  it('shows a whole line for an edit inside it', () => {
    const edit: WorkspaceEdit = { file: FILE, range: [11, 18, 11, 29], newText: 'kv-web-test' };
    const [change] = describeEditChanges(edit, VM_MODE_PROVIDER_CLASS);

    assert.equal(editChangeLines(FILE, change, '')[0], `Replace line 12 of ${FILE}:`);
    assert.deepEqual(change.oldLines, ['    keyvaultName: kv-web-prod']);
    assert.deepEqual(change.newLines, ['    keyvaultName: kv-web-test']);
  });

  it('merges edits on the same line', () => {
    const text = '  roles: ["a", "b"]\n';
    const edit: WorkspaceEdit = { file: 'r.json', range: [0, 10, 0, 13], newText: '"c"', additionalEdits: [{ range: [0, 15, 0, 18], newText: '"d"' }] };
    const changes = describeEditChanges(edit, text);

    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0].oldLines, ['  roles: ["a", "b"]']);
    assert.deepEqual(changes[0].newLines, ['  roles: ["c", "d"]']);
  });

  it('drops carriage returns from quoted lines', () => {
    const text = 'a: 1\r\nb: 2\r\n';
    const [change] = describeEditChanges({ file: 'x.yaml', range: [1, 3, 1, 4], newText: '3' }, text);
    assert.deepEqual(change.oldLines, ['b: 2']);
    assert.deepEqual(change.newLines, ['b: 3']);
  });
});
