import { strict as assert } from 'node:assert';
import { parseWorkspace } from '../../../src/workspace/parse';

const TEMPLATE_START = '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": [\n';

describe('parseWorkspace errors', () => {
  it('puts an error at the end of a file on its last line', () => {
    const { workload } = parseWorkspace({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata: [a, b\n\n\n' });
    assert.equal(workload.errors.length, 1);
    assert.equal(workload.errors[0].line, 2);
    assert.match(workload.errors[0].message, /^Invalid YAML: /);
  });

  it('words JSON errors as JSON.parse does', () => {
    const { workload } = parseWorkspace({ 't.json': `${TEMPLATE_START}    { "type": "Microsoft.KeyVault/vaults" "name": "kv" }\n  ]\n}\n` });
    assert.equal(workload.errors.length, 1);
    assert.equal(workload.errors[0].message, "Invalid JSON: Expected ',' or '}' after property value");
    assert.equal(workload.errors[0].line, 3);
  });

  it('says when a JSON file ends early', () => {
    const { workload } = parseWorkspace({ 't.json': `${TEMPLATE_START}    { "type": "Microsoft.KeyVault/vaults",\n` });
    assert.match(workload.errors[0].message, /^Invalid JSON: .* \(the file ends before the JSON is complete\)$/);
    assert.equal(workload.errors[0].line, 3);
  });

  it('accepts duplicate JSON keys', () => {
    const text = `${TEMPLATE_START}    { "type": "Microsoft.KeyVault/vaults", "name": "kv-a", "name": "kv-b", "properties": {} }\n  ]\n}\n`;
    const { workload, unparsedFiles } = parseWorkspace({ 't.json': text });
    assert.deepEqual(workload.errors, []);
    assert.deepEqual(unparsedFiles, []);
    assert.equal(workload.vaults.length, 1);
  });

  it('lists files of which nothing parsed', () => {
    const { unparsedFiles } = parseWorkspace({
      'broken.yaml': 'kind: [unclosed\n',
      'chart/sa.yaml': 'kind: ServiceAccount\nmetadata:\n  name: {{ .Release.Name }}\n',
      'partly.yaml': 'kind: ServiceAccount\nmetadata:\n  name: ok\n---\nkind: [unclosed\n',
      'empty.yaml': '',
      't.json': `${TEMPLATE_START}`,
      'other.json': '{ "compilerOptions": ',
    });
    assert.deepEqual(unparsedFiles, ['broken.yaml', 'chart/sa.yaml', 't.json']);
  });
});
