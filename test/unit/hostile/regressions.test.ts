/**
 * Regressions found with hostile names: a managed identity id whose resource group contains
 * parentheses, and a `www.` autolink right after Markdown emphasis characters.
 */
import assert from 'node:assert/strict';
import { parseObservedError } from '../../../src/diagnosis/errors/parse';
import { escapeMarkdown } from '../../../src/report/markdown';
import { htmlTags, renderMarkdownToHtml } from './support/markdownHtml';

const IDENTITY = '/subscriptions/f82c9ee4-2170-420d-9f4b-6c6d42db9684/resourcegroups/rg-web.(prod)_Ärger/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web';

function keyVaultError(caller: string): string {
  return JSON.stringify({
    error: {
      code: 'Forbidden',
      message: `Caller is not authorized to perform action on resource.\r\nCaller: ${caller}\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\n`,
      innererror: { code: 'ForbiddenByRbac' },
    },
  });
}

describe('hostile name regressions', () => {
  it('reads xms_mirid with parentheses', () => {
    const parsed = parseObservedError(keyVaultError(`appid=8f96deab-d76a-4aad-bfb2-88eed85fa78f;oid=12935088-2743-4c6a-8728-3161eca86a75;xms_mirid=${IDENTITY}`));

    assert.equal(parsed.caller?.managedIdentityResourceId, IDENTITY);
  });

  it('drops a closing parenthesis around xms_mirid', () => {
    const parsed = parseObservedError(keyVaultError(`(appid=8f96deab-d76a-4aad-bfb2-88eed85fa78f;xms_mirid=${IDENTITY})`));

    assert.equal(parsed.caller?.managedIdentityResourceId, IDENTITY);
  });

  it('keeps www after an underscore unlinked', async () => {
    const html = await renderMarkdownToHtml(escapeMarkdown('a _www.example.invalid *www.example.invalid'));

    assert.deepEqual(htmlTags(html), ['<p>', '</p>']);
  });
});
