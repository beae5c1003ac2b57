import { strict as assert } from 'node:assert';
import { identityChecks } from '../../../src/diagnosis/checks/identity';
import type { AccessFacts, ClusterFacts, FederatedCredentialFacts, IdentityFacts } from '../../../src/diagnosis/facts';
import type { Finding, FixSpec } from '../../../src/diagnosis/finding';
import { parseWorkspaceFiles } from '../../../src/workspace/parse';
import { applyEdit, buildFacts, contextFor, findingsWith, problemCodes, SUBSCRIPTION, TENANT } from './support/identityNetworkFacts';

const ISSUER = `https://westeurope.oic.prod-aks.azure.com/${TENANT}/1d3916b7-917b-496c-beb2-f85434e7af70/`;
const AUDIENCE = 'api://AzureADTokenExchange';
const KUBELET = { clientId: '96e16d64-9e62-4978-b44c-7cbf9c43a3dc', objectId: '3df6283b-7c1f-445b-bf14-90e3de1190c0' };
const ADDON = { clientId: '2c8eb121-1fee-4b93-9d25-ba1601435e4c', objectId: 'f0660c79-3e94-4f84-9abc-44e202616910' };
const OTHER_CLIENT_ID = '4a9e2340-aea8-420d-a1c9-bbf436e70396';

const CLUSTER: ClusterFacts = {
  id: `${SUBSCRIPTION}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod`,
  name: 'aks-prod',
  oidcIssuerUrl: ISSUER,
  kubeletIdentity: { ...KUBELET, resourceId: `${SUBSCRIPTION}/resourcegroups/MC_rg-aks_aks-prod_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-prod-agentpool` },
  secretsProviderIdentity: ADDON,
  nodeSubnetIds: [],
};

function identity(credentials: FederatedCredentialFacts[] | undefined): IdentityFacts {
  return {
    id: `${SUBSCRIPTION}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders`,
    name: 'id-orders',
    principalId: 'a8bd96cf-16e9-49aa-9a43-4613b03a4718',
    clientId: 'bae48a73-c83e-4b1c-a258-124663e4a1eb',
    tenantId: TENANT,
    federatedCredentials: credentials,
  };
}

function credential(subject: string, issuer = ISSUER, audiences = [AUDIENCE], name = 'fic-orders'): FederatedCredentialFacts {
  return { id: `fic/${name}`, name, issuer, subject, audiences };
}

const ACCOUNT = (clientId: string) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: orders-api
  namespace: orders
  annotations:
    azure.workload.identity/client-id: "${clientId}"
`;

const DEPLOYMENT = (podLabels: string, controllerLabels = '    app: orders-api\n') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-api
  namespace: orders
  labels:
${controllerLabels}spec:
  template:
    metadata:
${podLabels}    spec:
      serviceAccountName: orders-api
      containers:
        - name: api
          image: contoso/orders-api:1.0.0
          env:
            - name: KEYVAULT_URL
              value: https://kv-app-prod.vault.azure.net/
`;

const LABELLED = '      labels:\n        app: orders-api\n        azure.workload.identity/use: "true"\n';

interface WorkloadOptions {
  files?: Record<string, string>;
  credentials?: FederatedCredentialFacts[];
  observedError?: string;
  client?: AccessFacts['request']['client'];
  cluster?: ClusterFacts | undefined;
  gaps?: AccessFacts['gaps'];
}

function workloadFacts(options: WorkloadOptions = {}): AccessFacts {
  const target = identity('credentials' in options ? options.credentials : [credential('system:serviceaccount:orders:orders-api')]);
  return buildFacts({
    request: { client: options.client ?? 'aks-workload', caller: { identity: target.id }, observedError: options.observedError },
    caller: { principalId: target.principalId, clientId: target.clientId, tenantId: TENANT, identityId: target.id, displayName: target.name },
    identities: [target],
    cluster: 'cluster' in options ? options.cluster : CLUSTER,
    workload: parseWorkspaceFiles(options.files ?? { 'sa.yaml': ACCOUNT(target.clientId), 'deploy.yaml': DEPLOYMENT(LABELLED) }),
    gaps: options.gaps ?? [],
  });
}

function run(facts: AccessFacts): Finding[] {
  return identityChecks(contextFor(facts));
}

function single(findings: Finding[], code: Finding['code']): Finding {
  const matching = findingsWith(findings, code).filter((finding) => finding.severity !== 'ok');
  assert.equal(matching.length, 1, `${code}: ${JSON.stringify(findings.map((finding) => `${finding.code} ${finding.severity}`))}`);
  return matching[0];
}

function specsOf(finding: Finding): FixSpec[] {
  return finding.fixes.map((fix) => fix.spec);
}

describe('identity checks', () => {
  describe('caller-mismatch', () => {
    const rbacError = (appId: string, objectId: string) =>
      `{"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource.\\r\\nCaller: appid=${appId};oid=${objectId};iss=https://sts.windows.net/${TENANT}/\\r\\nVault: kv-app-prod;location=westeurope","innererror":{"code":"ForbiddenByRbac"}}}`;

    it('names the kubelet identity as the real caller', () => {
      const finding = single(run(workloadFacts({ observedError: rbacError(KUBELET.clientId, KUBELET.objectId) })), 'caller-mismatch');

      assert.equal(finding.severity, 'blocker');
      assert.match(finding.title, /kubelet/);
      assert.match(finding.detail, new RegExp(KUBELET.objectId));
      assert.match(finding.detail, /IMDS/);
    });

    it('compares xms_mirid when ids are missing', () => {
      const facts = workloadFacts({ observedError: `Caller: xms_mirid=${CLUSTER.kubeletIdentity?.resourceId}` });
      const finding = single(run(facts), 'caller-mismatch');

      assert.equal(finding.severity, 'blocker');
      assert.match(finding.title, /kubelet/);
    });

    it('is ok when the error names the diagnosed identity', () => {
      const target = identity([]);
      const findings = run(workloadFacts({ observedError: rbacError(target.clientId.toUpperCase(), target.principalId) }));

      assert.equal(findingsWith(findings, 'caller-mismatch', 'ok').length, 1);
    });

    it('compares the client id when the principal id is unknown', () => {
      const facts = workloadFacts({ observedError: rbacError(KUBELET.clientId, KUBELET.objectId) });
      facts.caller = { clientId: identity([]).clientId };

      assert.equal(single(run(facts), 'caller-mismatch').severity, 'blocker');
    });

    it('is unknown when the diagnosed identity is not resolved', () => {
      const facts = workloadFacts({ observedError: rbacError(KUBELET.clientId, KUBELET.objectId) });
      facts.caller = {};
      facts.gaps.push({ fact: 'caller', error: '404 ResourceNotFound' });
      const finding = single(run(facts), 'caller-mismatch');

      assert.equal(finding.severity, 'unknown');
      assert.deepEqual(finding.missing, ['caller']);
      assert.match(finding.detail, /ResourceNotFound/);
    });

    it('says nothing without a pasted caller', () => {
      assert.equal(findingsWith(run(workloadFacts()), 'caller-mismatch').length, 0);
    });
  });

  describe('tenant-mismatch', () => {
    it('blocks when the vault names another tenant', () => {
      const facts = workloadFacts();
      facts.vault!.tenantId = '1fe4a3fc-41d7-43b1-9974-c7526b46706f';
      const finding = single(run(facts), 'tenant-mismatch');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(specsOf(finding), [{ kind: 'vault-update', vaultId: facts.vault!.id, tenantId: TENANT }]);
    });

    it('uses the challenge tenant when the vault is unknown', () => {
      const facts = workloadFacts({
        observedError: JSON.stringify({
          status: 401,
          headers: { 'WWW-Authenticate': 'Bearer authorization="https://login.microsoftonline.com/1fe4a3fc-41d7-43b1-9974-c7526b46706f", resource="https://vault.azure.net"' },
          body: `{"error":{"code":"Unauthorized","message":"AKV10032: Invalid issuer. Expected one of https://sts.windows.net/1fe4a3fc-41d7-43b1-9974-c7526b46706f/, found https://sts.windows.net/${TENANT}/."}}`,
        }),
      });
      facts.vault = undefined;
      const finding = single(run(facts), 'tenant-mismatch');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(finding.fixes, []);
      assert.match(finding.detail, /1fe4a3fc/);
    });

    it('treats a 401 from before the tenant fix as stale', () => {
      const facts = workloadFacts({
        observedError: `{"error":{"code":"Unauthorized","message":"AKV10032: Invalid issuer. Expected one of https://sts.windows.net/1fe4a3fc-41d7-43b1-9974-c7526b46706f/, found https://sts.windows.net/${TENANT}/."}}`,
      });
      const [finding] = findingsWith(run(facts), 'tenant-mismatch', 'ok');

      assert.ok(finding, 'expected an ok tenant-mismatch finding');
      assert.match(finding.detail, /before the vault changed tenant/);
    });

    it('adds the caller entry when access policies are removed', () => {
      const facts = workloadFacts();
      facts.vault!.tenantId = '1fe4a3fc-41d7-43b1-9974-c7526b46706f';
      facts.vault!.enableRbacAuthorization = false;
      const specs = specsOf(single(run(facts), 'tenant-mismatch'));

      assert.equal(specs.length, 2);
      assert.deepEqual(specs[0], { kind: 'vault-update', vaultId: facts.vault!.id, tenantId: TENANT, removeAccessPolicies: true });
      assert.equal(specs[1].kind, 'access-policy-set');
      assert.ok(specs[1].kind === 'access-policy-set' && specs[1].objectId === facts.caller.principalId && specs[1].tenantId === TENANT);
    });

    it('is ok for the same tenant in another case', () => {
      const facts = workloadFacts();
      facts.vault!.tenantId = TENANT.toUpperCase();

      assert.equal(findingsWith(run(facts), 'tenant-mismatch', 'ok').length, 1);
    });
  });

  describe('federated credentials', () => {
    it('leaves the subject unknown without manifests', () => {
      const finding = findingsWith(run(workloadFacts({ files: {} })), 'wi-fic-subject-mismatch')[0];

      assert.equal(finding?.severity, 'unknown');
      assert.deepEqual(finding?.missing, ['workspace']);
    });

    it('takes a Key Vault error from the identity as a matched subject', () => {
      const observedError = `{"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource.\\r\\nCaller: appid=bae48a73-c83e-4b1c-a258-124663e4a1eb;oid=a8bd96cf-16e9-49aa-9a43-4613b03a4718;iss=https://sts.windows.net/${TENANT}/\\r\\n","innererror":{"code":"ForbiddenByRbac"}}}`;
      const finding = findingsWith(run(workloadFacts({ files: {}, observedError })), 'wi-fic-subject-mismatch')[0];

      assert.equal(finding?.severity, 'ok');
    });

    it('reports a missing credential with a create fix', () => {
      const finding = single(run(workloadFacts({ credentials: [] })), 'wi-fic-missing');

      assert.equal(finding.severity, 'blocker');
      const create = specsOf(finding)[0];
      assert.ok(create.kind === 'federated-credential-create');
      assert.equal(create.subject, 'system:serviceaccount:orders:orders-api');
      assert.equal(create.issuer, ISSUER);
      assert.equal(create.name, 'aks-prod-orders-orders-api');
    });

    it('reports a subject differing only in case', () => {
      const findings = run(workloadFacts({ credentials: [credential('system:serviceaccount:Orders:orders-api')] }));
      const finding = single(findings, 'wi-fic-subject-mismatch');

      assert.equal(finding.severity, 'blocker');
      assert.match(finding.detail, /AADSTS7002138/);
      assert.deepEqual(specsOf(finding).map((spec) => spec.kind), ['federated-credential-create', 'federated-credential-delete']);
      assert.equal(findingsWith(findings, 'wi-fic-missing').length, 0);
    });

    it('keeps credentials of other workloads when the subject differs', () => {
      const finding = single(run(workloadFacts({ credentials: [credential('system:serviceaccount:billing:billing-api')] })), 'wi-fic-subject-mismatch');

      assert.deepEqual(specsOf(finding).map((spec) => spec.kind), ['federated-credential-create']);
      assert.match(finding.detail, /billing-api/);
    });

    it('reports a wrong audience and rewrites that credential', () => {
      const finding = single(run(workloadFacts({ credentials: [credential('system:serviceaccount:orders:orders-api', ISSUER, ['api://other'])] })), 'wi-fic-audience-mismatch');

      assert.equal(finding.severity, 'blocker');
      const update = specsOf(finding)[0];
      assert.ok(update.kind === 'federated-credential-create');
      assert.equal(update.name, 'fic-orders');
      assert.deepEqual(update.audiences, [AUDIENCE]);
    });

    it('describes an issuer differing in case', () => {
      const finding = single(run(workloadFacts({ credentials: [credential('system:serviceaccount:orders:orders-api', ISSUER.toUpperCase())] })), 'wi-fic-issuer-mismatch');

      assert.match(finding.title, /upper and lower case/);
    });

    it('picks an unused credential name', () => {
      const finding = single(
        run(workloadFacts({ credentials: [credential('system:serviceaccount:other:x', 'https://issuer.example/', [AUDIENCE], 'aks-prod-orders-orders-api')] })),
        'wi-fic-missing',
      );
      const create = specsOf(finding)[0];

      assert.ok(create.kind === 'federated-credential-create');
      assert.equal(create.name, 'aks-prod-orders-orders-api-2');
    });

    it('is unknown when the credentials could not be read', () => {
      const finding = single(run(workloadFacts({ credentials: undefined, gaps: [{ fact: 'federatedCredentials', error: '403 AuthorizationFailed' }] })), 'wi-fic-missing');

      assert.equal(finding.severity, 'unknown');
      assert.deepEqual(finding.missing, ['federatedCredentials']);
      assert.match(finding.detail, /AuthorizationFailed/);
    });

    it('trusts an AADSTS700213 error when the credentials are unknown', () => {
      const observedError = "AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:orders:orders-api'.";
      const finding = single(run(workloadFacts({ credentials: undefined, observedError })), 'wi-fic-subject-mismatch');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(specsOf(finding).map((spec) => spec.kind), ['federated-credential-create']);
    });

    it('is unknown without the cluster issuer', () => {
      const finding = single(run(workloadFacts({ cluster: undefined })), 'wi-fic-issuer-mismatch');

      assert.equal(finding.severity, 'unknown');
      assert.deepEqual(finding.missing, ['cluster']);
    });

    it('checks the subject from the error without manifests', () => {
      const observedError = `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${ISSUER}'. Assertion Subject: 'system:serviceaccount:default:default'. Assertion Audience: '${AUDIENCE}'.`;
      const finding = single(run(workloadFacts({ files: {}, observedError })), 'wi-fic-subject-mismatch');

      assert.match(finding.detail, /system:serviceaccount:default:default/);
    });
  });

  describe('wi-client-id-mismatch', () => {
    const target = identity([]);

    it('recognises a principal id used as client id', () => {
      const facts = workloadFacts({ files: { 'sa.yaml': ACCOUNT(target.principalId), 'deploy.yaml': DEPLOYMENT(LABELLED) } });
      const finding = single(run(facts), 'wi-client-id-mismatch');

      assert.equal(finding.severity, 'blocker');
      assert.match(finding.detail, /principal \(object\) id of the diagnosed identity/);
      assert.deepEqual(specsOf(finding), [
        { kind: 'workspace-edit', file: 'sa.yaml', range: [6, 39, 6, 77], newText: `"${target.clientId}"` },
        { kind: 'kubectl-annotate-service-account', namespace: 'orders', name: 'orders-api', clientId: target.clientId },
      ]);
    });

    it('names the identity a wrong client id belongs to', () => {
      const finding = single(run(workloadFacts({ files: { 'sa.yaml': ACCOUNT(ADDON.clientId), 'deploy.yaml': DEPLOYMENT(LABELLED) } })), 'wi-client-id-mismatch');

      assert.match(finding.detail, /add-on identity/);
    });

    it('cites AADSTS700016 for an unknown client id', () => {
      const observedError = `AADSTS700016: Application with identifier '${OTHER_CLIENT_ID}' was not found in the directory 'Contoso'.`;
      const finding = single(run(workloadFacts({ files: { 'sa.yaml': ACCOUNT(OTHER_CLIENT_ID), 'deploy.yaml': DEPLOYMENT(LABELLED) }, observedError })), 'wi-client-id-mismatch');

      assert.match(finding.detail, /AADSTS700016/);
    });

    it('reports AADSTS700016 without manifests', () => {
      const observedError = `AADSTS700016: Application with identifier '${OTHER_CLIENT_ID}' was not found in the directory 'Contoso'.`;
      const finding = single(run(workloadFacts({ files: {}, observedError })), 'wi-client-id-mismatch');

      assert.equal(finding.severity, 'blocker');
      assert.match(finding.title, new RegExp(OTHER_CLIENT_ID));
    });

    it('ignores workloads that do not name the vault', () => {
      const other = (name: string) => DEPLOYMENT(LABELLED).replace(/orders-api/g, name).replace('kv-app-prod', 'kv-other');
      const files = { 'a.yaml': other('billing-api'), 'b.yaml': other('shipping-api'), 'sa.yaml': ACCOUNT(OTHER_CLIENT_ID).replace('orders-api', 'billing-api') };

      const findings = run(workloadFacts({ files }));

      assert.equal(findingsWith(findings, 'wi-client-id-mismatch').length, 0);
      assert.equal(findingsWith(findings, 'wi-pod-not-labelled').length, 0);
    });

    it('calls out a placeholder', () => {
      const finding = single(run(workloadFacts({ files: { 'sa.yaml': ACCOUNT('${CLIENT_ID}'), 'deploy.yaml': DEPLOYMENT(LABELLED) } })), 'wi-client-id-mismatch');

      assert.match(finding.detail, /placeholder/);
    });

    it('checks the SecretProviderClass clientID in workload identity mode', () => {
      const files = {
        'spc.yaml': `apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: orders-kv
  namespace: orders
spec:
  provider: azure
  parameters:
    clientID: ${target.principalId}
    keyvaultName: kv-app-prod
`,
        'deploy.yaml': DEPLOYMENT('      labels:\n        app: orders-api\n').replace(
          '      containers:',
          '      volumes:\n        - name: kv\n          csi:\n            driver: secrets-store.csi.k8s.io\n            volumeAttributes:\n              secretProviderClass: orders-kv\n      containers:',
        ),
      };
      const findings = run(workloadFacts({ files, client: 'csi-driver' }));
      const finding = single(findings, 'wi-client-id-mismatch');

      assert.deepEqual(specsOf(finding), [{ kind: 'workspace-edit', file: 'spc.yaml', range: [8, 14, 8, 50], newText: target.clientId }]);
      assert.equal(findingsWith(findings, 'wi-pod-not-labelled').length, 0, 'the CSI driver needs no pod label');
    });
  });

  describe('tenant and managed identity settings', () => {
    const target = identity([credential('system:serviceaccount:orders:orders-api')]);

    it('flags a tenant annotation of another tenant', () => {
      const account = ACCOUNT(target.clientId) + '    azure.workload.identity/tenant-id: 1fe4a3fc-41d7-43b1-9974-c7526b46706f\n';
      const finding = single(run(workloadFacts({ files: { 'sa.yaml': account, 'deploy.yaml': DEPLOYMENT(LABELLED) } })), 'wi-client-id-mismatch');

      assert.match(finding.title, /tenant-id/);
      assert.deepEqual(specsOf(finding), [{ kind: 'workspace-edit', file: 'sa.yaml', range: [7, 39, 7, 75], newText: TENANT }]);
    });

    it('checks identityId of a managed identity store', () => {
      const store = `apiVersion: external-secrets.io/v1
kind: SecretStore
metadata:
  name: kv
  namespace: orders
spec:
  provider:
    azurekv:
      authType: ManagedIdentity
      identityId: "${KUBELET.clientId}"
      vaultUrl: https://kv-app-prod.vault.azure.net
`;
      const finding = single(run(workloadFacts({ client: 'external-secrets', files: { 'store.yaml': store } })), 'wi-client-id-mismatch');

      assert.match(finding.detail, /kubelet/);
      assert.deepEqual(specsOf(finding), [{ kind: 'workspace-edit', file: 'store.yaml', range: [9, 18, 9, 56], newText: `"${target.clientId}"` }]);
    });
  });

  describe('issuer without manifests', () => {
    it('passes the issuer and leaves the subject unknown', () => {
      const findings = run(workloadFacts({ files: {} }));

      assert.equal(findingsWith(findings, 'wi-fic-issuer-mismatch', 'ok').length, 1);
      assert.deepEqual(single(findings, 'wi-fic-subject-mismatch').missing, ['workspace']);
    });

    it('blocks an issuer without its trailing slash', () => {
      const findings = run(workloadFacts({ files: {}, credentials: [credential('system:serviceaccount:orders:orders-api', ISSUER.slice(0, -1))] }));
      const finding = single(findings, 'wi-fic-issuer-mismatch');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(specsOf(finding).map((spec) => spec.kind), ['federated-credential-create', 'federated-credential-delete']);
    });

    it('warns when no credential names the issuer', () => {
      const finding = single(run(workloadFacts({ files: {}, credentials: [credential('system:serviceaccount:orders:orders-api', 'https://other.example/')] })), 'wi-fic-missing');

      assert.equal(finding.severity, 'warning');
    });

    it('stays quiet for a client without workload identity', () => {
      const findings = run(workloadFacts({ files: {}, client: 'app-service' }));

      assert.equal(findings.filter((finding) => finding.code.startsWith('wi-')).length, 0);
    });
  });

  describe('wi-pod-not-labelled', () => {
    const target = identity([]);
    const controllerLabels = '    app: orders-api\n    azure.workload.identity/use: "true"\n';

    it('moves a label from the Deployment to the pod template', () => {
      const deployment = DEPLOYMENT('      labels:\n        app: orders-api\n', controllerLabels);
      const facts = workloadFacts({ files: { 'sa.yaml': ACCOUNT(target.clientId), 'deploy.yaml': deployment } });
      const finding = single(run(facts), 'wi-pod-not-labelled');

      assert.equal(finding.severity, 'blocker');
      assert.match(finding.detail, /Deployment's own metadata \(deploy\.yaml line 8\)/);
      const [add, remove, kubectl] = specsOf(finding);
      assert.deepEqual(kubectl, { kind: 'kubectl-label-pod-template', namespace: 'orders', controllerKind: 'Deployment', name: 'orders-api' });
      assert.ok(add.kind === 'workspace-edit');
      assert.deepEqual(remove, { kind: 'workspace-edit', file: 'deploy.yaml', range: [7, 0, 8, 0], newText: '' });

      // The removal sits above the insertion, so applying it last keeps the insertion's range valid.
      const moved = applyEdit(applyEdit(deployment, add.range, add.newText), remove.range, remove.newText);
      const fixed = parseWorkspaceFiles({ 'deploy.yaml': moved });
      assert.equal(fixed.podTemplates[0].podUseLabel?.value, 'true');
      assert.equal(fixed.podTemplates[0].controllerUseLabel, undefined);
    });

    it('adds a labels map when the template has none', () => {
      const deployment = DEPLOYMENT('      annotations:\n        team: orders\n');
      const finding = single(run(workloadFacts({ files: { 'sa.yaml': ACCOUNT(target.clientId), 'deploy.yaml': deployment } })), 'wi-pod-not-labelled');
      const edit = specsOf(finding)[0];
      assert.ok(edit.kind === 'workspace-edit');

      const fixed = parseWorkspaceFiles({ 'deploy.yaml': applyEdit(deployment, edit.range, edit.newText) });

      assert.equal(fixed.podTemplates[0].podUseLabel?.value, 'true');
      assert.equal(fixed.errors.length, 0);
    });

    it('mentions the IMDS fallback error', () => {
      const observedError = 'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request';
      const deployment = DEPLOYMENT('      labels:\n        app: orders-api\n');
      const finding = single(run(workloadFacts({ files: { 'sa.yaml': ACCOUNT(target.clientId), 'deploy.yaml': deployment }, observedError })), 'wi-pod-not-labelled');

      assert.match(finding.detail, /Multiple user assigned identities exist/);
    });

    it('ignores pods that use no workload identity', () => {
      const deployment = DEPLOYMENT('      labels:\n        app: orders-api\n').replace(/ {10}env:[\s\S]*$/, '');
      const findings = run(workloadFacts({ files: { 'deploy.yaml': deployment } }));

      assert.deepEqual(problemCodes(findings), []);
    });
  });

  describe('wi-eso-no-service-account-ref', () => {
    const target = identity([]);
    const store = `apiVersion: external-secrets.io/v1
kind: SecretStore
metadata:
  name: kv
  namespace: orders
spec:
  provider:
    azurekv:
      authType: WorkloadIdentity
      vaultUrl: https://kv-app-prod.vault.azure.net`;

    it('accepts the controller when it has a credential', () => {
      const controllerAccount = ACCOUNT(target.clientId).replace('name: orders-api', 'name: external-secrets').replace('namespace: orders', 'namespace: external-secrets');
      const findings = run(
        workloadFacts({
          client: 'external-secrets',
          files: { 'store.yaml': store, 'controller.yaml': controllerAccount, 'sa.yaml': ACCOUNT(target.clientId) },
          credentials: [credential('system:serviceaccount:external-secrets:external-secrets')],
        }),
      );
      const finding = single(findings, 'wi-eso-no-service-account-ref');

      assert.equal(finding.severity, 'info');
      assert.deepEqual(problemCodes(findings), []);
    });

    it('inserts a reference without a namespace for a SecretStore', () => {
      const files = { 'store.yaml': store, 'sa.yaml': ACCOUNT(target.clientId) };
      const finding = single(run(workloadFacts({ client: 'external-secrets', files, credentials: [credential('system:serviceaccount:orders:orders-api')] })), 'wi-eso-no-service-account-ref');
      const edit = specsOf(finding)[0];

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(edit, { kind: 'workspace-edit', file: 'store.yaml', range: [9, 51, 9, 51], newText: '\n      serviceAccountRef:\n        name: orders-api' });
      assert.ok(edit.kind === 'workspace-edit');
      const fixed = parseWorkspaceFiles({ 'store.yaml': applyEdit(store, edit.range, edit.newText) }).secretStores[0];
      assert.deepEqual({ name: fixed.serviceAccountRef?.name, namespace: fixed.serviceAccountRef?.namespace }, { name: 'orders-api', namespace: undefined });
    });

    it('warns when the credentials are unknown', () => {
      const finding = single(run(workloadFacts({ client: 'external-secrets', files: { 'store.yaml': store }, credentials: undefined })), 'wi-eso-no-service-account-ref');

      assert.equal(finding.severity, 'warning');
    });
  });

  describe('csi-identity-mode', () => {
    const target = identity([credential('system:serviceaccount:orders:default')]);
    const providerClass = (parameters: string) => ({
      'spc.yaml': `apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: orders-kv
  namespace: orders
spec:
  provider: azure
  parameters:
${parameters}    keyvaultName: kv-app-prod
`,
    });

    it('replaces pod identity mode', () => {
      const finding = single(run(workloadFacts({ client: 'csi-driver', files: providerClass('    usePodIdentity: "true"\n') })), 'csi-identity-mode');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(specsOf(finding), [{ kind: 'workspace-edit', file: 'spc.yaml', range: [8, 4, 8, 26], newText: `clientID: "${target.clientId}"` }]);
    });

    it('blocks an identity the node pools do not carry', () => {
      const facts = workloadFacts({ client: 'csi-driver', files: providerClass(`    useVMManagedIdentity: "true"\n    userAssignedIdentityID: ${OTHER_CLIENT_ID}\n`) });
      facts.cluster = { ...CLUSTER, nodeIdentityClientIds: [KUBELET.clientId, ADDON.clientId] };
      const finding = single(run(facts), 'csi-identity-mode');

      assert.equal(finding.severity, 'blocker');
      assert.match(finding.detail, /not attached to the node pool/);
    });

    it('splits the edit when the mode lines are apart', () => {
      const parameters = `    useVMManagedIdentity: "true"\n    cloudName: ""\n    userAssignedIdentityID: ${target.clientId}\n`;
      const facts = workloadFacts({ client: 'csi-driver', files: providerClass(parameters), observedError: '{"error":"invalid_request","error_description":"Identity not found"}' });
      const finding = single(run(facts), 'csi-identity-mode');
      let text = providerClass(parameters)['spc.yaml'];
      for (const spec of specsOf(finding).reverse()) {
        assert.ok(spec.kind === 'workspace-edit');
        text = applyEdit(text, spec.range, spec.newText);
      }

      const fixed = parseWorkspaceFiles({ 'spc.yaml': text }).secretProviderClasses[0];

      assert.equal(fixed.clientID?.value, target.clientId);
      assert.equal(fixed.useVMManagedIdentity, undefined);
      assert.equal(fixed.userAssignedIdentityID, undefined);
    });

    it('points the node identity mode at the diagnosed kubelet', () => {
      const files = providerClass(`    useVMManagedIdentity: "true"\n    userAssignedIdentityID: ${OTHER_CLIENT_ID}\n`);
      const facts = workloadFacts({ client: 'csi-driver', files, observedError: '{"error":"invalid_request","error_description":"Identity not found"}' });
      facts.caller = { principalId: KUBELET.objectId, clientId: KUBELET.clientId, tenantId: TENANT };
      const finding = single(run(facts), 'csi-identity-mode');

      assert.deepEqual(specsOf(finding), [{ kind: 'workspace-edit', file: 'spc.yaml', range: [9, 28, 9, 64], newText: KUBELET.clientId }]);
    });

    it('warns when the node pools were not read', () => {
      const finding = single(run(workloadFacts({ client: 'csi-driver', files: providerClass(`    useVMManagedIdentity: "true"\n    userAssignedIdentityID: ${target.clientId}\n`) })), 'csi-identity-mode');

      assert.equal(finding.severity, 'warning');
    });

    it('reports IMDS "Identity not found" without manifests', () => {
      const finding = single(run(workloadFacts({ client: 'csi-driver', files: {}, observedError: '{"error":"invalid_request","error_description":"Identity not found"}' })), 'csi-identity-mode');

      assert.equal(finding.severity, 'blocker');
    });
  });
});
