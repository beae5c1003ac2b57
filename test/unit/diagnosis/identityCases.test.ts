/**
 * Identity checks on facts that mirror the real-world cases whose blocker these checks own, and
 * on cases owned by other checks, where the identity checks must stay quiet.
 */
import { strict as assert } from 'node:assert';
import { identityChecks } from '../../../src/diagnosis/checks/identity';
import type { AccessFacts, ClusterFacts, IdentityFacts } from '../../../src/diagnosis/facts';
import type { CauseCode, Finding, FixSpec } from '../../../src/diagnosis/finding';
import { parseWorkspaceFiles } from '../../../src/workspace/parse';
import { applyEdit, buildFacts, contextFor, findingsWith, fixtureFiles, problemCodes, workloadFixture } from './support/identityNetworkFacts';

const IDENTITY_CODES: CauseCode[] = [
  'caller-mismatch',
  'tenant-mismatch',
  'wi-fic-missing',
  'wi-fic-issuer-mismatch',
  'wi-fic-subject-mismatch',
  'wi-fic-audience-mismatch',
  'wi-client-id-mismatch',
  'wi-pod-not-labelled',
  'wi-eso-no-service-account-ref',
  'csi-identity-mode',
];

function run(facts: AccessFacts): Finding[] {
  return identityChecks(contextFor(facts));
}

function absentExcept(findings: Finding[], allowed: CauseCode[]): void {
  const unexpected = problemCodes(findings).filter((code) => !allowed.includes(code));
  assert.deepEqual(unexpected, [], JSON.stringify(findings.filter((finding) => unexpected.includes(finding.code)), null, 1));
}

function specs(findings: Finding[]): FixSpec[] {
  return findings.flatMap((finding) => finding.fixes.map((fix) => fix.spec));
}

function cluster(subscription: string, name: string, issuer: string, kubelet: { clientId: string; objectId: string }, extra: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    id: `${subscription}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name,
    oidcIssuerEnabled: true,
    oidcIssuerUrl: issuer,
    workloadIdentityEnabled: true,
    kubeletIdentity: { ...kubelet, resourceId: `${subscription}/resourcegroups/MC_rg-aks_${name}_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-agentpool` },
    nodeSubnetIds: [`${subscription}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-aks-prod/subnets/snet-aks-nodes`],
    ...extra,
  };
}

function callerOf(identity: IdentityFacts): AccessFacts['caller'] {
  return {
    principalId: identity.principalId,
    clientId: identity.clientId,
    tenantId: identity.tenantId,
    principalType: 'ServicePrincipal',
    identityId: identity.id,
    displayName: identity.name,
  };
}

describe('identity checks on real-world cases', () => {
  describe('federated credential issuer without trailing slash', () => {
    const subscription = '/subscriptions/b8d6be55-2d40-4b16-8c19-7c1abe7fe841';
    const tenant = '3485f0df-cb87-422e-a720-c66f71d6ab2f';
    const issuer = `https://westeurope.oic.prod-aks.azure.com/${tenant}/1d3916b7-917b-496c-beb2-f85434e7af70/`;
    const identity: IdentityFacts = {
      id: `${subscription}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-payments-api`,
      name: 'id-payments-api',
      principalId: 'a8bd96cf-16e9-49aa-9a43-4613b03a4718',
      clientId: 'bae48a73-c83e-4b1c-a258-124663e4a1eb',
      tenantId: tenant,
      federatedCredentials: [
        { id: 'fic', name: 'fic-aks-payments', issuer: issuer.slice(0, -1), subject: 'system:serviceaccount:payments:payments-api', audiences: ['api://AzureADTokenExchange'] },
      ],
    };
    const observedError = JSON.stringify({
      error: 'invalid_request',
      error_description: `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: 'system:serviceaccount:payments:payments-api'. Assertion Audience: 'api://AzureADTokenExchange'. Trace ID: 1166b27b`,
      error_codes: [70021],
    });
    const facts = buildFacts({
      request: { client: 'aks-workload', caller: { identity: identity.id }, observedError },
      vault: { ...buildFacts().vault!, tenantId: tenant, name: 'kv-payments-prod', id: `${subscription}/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments-prod` },
      caller: callerOf(identity),
      identities: [identity],
      cluster: cluster(subscription, 'aks-payments', issuer, { clientId: '96e16d64-9e62-4978-b44c-7cbf9c43a3dc', objectId: '3df6283b-7c1f-445b-bf14-90e3de1190c0' }),
      workload: workloadFixture('issuer-trailing-slash'),
    });
    const findings = run(facts);

    it('blocks with wi-fic-issuer-mismatch', () => {
      const blockers = findingsWith(findings, 'wi-fic-issuer-mismatch', 'blocker');

      assert.equal(blockers.length, 1);
      assert.match(blockers[0].title, /trailing "\/"/);
    });

    it('recreates the credential with the exact issuer', () => {
      const create = specs(findingsWith(findings, 'wi-fic-issuer-mismatch')).find((spec) => spec.kind === 'federated-credential-create');

      assert.ok(create);
      assert.ok(create.kind === 'federated-credential-create');
      assert.equal(create.issuer, issuer);
      assert.equal(create.subject, 'system:serviceaccount:payments:payments-api');
      assert.equal(create.identityId, identity.id);
      assert.deepEqual(create.audiences, ['api://AzureADTokenExchange']);
    });

    it('deletes the credential with the wrong issuer', () => {
      const remove = specs(findingsWith(findings, 'wi-fic-issuer-mismatch')).find((spec) => spec.kind === 'federated-credential-delete');

      assert.deepEqual(remove, { kind: 'federated-credential-delete', identityId: identity.id, name: 'fic-aks-payments' });
    });

    it('raises no other identity problem', () => {
      absentExcept(findings, ['wi-fic-issuer-mismatch']);
    });

    it('reports the passed checks as ok', () => {
      for (const code of ['wi-client-id-mismatch', 'wi-pod-not-labelled', 'wi-fic-subject-mismatch', 'tenant-mismatch'] as CauseCode[]) {
        assert.equal(findingsWith(findings, code, 'ok').length, 1, code);
      }
    });
  });

  describe('ClusterSecretStore without serviceAccountRef', () => {
    const subscription = '/subscriptions/206c0ca9-68f2-460e-ba7f-97fdfe7a6d89';
    const tenant = 'b78a66c8-8232-4595-9afe-5c53a0d66dd7';
    const issuer = `https://westeurope.oic.prod-aks.azure.com/${tenant}/e455df83-b95c-4d20-90a3-9878bb4f19f0/`;
    const identity: IdentityFacts = {
      id: `${subscription}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-payments-sync`,
      name: 'id-payments-sync',
      principalId: 'f9dc4a7a-84b4-4e69-8ee8-5450aec79167',
      clientId: 'acbaf8c0-196c-426b-8a11-be3be6e1d916',
      tenantId: tenant,
      federatedCredentials: [{ id: 'fic', name: 'fic-aks-platform-payments', issuer, subject: 'system:serviceaccount:payments:payments-sync', audiences: ['api://AzureADTokenExchange'] }],
    };
    const observedError = JSON.stringify({
      error: 'invalid_request',
      error_description: `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: 'system:serviceaccount:external-secrets:external-secrets'. Assertion Audience: 'api://AzureADTokenExchange'.`,
      error_codes: [70021],
    });
    const facts = buildFacts({
      request: { client: 'external-secrets', caller: { identity: identity.id }, observedError, operations: ['secrets/get'] },
      vault: { ...buildFacts().vault!, tenantId: tenant, name: 'kv-payments-shared', id: `${subscription}/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments-shared` },
      caller: callerOf(identity),
      identities: [identity],
      cluster: cluster(subscription, 'aks-platform', issuer, { clientId: 'e194fd8a-5e5e-4c71-96b6-75bdd6d64b77', objectId: '58eea76c-4631-455a-9146-0cab670712b1' }),
      workload: workloadFixture('eso-cluster-store-no-reference'),
    });
    const findings = run(facts);

    it('blocks with wi-eso-no-service-account-ref', () => {
      assert.equal(findingsWith(findings, 'wi-eso-no-service-account-ref', 'blocker').length, 1);
    });

    it('adds serviceAccountRef with name and namespace to the store', () => {
      const edit = specs(findingsWith(findings, 'wi-eso-no-service-account-ref'))[0];

      assert.deepEqual(edit, {
        kind: 'workspace-edit',
        file: 'platform/external-secrets/clustersecretstore.yaml',
        range: [10, 0, 10, 0],
        newText: '      serviceAccountRef:\n        name: payments-sync\n        namespace: payments\n',
      });
    });

    it('yields a store that references the account once edited', () => {
      const edit = specs(findingsWith(findings, 'wi-eso-no-service-account-ref'))[0];
      assert.ok(edit.kind === 'workspace-edit');
      const files = fixtureFiles('eso-cluster-store-no-reference');
      files[edit.file] = applyEdit(files[edit.file], edit.range, edit.newText);

      const store = parseWorkspaceFiles(files).secretStores[0];

      assert.equal(store.serviceAccountRef?.name, 'payments-sync');
      assert.equal(store.serviceAccountRef?.namespace, 'payments');
    });

    it('raises no problem the case rules out', () => {
      absentExcept(findings, ['wi-eso-no-service-account-ref', 'wi-fic-missing', 'wi-fic-subject-mismatch']);
    });
  });

  describe('CSI VM identity mode instead of workload identity', () => {
    const subscription = '/subscriptions/d9649349-9a94-4c02-8c1d-9ded8628e2d3';
    const tenant = '81879623-5a0e-4506-a266-72b542755f83';
    const issuer = `https://westeurope.oic.prod-aks.azure.com/${tenant}/43cc700d-74e4-4f3f-95b6-39ca1cb46930/`;
    const identity: IdentityFacts = {
      id: `${subscription}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web-portal`,
      name: 'id-web-portal',
      principalId: '03242e49-fb84-4c8a-a6a6-2c77b062bf8a',
      clientId: 'a883ec47-91c4-4078-ad42-30a660f7175c',
      tenantId: tenant,
      federatedCredentials: [{ id: 'fic', name: 'fic-aks-web-portal', issuer, subject: 'system:serviceaccount:web:web-portal', audiences: ['api://AzureADTokenExchange'] }],
    };
    const facts = buildFacts({
      request: { client: 'csi-driver', caller: { identity: identity.id }, observedError: '{"error":"invalid_request","error_description":"Identity not found"}' },
      vault: { ...buildFacts().vault!, tenantId: tenant, name: 'kv-web-prod', id: `${subscription}/resourceGroups/rg-web/providers/Microsoft.KeyVault/vaults/kv-web-prod` },
      caller: callerOf(identity),
      identities: [identity],
      cluster: cluster(subscription, 'aks-web', issuer, { clientId: '88c6780e-6355-4b16-88a8-61f8695bfb9e', objectId: 'aca9e63c-c331-473a-86b3-125335b0c85e' }, {
        secretsProviderIdentity: { clientId: '2c8eb121-1fee-4b93-9d25-ba1601435e4c', objectId: 'f0660c79-3e94-4f84-9abc-44e202616910' },
      }),
      workload: workloadFixture('csi-vm-identity-mode'),
    });
    const findings = run(facts);

    it('blocks with csi-identity-mode', () => {
      assert.equal(findingsWith(findings, 'csi-identity-mode', 'blocker').length, 1);
    });

    it('replaces the VM identity lines with clientID', () => {
      const edit = specs(findingsWith(findings, 'csi-identity-mode'))[0];

      assert.deepEqual(edit, {
        kind: 'workspace-edit',
        file: 'k8s/web/secretproviderclass.yaml',
        range: [8, 4, 10, 66],
        newText: 'clientID: "a883ec47-91c4-4078-ad42-30a660f7175c"',
      });
    });

    it('yields a workload identity SecretProviderClass once edited', () => {
      const edit = specs(findingsWith(findings, 'csi-identity-mode'))[0];
      assert.ok(edit.kind === 'workspace-edit');
      const files = fixtureFiles('csi-vm-identity-mode');
      files[edit.file] = applyEdit(files[edit.file], edit.range, edit.newText);

      const providerClass = parseWorkspaceFiles(files).secretProviderClasses[0];

      assert.equal(providerClass.clientID?.value, identity.clientId);
      assert.equal(providerClass.useVMManagedIdentity, undefined);
      assert.equal(providerClass.userAssignedIdentityID, undefined);
      assert.equal(providerClass.usePodIdentity, undefined);
      assert.equal(providerClass.keyvaultName?.value, 'kv-web-prod');
    });

    it("confirms the pod's service account has a federated credential", () => {
      assert.equal(findingsWith(findings, 'wi-fic-subject-mismatch', 'ok').length, 1);
      assert.equal(findingsWith(findings, 'wi-fic-issuer-mismatch', 'ok').length, 1);
    });

    it('suggests no role for the node identities', () => {
      const kinds = specs(findings).map((spec) => spec.kind);

      assert.ok(!kinds.includes('role-assignment-create'));
    });

    it('raises no other identity problem', () => {
      absentExcept(findings, ['csi-identity-mode']);
    });
  });

  describe('vault tenant hard-coded to another tenant', () => {
    const subscription = '/subscriptions/ff20cd1d-7164-48c3-9a06-8c0642275cf6';
    const vaultTenant = '1fe4a3fc-41d7-43b1-9974-c7526b46706f';
    const homeTenant = '0961d5e8-43cd-4d92-ae3a-9244c6b28847';
    const vaultId = `${subscription}/resourceGroups/rg-reporting/providers/Microsoft.KeyVault/vaults/kv-reporting-prod`;
    const facts = buildFacts({
      request: {
        vaultId,
        client: 'ci-runner',
        caller: { objectId: '38b5faea-428d-4a19-baf9-35f7d8c05346' },
        from: { publicIp: '198.51.100.23' },
        operations: ['secrets/list', 'secrets/get'],
        observedError: `{"error":{"code":"Unauthorized","message":"AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${vaultTenant}/, found https://sts.windows.net/${homeTenant}/."}}`,
      },
      vault: {
        ...buildFacts().vault!,
        id: vaultId,
        name: 'kv-reporting-prod',
        tenantId: vaultTenant,
        enableRbacAuthorization: false,
        accessPolicies: [{ tenantId: vaultTenant, objectId: '38b5faea-428d-4a19-baf9-35f7d8c05346', permissions: { secrets: ['get', 'list'] } }],
      },
      caller: { principalId: '38b5faea-428d-4a19-baf9-35f7d8c05346', clientId: 'c8b87463-13a5-4fbd-b219-5455c4c50eab', principalType: 'ServicePrincipal', displayName: 'sp-reporting-pipeline' },
      workload: workloadFixture('vault-tenant-hard-coded'),
    });
    const findings = run(facts);

    it('blocks with tenant-mismatch', () => {
      assert.equal(findingsWith(findings, 'tenant-mismatch', 'blocker').length, 1);
    });

    it("moves the vault to the caller's tenant and drops old policies", () => {
      const update = specs(findingsWith(findings, 'tenant-mismatch'))[0];

      assert.deepEqual(update, { kind: 'vault-update', vaultId, tenantId: homeTenant, removeAccessPolicies: true });
    });

    it('raises no other identity problem', () => {
      absentExcept(findings, ['tenant-mismatch']);
    });
  });

  describe('cases other checks own', () => {
    it('healthy AKS workload yields only ok findings', () => {
      const subscription = '/subscriptions/c42ab405-d70c-4996-bf77-fa649b94c39b';
      const tenant = 'f538f839-a8df-4188-a515-bb60af71260f';
      const issuer = `https://westeurope.oic.prod-aks.azure.com/${tenant}/c32bb9af-d6a1-4ac4-ae84-9b5ca2eb6745/`;
      const identity: IdentityFacts = {
        id: `${subscription}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-catalog-api`,
        name: 'id-catalog-api',
        principalId: '3711f5df-218d-40b3-ad7e-2209ba3132ad',
        clientId: 'aab639a0-a1dd-49c7-ac18-bc6a0885bb91',
        tenantId: tenant,
        federatedCredentials: [{ id: 'fic', name: 'fic-aks-prod-catalog', issuer, subject: 'system:serviceaccount:catalog:catalog-api', audiences: ['api://AzureADTokenExchange'] }],
      };
      const facts = buildFacts({
        request: { client: 'aks-workload', caller: { identity: identity.id } },
        vault: { ...buildFacts().vault!, tenantId: tenant, name: 'kv-catalog-prod' },
        caller: callerOf(identity),
        identities: [identity],
        cluster: cluster(subscription, 'aks-prod', issuer, { clientId: '238d3527-8614-4a29-9748-040436eb5356', objectId: 'e4022cb0-4474-4f6f-b5bf-02d2ab6e5f81' }),
        workload: workloadFixture('aks-workload-healthy'),
      });

      const findings = run(facts);

      assert.deepEqual(
        findings.filter((finding) => finding.severity !== 'ok').map((finding) => `${finding.code} ${finding.severity}`),
        [],
      );
      for (const code of ['tenant-mismatch', 'wi-client-id-mismatch', 'wi-pod-not-labelled', 'wi-fic-missing'] as CauseCode[]) {
        assert.equal(findingsWith(findings, code, 'ok').length, 1, code);
      }
    });

    it('SecretStore with serviceAccountRef passes the ESO checks', () => {
      const subscription = '/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad';
      const tenant = '414971c0-e638-41d4-a02f-ff6a9c84845d';
      const issuer = `https://westeurope.oic.prod-aks.azure.com/${tenant}/e2f0ced8-00d2-4667-947b-2402cdf2f215/`;
      const identity: IdentityFacts = {
        id: `${subscription}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders-api`,
        name: 'id-orders-api',
        principalId: 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512',
        clientId: '639238ce-6f81-48cd-a6bd-142e9fd6eb53',
        tenantId: tenant,
        federatedCredentials: [{ id: 'fic', name: 'fic-aks-prod-orders', issuer, subject: 'system:serviceaccount:orders:orders-secrets-reader', audiences: ['api://AzureADTokenExchange'] }],
      };
      const observedError = `{"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource.\\r\\nCaller: appid=${identity.clientId};oid=${identity.principalId};iss=https://sts.windows.net/${tenant}/\\r\\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\\r\\nVault: kv-orders-prod;location=westeurope\\r\\n","innererror":{"code":"ForbiddenByRbac"}}}`;
      const facts = buildFacts({
        request: { client: 'external-secrets', caller: { identity: identity.id }, observedError },
        vault: { ...buildFacts().vault!, tenantId: tenant, name: 'kv-orders-prod' },
        caller: callerOf(identity),
        identities: [identity],
        cluster: cluster(subscription, 'aks-prod', issuer, { clientId: 'a0be693a-87b2-426e-afb2-337a50ad1333', objectId: '3c7f538b-6138-4d4a-b5f4-ab0649cac7c2' }),
        workload: workloadFixture('eso-secret-store-with-reference'),
      });

      const findings = run(facts);

      absentExcept(findings, []);
      assert.equal(findingsWith(findings, 'wi-eso-no-service-account-ref', 'ok').length, 1);
      assert.equal(findingsWith(findings, 'caller-mismatch', 'ok').length, 1);
      assert.equal(findingsWith(findings, 'wi-fic-subject-mismatch', 'ok').length, 1);
      assert.deepEqual(findings.filter((finding) => finding.severity === 'unknown').map((finding) => finding.code), []);
    });

    it('CSI with the kubelet identity raises no identity problem', () => {
      const subscription = '/subscriptions/f83c3912-0106-477b-a8be-330518468364';
      const tenant = '81903c43-0ab9-4eab-8111-e458aa423c08';
      const kubelet = { clientId: 'd1028539-4bc0-41fb-9a27-115d3000ef9f', objectId: '9310ad2a-46d1-4d7b-86fa-ba081ce56896' };
      const clusterFacts = cluster(subscription, 'aks-warehouse', `https://westeurope.oic.prod-aks.azure.com/${tenant}/6429f25f-a960-4d4d-80f1-e3777b9904c1/`, kubelet, {
        clusterPrincipalId: '4fba5b13-5c68-46b3-92be-1af15a3374c0',
      });
      const mirid = `${subscription}/resourcegroups/MC_rg-aks_aks-warehouse_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-warehouse-agentpool`;
      const observedError = `{"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource.\\r\\nCaller: appid=${kubelet.clientId};oid=${kubelet.objectId};iss=https://sts.windows.net/${tenant}/;xms_mirid=${mirid}\\r\\nVault: kv-warehouse-prod;location=westeurope","innererror":{"code":"ForbiddenByRbac"}}}`;
      const facts = buildFacts({
        request: { client: 'csi-driver', caller: { clientId: kubelet.clientId }, observedError },
        vault: { ...buildFacts().vault!, tenantId: tenant, name: 'kv-warehouse-prod' },
        caller: { principalId: kubelet.objectId, clientId: kubelet.clientId, tenantId: tenant, identityId: clusterFacts.kubeletIdentity?.resourceId, principalType: 'ServicePrincipal' },
        cluster: clusterFacts,
        workload: workloadFixture('csi-kubelet-identity'),
      });

      const findings = run(facts);

      absentExcept(findings, []);
      assert.equal(findingsWith(findings, 'csi-identity-mode', 'ok').length, 1);
      assert.equal(findingsWith(findings, 'caller-mismatch', 'ok').length, 1);
    });

    it('quickstart pod with client id annotation passes', () => {
      const subscription = '/subscriptions/bde47ea7-b338-415d-ae1e-ff882525212c';
      const tenant = '36589d8f-438a-4dab-a2a2-627d2eb44564';
      const issuer = `https://westeurope.oic.prod-aks.azure.com/${tenant}/07ea3b4e-09dd-4304-8b67-020d9744189b/`;
      const identity: IdentityFacts = {
        id: `${subscription}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-quickstart`,
        name: 'id-quickstart',
        principalId: '94867143-2c12-4784-a05b-670423f8a97c',
        clientId: 'ce7bc403-81fd-4fb0-bd68-3901fa4cb434',
        tenantId: tenant,
        federatedCredentials: [{ id: 'fic', name: 'fic-aks-dev-quickstart', issuer, subject: 'system:serviceaccount:quickstart:workload-identity-sa', audiences: ['api://AzureADTokenExchange'] }],
      };
      const facts = buildFacts({
        request: { client: 'aks-workload', caller: { identity: identity.id } },
        vault: { ...buildFacts().vault!, tenantId: tenant, name: 'kv-quickstart-dev', enableRbacAuthorization: false },
        caller: callerOf(identity),
        identities: [identity],
        cluster: cluster(subscription, 'aks-dev', issuer, { clientId: 'aef40f3d-9357-4628-89bf-e08c7c417e92', objectId: '60a1e685-2ab9-42d2-a86c-ec26b1b75622' }),
        workload: workloadFixture('quickstart-pod'),
      });

      const findings = run(facts);

      absentExcept(findings, []);
      assert.equal(findingsWith(findings, 'wi-pod-not-labelled', 'ok').length, 1);
    });

    it('app without workload identity gets no workload findings', () => {
      const facts = buildFacts({
        request: { client: 'app-service', from: { publicIp: '203.0.113.80' } },
        caller: { principalId: 'de1af3b7-255c-483d-adab-f6c0673a8836', clientId: 'ebb35f30-bb62-4234-8ab9-5f7c36c012f8', tenantId: buildFacts().vault!.tenantId },
        workload: workloadFixture('custom-role'),
      });

      const findings = run(facts);

      assert.deepEqual(
        findings.map((finding) => finding.code).filter((code) => IDENTITY_CODES.indexOf(code) >= 2),
        [],
      );
    });
  });
});
