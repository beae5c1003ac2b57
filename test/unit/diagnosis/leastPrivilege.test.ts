import assert from 'node:assert/strict';
import { lookupOperation } from '../../../src/diagnosis/catalogue';
import type { OperationSpec } from '../../../src/diagnosis/context';
import type { ClientKind } from '../../../src/diagnosis/facts';
import { leastPrivilegeRoles } from '../../../src/diagnosis/rbac/leastPrivilege';

function rolesFor(names: string[], client?: ClientKind): string[] {
  const operations = names.map((name) => lookupOperation(name) as OperationSpec);
  return leastPrivilegeRoles(operations, client).map((choice) => choice.roleName);
}

describe('least-privilege roles', () => {
  for (const [names, client, expected] of [
    [['secrets/get'], undefined, ['Key Vault Secrets User']],
    [['secrets/list', 'secrets/get'], undefined, ['Key Vault Secrets User']],
    [['secrets/list'], undefined, ['Key Vault Reader']],
    [['secrets/get', 'secrets/set'], undefined, ['Key Vault Secrets Officer']],
    [['keys/get', 'keys/wrap', 'keys/unwrap'], undefined, ['Key Vault Crypto Service Encryption User']],
    [['keys/sign', 'keys/verify'], undefined, ['Key Vault Crypto User']],
    [['keys/release'], undefined, ['Key Vault Crypto Service Release User']],
    [['keys/create'], undefined, ['Key Vault Crypto Officer']],
    [['certificates/get'], undefined, ['Key Vault Certificate User']],
    [['certificates/get', 'secrets/get'], undefined, ['Key Vault Certificate User']],
    [['certificates/create'], undefined, ['Key Vault Certificates Officer']],
    [['keys/get'], 'csi-driver', ['Key Vault Certificate User']],
    [['secrets/get'], 'csi-driver', ['Key Vault Secrets User']],
    [['secrets/get', 'keys/sign'], undefined, ['Key Vault Secrets User', 'Key Vault Crypto User']],
  ] as const) {
    it(`${names.join(' + ')}${client ? ` (${client})` : ''} gets ${expected.join(' + ')}`, () => {
      assert.deepEqual(rolesFor([...names], client), expected);
    });
  }
});
