import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseWorkspaceFiles } from '../../../src/workspace/parse';

/** Pieces of manifests and templates, so random mixes reach every reader. */
const FRAGMENTS = [
  'kind: ServiceAccount\n', 'kind: Deployment\n', 'kind: CronJob\n', 'kind: SecretProviderClass\n', 'kind: ClusterSecretStore\n',
  'kind: ExternalSecret\n', 'kind: PushSecret\n', 'kind: List\n', 'metadata:\n', '  name: x\n', '  labels:\n', 'spec:\n',
  '  template:\n', '    spec:\n', '  parameters:\n', '    objects: |\n', '      array:\n', '        - |\n', '---\n', '{{ .Values.x }}',
  '  provider:\n', '    azurekv:\n', 'items:\n', '  - ', '{', '}', '[', ']', '"', "'", ':', '\n', '  ', '#',
  "resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {\n", 'resource "azurerm_key_vault" "x" {\n', 'tenant_id = "t"\n',
  '"resources": [', '"type": "Microsoft.KeyVault/vaults"', 'accessPolicies: [\n', 'objectId: x\n',
];

const text = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseWorkspaceFiles properties', () => {
  it('never throws and always lists the files', () => {
    fc.assert(
      fc.property(text, text, text, text, (yaml, json, bicep, terraform) => {
        const facts = parseWorkspaceFiles({ 'a.yaml': yaml, 'b.json': json, 'c.bicep': bicep, 'd.tf': terraform });

        assert.deepEqual(facts.files, ['a.yaml', 'b.json', 'c.bicep', 'd.tf']);
        assert.ok(facts.errors.every((error) => !error.message.startsWith('The file could not be read')), JSON.stringify(facts.errors));
      }),
      { numRuns: 300 },
    );
  });
});
