import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspaceFiles } from '../../../../src/workspace/parse';
import { applyFix, check, none, preferredEdit, single, textAt } from './support';

const ACCOUNT = (name: string, namespace: string, clientId?: string): string =>
  [
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    ...(clientId ? ['  annotations:', `    azure.workload.identity/client-id: "${clientId}"`] : []),
    '',
  ].join('\n');

const CLIENT_ID = '6f1c7a52-3b8e-4a0d-9d6e-2c4b8f0a1e37';
const LABEL_ON_DEPLOYMENT = path.join(__dirname, '..', '..', '..', 'fixtures', 'manifests', 'checks', 'label-on-deployment.yaml');

describe('workspace checks: identity', () => {
  describe('wi-pod-not-labelled', () => {
    const deployment = readFileSync(LABEL_ON_DEPLOYMENT, 'utf8');

    it('flags the label on the Deployment', () => {
      const finding = single(check({ 'sa.yaml': ACCOUNT('orders-api', 'orders', CLIENT_ID), 'deploy.yaml': deployment }), 'wi-pod-not-labelled', 'blocker');

      assert.equal(finding.location.file, 'deploy.yaml');
      assert.equal(textAt(deployment, finding.location.range), 'azure.workload.identity/use: "true"');
      assert.equal(finding.family, 'identity');
    });

    it('moves the label to the pod template in one edit', () => {
      const finding = single(check({ 'deploy.yaml': deployment }), 'wi-pod-not-labelled');
      const fix = preferredEdit(finding, 'deploy.yaml');
      assert.match(fix.title, /^Move the label/);

      const moved = applyFix(deployment, fix);
      const pod = parseWorkspaceFiles({ 'deploy.yaml': moved }).podTemplates[0];
      assert.equal(pod.podUseLabel?.value, 'true');
      assert.equal(pod.controllerUseLabel, undefined);
      assert.equal(pod.namespace, 'orders');
      none(check({ 'deploy.yaml': moved }), 'wi-pod-not-labelled');
    });

    it('also offers the kubectl patch', () => {
      const finding = single(check({ 'deploy.yaml': deployment }), 'wi-pod-not-labelled');
      assert.ok(finding.fixes.some((fix) => fix.spec.kind === 'kubectl-label-pod-template'));
    });

    it('moves a CronJob label into the job template', () => {
      const cronJob = [
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata:',
        '  name: rotate',
        '  namespace: jobs',
        '  labels:',
        '    azure.workload.identity/use: "true"',
        'spec:',
        '  schedule: "0 * * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        metadata:',
        '          labels:',
        '            app: rotate',
        '        spec:',
        '          serviceAccountName: rotate',
        '          containers:',
        '            - name: rotate',
        '              image: rotate:1',
        '',
      ].join('\n');
      const finding = single(check({ 'cron.yaml': cronJob }), 'wi-pod-not-labelled', 'blocker');
      const moved = applyFix(cronJob, preferredEdit(finding, 'cron.yaml'));

      const pod = parseWorkspaceFiles({ 'cron.yaml': moved }).podTemplates[0];
      assert.equal(pod.podUseLabel?.value, 'true');
      assert.equal(pod.controllerUseLabel, undefined);
    });

    it('sets a wrong label value to "true"', () => {
      const pod = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: probe', '  labels:', "    azure.workload.identity/use: 'yes'", 'spec:', '  containers:', '    - name: probe', '      image: probe:1', ''].join('\n');
      const finding = single(check({ 'pod.yaml': pod }), 'wi-pod-not-labelled', 'blocker');
      assert.equal(textAt(pod, finding.location.range), "azure.workload.identity/use: 'yes'");

      const fixed = applyFix(pod, preferredEdit(finding, 'pod.yaml'));
      assert.match(fixed, /azure\.workload\.identity\/use: "true"/);
      none(check({ 'pod.yaml': fixed }), 'wi-pod-not-labelled');
    });

    it('warns when an annotated account runs without the label', () => {
      const unlabelled = deployment.replace('    azure.workload.identity/use: "true"\n', '');
      const files = { 'sa.yaml': ACCOUNT('orders-api', 'orders', CLIENT_ID), 'deploy.yaml': unlabelled };
      const finding = single(check(files), 'wi-pod-not-labelled', 'warning');
      assert.equal(textAt(unlabelled, finding.location.range), 'orders-api');

      const fixed = applyFix(unlabelled, preferredEdit(finding, 'deploy.yaml'));
      none(check({ ...files, 'deploy.yaml': fixed }), 'wi-pod-not-labelled');
    });

    it('accepts the label on the pod template', () => {
      const healthy = deployment.replace('    azure.workload.identity/use: "true"\n', '').replace('        app: orders-api\n    spec:', '        app: orders-api\n        azure.workload.identity/use: "true"\n    spec:');
      none(check({ 'sa.yaml': ACCOUNT('orders-api', 'orders', CLIENT_ID), 'deploy.yaml': healthy }), 'wi-pod-not-labelled');
    });
  });

  describe('wi-eso-no-service-account-ref', () => {
    const store = [
      'apiVersion: external-secrets.io/v1',
      'kind: ClusterSecretStore',
      'metadata:',
      '  name: kv-shared',
      'spec:',
      '  provider:',
      '    azurekv:',
      '      authType: WorkloadIdentity',
      '      vaultUrl: https://kv-shared.vault.azure.net',
      '',
    ].join('\n');
    const externalSecret = [
      'apiVersion: external-secrets.io/v1',
      'kind: ExternalSecret',
      'metadata:',
      '  name: payments',
      '  namespace: payments',
      'spec:',
      '  secretStoreRef:',
      '    kind: ClusterSecretStore',
      '    name: kv-shared',
      '  data:',
      '    - secretKey: token',
      '      remoteRef:',
      '        key: payments-token',
      '',
    ].join('\n');
    const files = { 'store.yaml': store, 'es.yaml': externalSecret, 'sa.yaml': ACCOUNT('payments-sync', 'payments', CLIENT_ID) };

    it('blocks a store without serviceAccountRef when a workload account was meant', () => {
      const finding = single(check(files), 'wi-eso-no-service-account-ref', 'blocker');
      assert.equal(textAt(store, finding.location.range), 'authType: WorkloadIdentity');
      assert.match(finding.detail, /payments\/payments-sync/);
    });

    it('adds serviceAccountRef with the namespace', () => {
      const finding = single(check(files), 'wi-eso-no-service-account-ref');
      const fixed = applyFix(store, preferredEdit(finding, 'store.yaml'));

      const parsed = parseWorkspaceFiles({ 'store.yaml': fixed }).secretStores[0];
      assert.deepEqual({ name: parsed.serviceAccountRef?.name, namespace: parsed.serviceAccountRef?.namespace }, { name: 'payments-sync', namespace: 'payments' });
      none(check({ ...files, 'store.yaml': fixed }), 'wi-eso-no-service-account-ref');
    });

    it('is only information when a credential names the controller', () => {
      const credential = [
        "resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {",
        '  name: \'eso\'',
        '  properties: {',
        "    issuer: 'https://westeurope.oic.prod-aks.azure.com/0b51b14d-d00f-4017-98fb-0195550b64c9/8a1f4c1e-5b1a-4c52-9a0b-3f1d2e4c5a6b/'",
        "    subject: 'system:serviceaccount:external-secrets:external-secrets'",
        "    audiences: [ 'api://AzureADTokenExchange' ]",
        '  }',
        '}',
        '',
      ].join('\n');
      single(check({ ...files, 'fic.bicep': credential }), 'wi-eso-no-service-account-ref', 'info');
    });

    it('warns without fixes when nothing shows the account meant', () => {
      const finding = single(check({ 'store.yaml': store }), 'wi-eso-no-service-account-ref', 'warning');
      assert.equal(finding.fixes.length, 0);
    });

    it('accepts a store with serviceAccountRef', () => {
      const referenced = `${store}      serviceAccountRef:\n        name: payments-sync\n        namespace: payments\n`;
      none(check({ ...files, 'store.yaml': referenced }), 'wi-eso-no-service-account-ref');
    });
  });

  describe('csi-identity-mode', () => {
    const providerClass = (parameters: string[]): string =>
      [
        'apiVersion: secrets-store.csi.x-k8s.io/v1',
        'kind: SecretProviderClass',
        'metadata:',
        '  name: web-tls',
        '  namespace: web',
        'spec:',
        '  provider: azure',
        '  parameters:',
        ...parameters.map((line) => `    ${line}`),
        '    keyvaultName: kv-web-prod',
        '    objects: |',
        '      array:',
        '        - |',
        '          objectName: web-tls',
        '          objectType: secret',
        '',
      ].join('\n');
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  namespace: web',
      'spec:',
      '  template:',
      '    spec:',
      '      serviceAccountName: web',
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
    const vmMode = providerClass(['usePodIdentity: "false"', 'useVMManagedIdentity: "true"', `userAssignedIdentityID: "${CLIENT_ID}"`]);

    it('blocks VM mode with a workload identity client id', () => {
      const files = { 'spc.yaml': vmMode, 'deploy.yaml': deployment, 'other-sa.yaml': ACCOUNT('reports', 'reports', CLIENT_ID) };
      const finding = single(check(files), 'csi-identity-mode', 'blocker');
      assert.equal(textAt(vmMode, finding.location.range), 'useVMManagedIdentity: "true"');
    });

    it('switches to clientID in one edit', () => {
      const files = { 'spc.yaml': vmMode, 'deploy.yaml': deployment, 'other-sa.yaml': ACCOUNT('reports', 'reports', CLIENT_ID) };
      const finding = single(check(files), 'csi-identity-mode');
      const fixed = applyFix(vmMode, preferredEdit(finding, 'spc.yaml'));

      const parsed = parseWorkspaceFiles({ 'spc.yaml': fixed }).secretProviderClasses[0];
      assert.equal(parsed.clientID?.value, CLIENT_ID);
      assert.equal(parsed.useVMManagedIdentity, undefined);
      assert.equal(parsed.userAssignedIdentityID, undefined);
      assert.equal(parsed.objects.length, 1);
      none(check({ ...files, 'spc.yaml': fixed }), 'csi-identity-mode');
    });

    it('warns when the pod has its own service account', () => {
      const finding = single(check({ 'spc.yaml': vmMode, 'deploy.yaml': deployment, 'sa.yaml': ACCOUNT('web', 'web') }), 'csi-identity-mode', 'warning');
      assert.match(finding.detail, /its own ServiceAccount web/);
      assert.equal(finding.fixes.length, 1);
    });

    it('leaves VM mode alone without workload identity signs', () => {
      none(check({ 'spc.yaml': vmMode, 'deploy.yaml': deployment }), 'csi-identity-mode');
    });

    it('warns when clientID is set beside VM mode', () => {
      const both = providerClass(['useVMManagedIdentity: "true"', `clientID: "${CLIENT_ID}"`]);
      const finding = single(check({ 'spc.yaml': both }), 'csi-identity-mode', 'warning');
      const fixed = applyFix(both, preferredEdit(finding, 'spc.yaml'));
      const parsed = parseWorkspaceFiles({ 'spc.yaml': fixed }).secretProviderClasses[0];
      assert.equal(parsed.useVMManagedIdentity, undefined);
      assert.equal(parsed.clientID?.value, CLIENT_ID);
    });

    it('blocks pod identity mode and uses the account client id', () => {
      const podIdentity = providerClass(['usePodIdentity: "true"']);
      const files = { 'spc.yaml': podIdentity, 'deploy.yaml': deployment, 'sa.yaml': ACCOUNT('web', 'web', CLIENT_ID) };
      const finding = single(check(files), 'csi-identity-mode', 'blocker');
      const fixed = applyFix(podIdentity, preferredEdit(finding, 'spc.yaml'));

      const parsed = parseWorkspaceFiles({ 'spc.yaml': fixed }).secretProviderClasses[0];
      assert.equal(parsed.usePodIdentity, undefined);
      assert.equal(parsed.clientID?.value, CLIENT_ID);
      none(check({ ...files, 'spc.yaml': fixed }), 'csi-identity-mode');
    });

    it('accepts workload identity mode', () => {
      none(check({ 'spc.yaml': providerClass([`clientID: "${CLIENT_ID}"`]), 'deploy.yaml': deployment }), 'csi-identity-mode');
    });
  });
});
