import * as assert from 'node:assert/strict';
import { encodePath, parseResourceId, requireResourceId, roleGuid, scopeArgument, scopeContains } from '../../../src/azure/ids';
import { InvalidRequestError, validateAccessRequest } from '../../../src/azure/request';

const VAULT = '/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders-prod';

describe('resource ids', () => {
  it('parses nested resource ids', () => {
    const parsed = parseResourceId(`${VAULT}/secrets/db-password`);

    assert.equal(parsed?.subscriptionId, '3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad');
    assert.equal(parsed?.resourceGroup, 'rg-orders');
    assert.equal(parsed?.type, 'vaults/secrets');
    assert.deepEqual(parsed?.names, ['kv-orders-prod', 'db-password']);
  });

  it('rejects ids that are not resources', () => {
    assert.equal(parseResourceId('/providers/Microsoft.Management/managementGroups/root'), undefined);
    assert.equal(parseResourceId(`${VAULT}/secrets`), undefined);
    assert.throws(() => requireResourceId(VAULT, 'Microsoft.ManagedIdentity', 'userAssignedIdentities', 'identity id'), /Invalid identity id/);
  });

  it('compares scopes case-insensitively', () => {
    assert.equal(scopeContains(VAULT.toLowerCase(), `${VAULT}/secrets/a`), true);
    assert.equal(scopeContains(`${VAULT}/secrets/a`, VAULT), false);
    assert.equal(scopeContains(`${VAULT}-other`, VAULT), false);
  });

  it('formats scope arguments and paths', () => {
    assert.equal(scopeArgument(VAULT), VAULT.slice(1));
    assert.equal(encodePath('/subscriptions/x/resourceGroups/rg a/providers'), '/subscriptions/x/resourceGroups/rg%20a/providers');
    assert.equal(roleGuid('/providers/Microsoft.Authorization/roleDefinitions/4633458B-17DE-408A-B874-0445C86B69E6'), '4633458b-17de-408a-b874-0445c86b69e6');
  });
});

describe('access request validation', () => {
  const base = { vaultId: VAULT, caller: { objectId: 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512' }, operations: ['secrets/get'], objects: ['secrets/db-password'] };

  it('accepts a valid request', () => {
    assert.equal(validateAccessRequest(base).name, 'kv-orders-prod');
  });

  it('rejects two callers', () => {
    assert.throws(() => validateAccessRequest({ ...base, caller: { objectId: base.caller.objectId, clientId: base.caller.objectId } }), InvalidRequestError);
  });

  it('rejects a client id that is not a GUID', () => {
    assert.throws(() => validateAccessRequest({ ...base, caller: { clientId: "x' or 1 eq 1" } }), /Invalid client id/);
  });

  it('rejects a malformed object', () => {
    assert.throws(() => validateAccessRequest({ ...base, objects: ['secret/db'] }), /Invalid object "secret\/db"/);
  });

  it('rejects a subnet id that is a network', () => {
    const network = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet';

    assert.throws(() => validateAccessRequest({ ...base, from: { subnetId: network } }), /Invalid subnet id/);
    assert.doesNotThrow(() => validateAccessRequest({ ...base, from: { subnetId: `${network}/subnets/a` } }));
  });

  it('rejects names ARM does not allow', () => {
    assert.throws(() => validateAccessRequest({ ...base, vaultId: VAULT.replace('kv-orders-prod', 'kv orders $x') }), /Invalid vault name "kv orders \$x"/);
    assert.throws(
      () => validateAccessRequest({ ...base, caller: { identity: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id`x`' } }),
      /Invalid identity name "id`x`"/,
    );
  });

  it('rejects a vault id of another type', () => {
    assert.throws(() => validateAccessRequest({ ...base, vaultId: VAULT.replace('vaults', 'managedHSMs') }), /Invalid vault id/);
  });
});
