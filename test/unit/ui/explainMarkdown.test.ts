import assert from 'node:assert/strict';
import { explainError } from '../../../src/diagnosis/errors/explain';
import { parseObservedError } from '../../../src/diagnosis/errors/parse';
import { operationFromError } from '../../../src/ui/input/callerInput';
import { explanationMarkdown } from '../../../src/ui/explainMarkdown';
import { readCase } from '../../vscode/support/sandboxEnvironment';

const observed = readCase('eso-find-with-key-vault-reader-cannot-get.json').question.observedError as string;

describe('explanation page', () => {
  const parsed = parseObservedError(observed);
  const markdown = explanationMarkdown(parsed, explainError(parsed));

  it('starts with the headline', () => {
    assert.match(markdown, /^# \S/);
  });

  it('lists the caller ids read', () => {
    assert.ok(markdown.includes('| Caller object (principal) ID | fa179698-8ad5-4c3a-aa6b-a2d94bd23512 |'), markdown);
    assert.ok(markdown.includes('639238ce-6f81-48cd-a6bd-142e9fd6eb53'), markdown);
  });

  it('names the refused data action', () => {
    assert.ok(markdown.includes('Microsoft.KeyVault/vaults/secrets/getSecret/action'), markdown);
  });

  it('escapes markup from the error', () => {
    const hostile = parseObservedError('{"error":{"code":"Forbidden","message":"Caller is not authorized. Vault: <img src=x>;location=westeurope"}}');
    const page = explanationMarkdown(hostile, undefined);
    assert.ok(!page.includes('<img'), page);
  });

  it('finds the refused operation', () => {
    assert.equal(operationFromError(parsed), 'secrets/get');
    assert.equal(operationFromError(parseObservedError('nothing useful')), undefined);
  });
});
