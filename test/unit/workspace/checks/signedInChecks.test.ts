import assert from 'node:assert/strict';
import type { FederatedCredentialFacts } from '../../../../src/diagnosis/facts';
import type { Diagnosis, Finding } from '../../../../src/diagnosis/finding';
import { parseWorkspaceFiles } from '../../../../src/workspace/parse';
import { accessFindings, checkBindingCredentials } from '../../../../src/workspace/checks/onlineFindings';
import { accessTargets, serviceAccountBindings } from '../../../../src/workspace/checks/onlineTargets';

const CLIENT_ID = '639238ce-6f81-48cd-a6bd-142e9fd6eb53';
const ISSUER = 'https://westeurope.oic.prod-aks.azure.com/414971c0-e638-41d4-a02f-ff6a9c84845d/e2f0ced8-00d2-4667-947b-2402cdf2f215/';
const IDENTITY = { id: '/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders-api', name: 'id-orders-api' };

const ACCOUNT = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: orders-reader', '  namespace: orders', '  annotations:', `    azure.workload.identity/client-id: "${CLIENT_ID}"`, ''].join('\n');
const STORE = [
  'apiVersion: external-secrets.io/v1',
  'kind: SecretStore',
  'metadata:',
  '  name: kv-orders-prod',
  '  namespace: orders',
  'spec:',
  '  provider:',
  '    azurekv:',
  '      authType: WorkloadIdentity',
  '      vaultUrl: https://kv-orders-prod.vault.azure.net',
  '      serviceAccountRef:',
  '        name: orders-reader',
  '',
].join('\n');
const PROVIDER_CLASS = [
  'apiVersion: secrets-store.csi.x-k8s.io/v1',
  'kind: SecretProviderClass',
  'metadata:',
  '  name: web-tls',
  '  namespace: web',
  'spec:',
  '  provider: azure',
  '  parameters:',
  '    keyvaultName: kv-web',
  `    clientID: "${CLIENT_ID}"`,
  '    tenantId: 414971c0-e638-41d4-a02f-ff6a9c84845d',
  '    objects: |',
  '      array:',
  '        - |',
  '          objectName: web-cert',
  '          objectType: cert',
  '',
].join('\n');

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: web',
  'spec:',
  '  template:',
  '    metadata:',
  '      labels:',
  '        azure.workload.identity/use: "true"',
  '    spec:',
  '      serviceAccountName: web-sa',
  '      containers:',
  '        - name: web',
  '          image: web:1',
  '      volumes:',
  '        - name: tls',
  '          csi:',
  '            driver: secrets-store.csi.k8s.io',
  '            volumeAttributes:',
  '              secretProviderClass: web-tls',
  '',
].join('\n');

function credential(name: string, subject: string, issuer = ISSUER, audiences = ['api://AzureADTokenExchange']): FederatedCredentialFacts {
  return { id: `${IDENTITY.id}/federatedIdentityCredentials/${name}`, name, subject, issuer, audiences };
}

function binding() {
  const [first] = serviceAccountBindings(parseWorkspaceFiles({ 'sa.yaml': ACCOUNT }));
  assert.ok(first);
  return first;
}

describe('workspace checks: signed-in credentials and access', () => {
  it('binds the client-id annotation', () => {
    const bound = binding();
    assert.equal(bound.clientId, CLIENT_ID);
    assert.equal(bound.namespace, 'orders');
    assert.equal(bound.anchor.file, 'sa.yaml');
    assert.equal(bound.anchor.range[0], 6);
  });

  it('binds a provider class through its pods', () => {
    const bindings = serviceAccountBindings(parseWorkspaceFiles({ 'spc.yaml': PROVIDER_CLASS, 'deploy.yaml': DEPLOYMENT }));
    assert.equal(bindings.length, 1);
    assert.equal(bindings[0].namespace, 'web');
    assert.equal(bindings[0].name, 'web-sa');
    assert.equal(bindings[0].clientId, CLIENT_ID);
    assert.equal(bindings[0].anchor.file, 'spc.yaml');
    assert.equal(bindings[0].anchor.range[0], 9);
  });

  it('binds an unmounted provider class to nothing', () => {
    assert.deepEqual(serviceAccountBindings(parseWorkspaceFiles({ 'spc.yaml': PROVIDER_CLASS })), []);
  });

  it('finds no problem for a matching credential', () => {
    assert.deepEqual(checkBindingCredentials(binding(), IDENTITY, [credential('ok', 'system:serviceaccount:orders:orders-reader')], ISSUER), []);
  });

  it('reports a missing credential with a create fix', () => {
    const [finding] = checkBindingCredentials(binding(), IDENTITY, [credential('other', 'system:serviceaccount:shipping:shipper')]);
    assert.equal(finding.code, 'wi-fic-missing');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.location.range[0], 6);
    const spec = finding.fixes[0]?.spec;
    assert.equal(spec?.kind, 'federated-credential-create');
    assert.ok(spec?.kind === 'federated-credential-create');
    assert.equal(spec.subject, 'system:serviceaccount:orders:orders-reader');
    assert.equal(spec.issuer, ISSUER);
    assert.equal(spec.identityId, IDENTITY.id);
  });

  it('offers no fix without an issuer', () => {
    const [finding] = checkBindingCredentials(binding(), IDENTITY, []);
    assert.equal(finding.code, 'wi-fic-missing');
    assert.equal(finding.fixes.length, 0);
  });

  it('reports a subject in another namespace', () => {
    const [finding] = checkBindingCredentials(binding(), IDENTITY, [credential('old', 'system:serviceaccount:default:orders-reader')]);
    assert.equal(finding.code, 'wi-fic-subject-mismatch');
    assert.equal(finding.severity, 'blocker');
  });

  it('reports an issuer without the trailing slash', () => {
    const [finding] = checkBindingCredentials(binding(), IDENTITY, [credential('slash', 'system:serviceaccount:orders:orders-reader', ISSUER.slice(0, -1))], ISSUER);
    assert.equal(finding.code, 'wi-fic-issuer-mismatch');
    const spec = finding.fixes[0]?.spec;
    assert.ok(spec?.kind === 'federated-credential-create');
    assert.equal(spec.issuer, ISSUER);
    assert.equal(spec.name, 'slash');
  });

  it('reports a wrong audience', () => {
    const [finding] = checkBindingCredentials(binding(), IDENTITY, [credential('aud', 'system:serviceaccount:orders:orders-reader', ISSUER, ['api://other'])]);
    assert.equal(finding.code, 'wi-fic-audience-mismatch');
  });

  it('anchors a store at the annotation', () => {
    const targets = accessTargets(parseWorkspaceFiles({ 'sa.yaml': ACCOUNT, 'store.yaml': STORE }));
    assert.equal(targets.length, 1);
    assert.equal(targets[0].vaultName, 'kv-orders-prod');
    assert.equal(targets[0].clientId, CLIENT_ID);
    assert.equal(targets[0].anchor.file, 'sa.yaml');
    assert.deepEqual(targets[0].operations, ['secrets/get']);
  });

  it('anchors a provider class at clientID', () => {
    const targets = accessTargets(parseWorkspaceFiles({ 'spc.yaml': PROVIDER_CLASS }));
    assert.equal(targets.length, 1);
    assert.equal(targets[0].anchor.file, 'spc.yaml');
    assert.equal(targets[0].anchor.range[0], 9);
    assert.deepEqual(targets[0].operations, ['certificates/get']);
  });

  it('skips a store without a client id', () => {
    assert.deepEqual(accessTargets(parseWorkspaceFiles({ 'store.yaml': STORE })), []);
  });

  it('keeps only access blockers of a diagnosis', () => {
    const [target] = accessTargets(parseWorkspaceFiles({ 'sa.yaml': ACCOUNT, 'store.yaml': STORE }));
    const finding = (code: Finding['code'], severity: Finding['severity']): Finding => ({ code, family: 'authorization', severity, title: code, detail: 'detail', evidence: [], fixes: [] });
    const diagnosis = {
      findings: [finding('rbac-missing-data-action', 'blocker'), finding('rbac-no-assignment', 'ok'), finding('network-firewall', 'blocker'), finding('policy-no-entry', 'warning')],
    } as Diagnosis;
    const findings = accessFindings(target, diagnosis);
    assert.deepEqual(
      findings.map((item) => item.code),
      ['rbac-missing-data-action', 'policy-no-entry'],
    );
    assert.equal(findings[0].location.file, 'sa.yaml');
    assert.match(findings[0].title, /^SecretStore orders\/kv-orders-prod: /);
  });
});
