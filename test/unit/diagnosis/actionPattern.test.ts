import assert from 'node:assert/strict';
import fc from 'fast-check';
import { actionMatches, blockGrants } from '../../../src/diagnosis/rbac/actionPattern';
import { objectScope, scopeContains } from '../../../src/diagnosis/rbac/scope';

describe('action patterns', () => {
  it('vaults/*/read matches keys/read', () => {
    assert.equal(actionMatches('Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/keys/read'), true);
  });

  it('vaults/*/read does not match getSecret', () => {
    assert.equal(actionMatches('Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/getSecret/action'), false);
  });

  it('a star spans slashes', () => {
    assert.equal(actionMatches('Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/storageaccounts/sas/read'), true);
    assert.equal(actionMatches('*/read', 'Microsoft.KeyVault/vaults/read'), true);
  });

  it('a star alone matches everything', () => {
    assert.equal(actionMatches('*', 'Microsoft.KeyVault/vaults/secrets/getSecret/action'), true);
  });

  it('matches case-insensitively', () => {
    assert.equal(actionMatches('Microsoft.Authorization/*/Delete', 'microsoft.authorization/roleassignments/delete'), true);
  });

  it('treats dots literally', () => {
    assert.equal(actionMatches('Microsoft.KeyVault/vaults/read', 'MicrosoftXKeyVault/vaults/read'), false);
  });

  it('matches the whole action, not a prefix', () => {
    assert.equal(actionMatches('Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/read/extra'), false);
  });

  it('subtracts excluded patterns inside one block', () => {
    assert.equal(blockGrants(['Microsoft.KeyVault/vaults/secrets/*'], ['Microsoft.KeyVault/vaults/secrets/getSecret/action'], 'Microsoft.KeyVault/vaults/secrets/getSecret/action'), false);
    assert.equal(blockGrants(['Microsoft.KeyVault/vaults/secrets/*'], ['Microsoft.KeyVault/vaults/secrets/getSecret/action'], 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'), true);
  });
});

describe('scopes', () => {
  const vault = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';

  it('a vault contains its objects', () => {
    assert.equal(scopeContains(vault, objectScope(vault, 'secrets/a'), []), true);
  });

  it('an object does not contain the vault', () => {
    assert.equal(scopeContains(objectScope(vault, 'secrets/a'), vault, []), false);
  });

  it('a vault does not contain a vault with a longer name', () => {
    assert.equal(scopeContains(vault, `${vault}-2`, []), false);
  });

  it('the subscription contains the vault, ignoring case', () => {
    assert.equal(scopeContains('/SUBSCRIPTIONS/S1', vault, []), true);
  });

  it('a management group contains the vault only when in the ancestry', () => {
    const group = '/providers/Microsoft.Management/managementGroups/mg1';

    assert.equal(scopeContains(group, vault, [group.toLowerCase()]), true);
    assert.equal(scopeContains(group, vault, []), false);
  });

  it('the root scope contains everything', () => {
    assert.equal(scopeContains('/', vault, []), true);
  });
});

describe('action pattern properties', () => {
  const segment = fc.stringMatching(/^[A-Za-z][A-Za-z0-9.]{0,8}$/);
  const action = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));

  it('an action matches itself in any case', () => {
    fc.assert(fc.property(action, (value) => actionMatches(value.toUpperCase(), value.toLowerCase())));
  });

  it('a prefix with a star matches every longer action', () => {
    fc.assert(fc.property(action, action, (prefix, rest) => actionMatches(`${prefix}/*`, `${prefix}/${rest}`)));
  });

  it('a different literal never matches', () => {
    fc.assert(fc.property(action, action, (a, b) => a.toLowerCase() === b.toLowerCase() || !actionMatches(a, b)));
  });
});
