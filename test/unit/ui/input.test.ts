import assert from 'node:assert/strict';
import { UiError } from '../../../src/ui/errors';
import { parseDiagnoseArguments } from '../../../src/ui/input/diagnoseArguments';
import { objectNameFromResource, objectReferences } from '../../../src/ui/input/objects';
import { nameOf, parseVaultReference, subscriptionOf } from '../../../src/ui/input/references';

const SUB = '3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders-prod`;
const IDENTITY = `/subscriptions/${SUB}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders-api`;

function invalid(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof UiError && error.reason === 'invalid-input' && pattern.test(error.message));
}

describe('vault reference parsing', () => {
  it('reads a resource id', () => {
    assert.deepEqual(parseVaultReference(` ${VAULT}/ `), { kind: 'id', id: VAULT, subscriptionId: SUB, name: 'kv-orders-prod' });
  });

  it('reads a vault URI of any cloud', () => {
    assert.deepEqual(parseVaultReference('https://kv-orders-prod.vault.azure.net/'), {
      kind: 'name',
      name: 'kv-orders-prod',
      uri: 'https://kv-orders-prod.vault.azure.net/',
    });
    assert.equal(parseVaultReference('https://kv1.vault.usgovcloudapi.net').kind, 'name');
  });

  it('reads a bare name', () => {
    assert.deepEqual(parseVaultReference('kv-orders-prod'), { kind: 'name', name: 'kv-orders-prod' });
  });

  it('rejects other text with the expected forms', () => {
    invalid(() => parseVaultReference('/subscriptions/x/resourceGroups/rg'), /vault resource id/);
    invalid(() => parseVaultReference('https://'), /not a valid URL/);
    invalid(() => parseVaultReference('kv_orders'), /not a vault resource id/);
    invalid(() => parseVaultReference('<script>'), /not a vault resource id/);
  });

  it('splits resource ids', () => {
    assert.equal(subscriptionOf(VAULT), SUB);
    assert.equal(subscriptionOf('/providers/Microsoft.Management/managementGroups/x'), undefined);
    assert.equal(nameOf(VAULT), 'kv-orders-prod');
  });
});

describe('object references', () => {
  it('uses the collections of named operations', () => {
    assert.deepEqual(objectReferences('a, b', ['secrets/list', 'secrets/get']), ['secrets/a', 'secrets/b']);
    assert.deepEqual(objectReferences('cert1', ['certificates/get', 'secrets/get']), ['certificates/cert1', 'secrets/cert1']);
    assert.deepEqual(objectReferences('cmk', ['keys/get', 'keys/wrap', 'keys/unwrap']), ['keys/cmk']);
  });

  it('keeps explicit references and drops duplicates', () => {
    assert.deepEqual(objectReferences('keys/k1 secrets/a a', ['secrets/get']), ['keys/k1', 'secrets/a']);
  });

  it('names nothing for list only or empty input', () => {
    assert.deepEqual(objectReferences('a', ['secrets/list']), []);
    assert.deepEqual(objectReferences('  ', ['secrets/get']), []);
  });

  it('rejects invalid names', () => {
    invalid(() => objectReferences('bad_name', ['secrets/get']), /bad_name/);
  });

  it('reads the object of an error resource', () => {
    assert.equal(objectNameFromResource(`${VAULT.toLowerCase()}/secrets/orders-api-key`), 'orders-api-key');
    assert.equal(objectNameFromResource(VAULT), undefined);
    assert.equal(objectNameFromResource(undefined), undefined);
  });
});

describe('diagnose arguments', () => {
  it('accepts a complete request', () => {
    const args = parseDiagnoseArguments({
      vaultId: VAULT,
      caller: { identity: IDENTITY },
      operations: ['secrets/list', 'secrets/get'],
      objects: ['secrets/orders-api-key'],
      client: 'external-secrets',
      showReport: false,
    });
    assert.deepEqual(args, {
      vaultId: VAULT,
      caller: { identity: IDENTITY },
      operations: ['secrets/list', 'secrets/get'],
      objects: ['secrets/orders-api-key'],
      client: 'external-secrets',
      observedError: undefined,
      from: undefined,
      showReport: false,
    });
  });

  it('reads the network origin', () => {
    const subnetId = `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes`;
    const clusterId = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
    const args = parseDiagnoseArguments({ vaultId: VAULT, caller: { identity: IDENTITY }, operations: ['secrets/get'], from: { subnetId, clusterId } });
    assert.deepEqual(args.from, { subnetId, clusterId });
  });

  it('takes operations and client from a preset', () => {
    const args = parseDiagnoseArguments({ vaultId: VAULT, caller: { objectId: 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512' }, preset: 'external-secrets-find' });
    assert.deepEqual(args.operations, ['secrets/list', 'secrets/get']);
    assert.equal(args.client, 'external-secrets');
    assert.equal(args.showReport, true);
  });

  it('rejects bad fields by name', () => {
    const caller = { objectId: 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512' };
    invalid(() => parseDiagnoseArguments('kv'), /expects an object/);
    invalid(() => parseDiagnoseArguments({ vaultId: '/subscriptions/x', caller, operations: ['secrets/get'] }), /"vaultId"/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, operations: ['secrets/get'] }), /"caller"/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, caller: { objectId: 'x', clientId: 'y' }, operations: ['secrets/get'] }), /exactly one/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, caller: { objectId: 'nope' }, operations: ['secrets/get'] }), /caller.objectId/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, caller: { identity: VAULT }, operations: ['secrets/get'] }), /caller.identity/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, caller, operations: [] }), /Missing "operations"/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, caller, operations: ['secrets/peek'] }), /secrets\/peek/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, caller, preset: 'nope' }), /Unknown preset/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, caller, operations: ['secrets/get'], objects: ['a'] }), /Invalid object "a"/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, caller, operations: ['secrets/get'], client: 'robot' }), /"client"/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, caller, operations: ['secrets/get'], from: { subnetId: VAULT } }), /from.subnetId/);
    invalid(() => parseDiagnoseArguments({ vaultId: VAULT, caller, operations: ['secrets/get'], from: { clusterId: 7 } }), /from.clusterId/);
  });
});
