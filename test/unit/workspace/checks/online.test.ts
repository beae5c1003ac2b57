import { strict as assert } from 'node:assert';
import { checkListedIdentities, type ListedIdentity } from '../../../../src/workspace/checks/listedIdentities';
import { parseWorkspaceFiles } from '../../../../src/workspace/parse';
import { externalSecretOperations, workloadTargets } from '../../../../src/workspace/targets';
import { applyFix, preferredEdit, textAt } from './support';

const IDENTITY: ListedIdentity = {
  id: '/subscriptions/af9dcb89-aa5f-4560-8928-c4e8358eefa3/resourceGroups/rg-app/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders',
  name: 'id-orders',
  clientId: '639238ce-6f81-48cd-a6bd-142e9fd6eb53',
  principalId: 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512',
};

const ACCOUNT = (clientId: string): string =>
  ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: orders-reader', '  namespace: orders', '  annotations:', `    azure.workload.identity/client-id: "${clientId}"`, ''].join('\n');

describe('workspace checks: listed identities', () => {
  it('replaces a principal id with the client id', () => {
    const text = ACCOUNT(IDENTITY.principalId);
    const [finding, ...rest] = checkListedIdentities(parseWorkspaceFiles({ 'sa.yaml': text }), [IDENTITY]);
    assert.equal(rest.length, 0);
    assert.equal(finding.code, 'wi-client-id-mismatch');
    assert.equal(finding.severity, 'blocker');
    assert.equal(textAt(text, finding.location.range), `azure.workload.identity/client-id: "${IDENTITY.principalId}"`);

    const fixed = applyFix(text, preferredEdit(finding, 'sa.yaml'));
    assert.equal(parseWorkspaceFiles({ 'sa.yaml': fixed }).serviceAccounts[0].clientId?.value, IDENTITY.clientId);
    assert.deepEqual(checkListedIdentities(parseWorkspaceFiles({ 'sa.yaml': fixed }), [IDENTITY]), []);
  });

  it('warns about an unknown client id', () => {
    const [finding] = checkListedIdentities(parseWorkspaceFiles({ 'sa.yaml': ACCOUNT('00000000-1111-2222-3333-444444444444') }), [IDENTITY]);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.fixes.length, 0);
  });

  it('says nothing without listed identities', () => {
    assert.deepEqual(checkListedIdentities(parseWorkspaceFiles({ 'sa.yaml': ACCOUNT('00000000-1111-2222-3333-444444444444') }), []), []);
  });
});

describe('workload targets', () => {
  const store = [
    'apiVersion: external-secrets.io/v1',
    'kind: SecretStore',
    'metadata:',
    '  name: kv-orders',
    '  namespace: orders',
    'spec:',
    '  provider:',
    '    azurekv:',
    '      authType: WorkloadIdentity',
    '      vaultUrl: https://kv-orders.vault.azure.net/',
    '      serviceAccountRef:',
    '        name: orders-reader',
    '',
  ].join('\n');
  const externalSecret = [
    'apiVersion: external-secrets.io/v1',
    'kind: ExternalSecret',
    'metadata:',
    '  name: orders',
    '  namespace: orders',
    'spec:',
    '  secretStoreRef:',
    '    kind: SecretStore',
    '    name: kv-orders',
    '  data:',
    '    - secretKey: db',
    '      remoteRef:',
    '        key: orders-db',
    '  dataFrom:',
    '    - find:',
    '        name:',
    '          regexp: "^orders-"',
    '',
  ].join('\n');
  const providerClass = [
    'apiVersion: secrets-store.csi.x-k8s.io/v1',
    'kind: SecretProviderClass',
    'metadata:',
    '  name: web-tls',
    '  namespace: web',
    'spec:',
    '  provider: azure',
    '  parameters:',
    `    clientID: "${IDENTITY.clientId}"`,
    '    keyvaultName: kv-web',
    '    objects: |',
    '      array:',
    '        - |',
    '          objectName: web-tls',
    '          objectType: cert',
    '        - |',
    '          objectName: web-key',
    '          objectType: key',
    '',
  ].join('\n');
  const workload = parseWorkspaceFiles({ 'store.yaml': store, 'es.yaml': externalSecret, 'sa.yaml': ACCOUNT(IDENTITY.clientId), 'spc.yaml': providerClass });

  it('reads a store with its ExternalSecrets', () => {
    assert.deepEqual(workloadTargets(workload, 'store.yaml'), [
      {
        label: 'SecretStore orders/kv-orders',
        location: { file: 'store.yaml', range: [0, 0, 0, 0] },
        vaultName: 'kv-orders',
        clientId: IDENTITY.clientId,
        operations: ['secrets/list', 'secrets/get'],
        objects: ['secrets/orders-db'],
        client: 'external-secrets',
      },
    ]);
  });

  it('reads a SecretProviderClass with its objects', () => {
    const [target] = workloadTargets(workload, 'spc.yaml');
    assert.equal(target.vaultName, 'kv-web');
    assert.equal(target.clientId, IDENTITY.clientId);
    assert.deepEqual(target.objects, ['certificates/web-tls', 'keys/web-key']);
    assert.deepEqual(target.operations, ['certificates/get', 'keys/get']);
    assert.equal(target.client, 'csi-driver');
  });

  it('lists every target without a file', () => {
    assert.equal(workloadTargets(workload).length, 2);
  });

  it('derives ExternalSecret operations', () => {
    assert.deepEqual(externalSecretOperations([]), ['secrets/get']);
    assert.deepEqual(externalSecretOperations(workload.externalSecrets), ['secrets/list', 'secrets/get']);
  });
});
