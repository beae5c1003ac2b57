import assert from 'node:assert/strict';
import { CLIENT_PRESETS, OPERATIONS, lookupClientPreset, lookupOperation } from '../../../src/diagnosis/catalogue';
import { BUILT_IN_ROLES, lookupBuiltInRoleByGuid, lookupBuiltInRoleByName } from '../../../src/diagnosis/builtinRoles';

describe('operation catalogue', () => {
  it('maps keys/wrap to the wrap data action and the wrapKey permission', () => {
    const wrap = lookupOperation('keys/wrap');

    assert.equal(wrap?.dataAction, 'Microsoft.KeyVault/vaults/keys/wrap/action');
    assert.equal(wrap?.policyPermission, 'wrapKey');
    assert.equal(wrap?.keyOperation, 'wrapKey');
  });

  it('maps secrets/get to getSecret and readsSecretValue', () => {
    const get = lookupOperation('secrets/get');

    assert.equal(get?.dataAction, 'Microsoft.KeyVault/vaults/secrets/getSecret/action');
    assert.equal(get?.policyPermission, 'get');
    assert.equal(get?.readsSecretValue, true);
    assert.equal(get?.listsCollection, false);
  });

  it('marks list operations as collection calls', () => {
    for (const name of ['secrets/list', 'keys/list', 'certificates/list']) {
      assert.equal(lookupOperation(name)?.listsCollection, true, name);
    }
  });

  it('maps secrets/list to readMetadata', () => {
    assert.equal(lookupOperation('secrets/list')?.dataAction, 'Microsoft.KeyVault/vaults/secrets/readMetadata/action');
  });

  it('finds names case-insensitively and by alias', () => {
    assert.equal(lookupOperation('Secrets/Get')?.name, 'secrets/get');
    assert.equal(lookupOperation('keys/unwrapKey')?.name, 'keys/unwrap');
  });

  it('returns undefined for an unknown name', () => {
    assert.equal(lookupOperation('secrets/fetch'), undefined);
  });

  it('covers every operation the brief names', () => {
    const expected = [
      ...['get', 'list', 'set', 'delete', 'backup', 'restore', 'recover', 'purge'].map((verb) => `secrets/${verb}`),
      ...['get', 'list', 'create', 'import', 'update', 'delete', 'backup', 'restore', 'recover', 'purge', 'sign', 'verify', 'encrypt', 'decrypt', 'wrap', 'unwrap', 'release', 'rotate', 'getrotationpolicy', 'setrotationpolicy'].map((verb) => `keys/${verb}`),
      ...['get', 'list', 'create', 'import', 'update', 'delete', 'backup', 'restore', 'recover', 'purge', 'getissuers', 'listissuers', 'setissuers', 'deleteissuers', 'managecontacts'].map((verb) => `certificates/${verb}`),
    ];

    for (const name of expected) {
      assert.ok(lookupOperation(name), name);
    }
  });

  it('has unique names', () => {
    assert.equal(new Set(OPERATIONS.map((operation) => operation.name)).size, OPERATIONS.length);
  });

  it('presets name only known operations', () => {
    for (const preset of CLIENT_PRESETS) {
      for (const name of preset.operations) {
        assert.ok(lookupOperation(name), `${preset.id}: ${name}`);
      }
    }
  });

  it('External Secrets find lists then gets', () => {
    assert.deepEqual(lookupClientPreset('external-secrets-find')?.operations, ['secrets/list', 'secrets/get']);
    assert.deepEqual(lookupClientPreset('external-secrets-push')?.operations, ['secrets/get', 'secrets/set']);
    assert.deepEqual(lookupClientPreset('encryption-at-rest')?.operations, ['keys/get', 'keys/wrap', 'keys/unwrap']);
  });
});

describe('built-in roles', () => {
  it('finds a role by GUID and by full id', () => {
    assert.equal(lookupBuiltInRoleByGuid('4633458B-17DE-408A-B874-0445C86B69E6')?.roleName, 'Key Vault Secrets User');
    assert.equal(lookupBuiltInRoleByGuid('/providers/Microsoft.Authorization/roleDefinitions/21090545-7ca7-4776-b22c-e363652d74d2')?.roleName, 'Key Vault Reader');
  });

  it('finds a role by name, ignoring case', () => {
    assert.equal(lookupBuiltInRoleByName('key vault certificate user')?.guid, 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba');
  });

  it('Owner and Contributor have no data actions', () => {
    for (const name of ['Owner', 'Contributor', 'Reader']) {
      const role = lookupBuiltInRoleByName(name);
      assert.deepEqual(role?.permissions?.flatMap((block) => block.dataActions), [], name);
    }
  });

  it('holds every Key Vault role the fixes use', () => {
    assert.ok(BUILT_IN_ROLES.length >= 17);
    assert.equal(lookupBuiltInRoleByGuid('e147488a-f6f5-4113-8e2d-b22465e65bf6')?.roleName, 'Key Vault Crypto Service Encryption User');
  });
});
