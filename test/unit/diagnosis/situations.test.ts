/**
 * Real-world situations, rebuilt as the facts the collector reports, with the diagnosis the
 * authorization core must reach for each.
 */
import assert from 'node:assert/strict';
import { armAssignment, assertCase, caseFacts, fixSpecs, policyError, rbacError } from './support/caseFacts';

const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const SECRETS_OFFICER = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7';
const KEY_VAULT_READER = '21090545-7ca7-4776-b22c-e363652d74d2';
const KEY_VAULT_ADMINISTRATOR = '00482a5a-887f-4fb3-b363-3b7fe8e74483';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

function managedIdentity(id: string, principalId: string, clientId: string, tenantId: string, createdAt: string) {
  return {
    caller: { principalId, clientId, tenantId, principalType: 'ServicePrincipal', identityId: id, displayName: id.split('/').pop(), createdAt, groupIds: [] },
    identity: { id, name: id.split('/').pop() as string, principalId, clientId, tenantId, createdAt },
    principal: { objectId: principalId, clientId, type: 'ServicePrincipal', displayName: id.split('/').pop() },
  };
}

describe('situations', () => {
  it('External Secrets find with Key Vault Reader cannot read values', () => {
    const tenant = '414971c0-e638-41d4-a02f-ff6a9c84845d';
    const vaultId = '/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders-prod';
    const id = managedIdentity('/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders-api', 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512', '639238ce-6f81-48cd-a6bd-142e9fd6eb53', tenant, '2026-05-18T09:53:10Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: true,
      callerRef: { identity: id.identity.id },
      caller: id.caller,
      identities: [id.identity],
      directory: { principals: [id.principal, { objectId: '3c7f538b-6138-4d4a-b5f4-ab0649cac7c2', clientId: 'a0be693a-87b2-426e-afb2-337a50ad1333', type: 'ServicePrincipal', displayName: 'aks-prod-agentpool' }] },
      operations: ['secrets/list', 'secrets/get'],
      objects: ['secrets/orders-api-key', 'secrets/orders-db-password'],
      client: 'external-secrets',
      roleAssignments: [armAssignment('543fbefd-006c-493f-839f-331f4ba9df3a', KEY_VAULT_READER, id.caller.principalId, vaultId, '2026-10-20T08:27:45Z')],
    });

    const diagnosis = assertCase(facts, { verdict: 'blocked', blockers: ['rbac-missing-data-action'] });

    assert.deepEqual(fixSpecs(diagnosis)[0], { kind: 'role-assignment-create', principalId: 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512', principalType: 'ServicePrincipal', roleDefinitionGuid: SECRETS_USER, roleName: 'Key Vault Secrets User', scope: vaultId });
    assert.ok(!JSON.stringify(fixSpecs(diagnosis)).includes('3c7f538b-6138-4d4a-b5f4-ab0649cac7c2'));
  });

  it('External Secrets with Reader on the resource group has control-plane access only', () => {
    const tenant = '0b51b14d-d00f-4017-98fb-0195550b64c9';
    const resourceGroup = '/subscriptions/8af5b79c-3235-4c81-8bf2-4fd5b8b9b8fe/resourceGroups/rg-billing';
    const vaultId = `${resourceGroup}/providers/Microsoft.KeyVault/vaults/kv-billing-prod`;
    const id = managedIdentity('/subscriptions/8af5b79c-3235-4c81-8bf2-4fd5b8b9b8fe/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-billing-worker', 'ea285cc2-4faf-4c0f-b6e0-4018a5465ec0', '1a4ee3a9-ab2c-422e-8343-8cdb3bd150d5', tenant, '2026-05-18T08:09:06Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: true,
      callerRef: { identity: id.identity.id },
      caller: id.caller,
      identities: [id.identity],
      directory: { principals: [id.principal] },
      operations: ['secrets/list', 'secrets/get'],
      objects: ['secrets/billing-db-password', 'secrets/billing-invoice-signing-key'],
      client: 'external-secrets',
      observedError: rbacError(id.caller.principalId, tenant, 'Microsoft.KeyVault/vaults/secrets/readMetadata/action', vaultId),
      roleAssignments: [armAssignment('169239b9-1cee-42f5-af3b-350106e96647', READER, id.caller.principalId, resourceGroup, '2026-09-05T11:02:07Z')],
    });

    const diagnosis = assertCase(facts, { verdict: 'blocked', blockers: ['rbac-control-plane-only'] });

    const specs = fixSpecs(diagnosis);
    assert.deepEqual(specs[0], { kind: 'role-assignment-create', principalId: id.caller.principalId, principalType: 'ServicePrincipal', roleDefinitionGuid: SECRETS_USER, roleName: 'Key Vault Secrets User', scope: vaultId });
    assert.ok(!specs.some((spec) => spec.roleDefinitionGuid === KEY_VAULT_READER));
  });

  it('AKS workload with Secrets User on the vault should work', () => {
    const tenant = 'f538f839-a8df-4188-a515-bb60af71260f';
    const vaultId = '/subscriptions/c42ab405-d70c-4996-bf77-fa649b94c39b/resourceGroups/rg-catalog/providers/Microsoft.KeyVault/vaults/kv-catalog-prod';
    const id = managedIdentity('/subscriptions/c42ab405-d70c-4996-bf77-fa649b94c39b/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-catalog-api', '3711f5df-218d-40b3-ad7e-2209ba3132ad', 'aab639a0-a1dd-49c7-ac18-bc6a0885bb91', tenant, '2026-05-08T09:41:26Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: true,
      callerRef: { identity: id.identity.id },
      caller: id.caller,
      identities: [id.identity],
      directory: { principals: [id.principal] },
      operations: ['secrets/get'],
      objects: ['secrets/catalog-db-connection'],
      client: 'aks-workload',
      roleAssignments: [armAssignment('edf1fa73-f0fb-4bd0-915a-8b0feb375ea4', SECRETS_USER, id.caller.principalId, vaultId, '2026-05-08T09:53:06Z')],
    });

    const diagnosis = assertCase(facts, { verdict: 'should-work' });

    assert.deepEqual(fixSpecs(diagnosis), []);
  });

  it('CSI node identity role is ignored on an access policy vault', () => {
    const tenant = '2967ceee-24b3-416b-8907-d4381025ab44';
    const vaultId = '/subscriptions/01421150-96ae-4df7-a757-749bc0ad464b/resourceGroups/rg-inventory/providers/Microsoft.KeyVault/vaults/kv-inventory-prod';
    const kubelet = managedIdentity('/subscriptions/01421150-96ae-4df7-a757-749bc0ad464b/resourcegroups/MC_rg-aks_aks-inventory_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-inventory-agentpool', '458b8a3b-208a-4cdf-a74e-fbf1d8498ab9', '0787ae89-80a1-4319-9d5f-4f96c36cf10c', tenant, '2025-07-22T08:44:14Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: false,
      accessPolicies: [
        {
          tenantId: tenant,
          objectId: 'ba1ebb96-74eb-4ed1-af7a-8dba4460b9c4',
          permissions: { keys: ['get', 'list', 'create', 'update', 'delete'], secrets: ['get', 'list', 'set', 'delete', 'recover', 'backup', 'restore'], certificates: ['get', 'list', 'create', 'update'], storage: [] },
        },
      ],
      callerRef: { clientId: kubelet.caller.clientId },
      caller: kubelet.caller,
      identities: [kubelet.identity],
      directory: { principals: [kubelet.principal, { objectId: 'ba1ebb96-74eb-4ed1-af7a-8dba4460b9c4', type: 'User', displayName: 'Platform Admin' }] },
      operations: ['secrets/get'],
      objects: ['secrets/inventory-db-connection'],
      client: 'csi-driver',
      observedError: policyError(kubelet.caller.principalId, kubelet.caller.clientId, tenant, 'kv-inventory-prod', 'secrets', 'get'),
      roleAssignments: [armAssignment('648af571-be0b-4036-840d-b2ae710a2adb', SECRETS_USER, kubelet.caller.principalId, vaultId, '2026-11-14T09:48:43Z')],
    });

    const diagnosis = assertCase(facts, { verdict: 'blocked', blockers: ['model-access-policies'], tolerated: ['policy-no-entry'] });

    const specs = fixSpecs(diagnosis);
    assert.deepEqual(specs[0], { kind: 'access-policy-set', vaultId, tenantId: tenant, objectId: '458b8a3b-208a-4cdf-a74e-fbf1d8498ab9', secrets: ['get'] });
    assert.ok(!specs.some((spec) => spec.objectId === '0787ae89-80a1-4319-9d5f-4f96c36cf10c'));
  });

  it('CSI roles given to the cluster identity, not the kubelet', () => {
    const tenant = '81903c43-0ab9-4eab-8111-e458aa423c08';
    const vaultId = '/subscriptions/f83c3912-0106-477b-a8be-330518468364/resourceGroups/rg-warehouse/providers/Microsoft.KeyVault/vaults/kv-warehouse-prod';
    const cluster = '4fba5b13-5c68-46b3-92be-1af15a3374c0';
    const kubelet = managedIdentity('/subscriptions/f83c3912-0106-477b-a8be-330518468364/resourcegroups/MC_rg-aks_aks-warehouse_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-warehouse-agentpool', '9310ad2a-46d1-4d7b-86fa-ba081ce56896', 'd1028539-4bc0-41fb-9a27-115d3000ef9f', tenant, '2025-07-22T08:15:16Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: true,
      callerRef: { clientId: kubelet.caller.clientId },
      caller: kubelet.caller,
      identities: [kubelet.identity],
      directory: { principals: [kubelet.principal, { objectId: cluster, clientId: '763a6e74-c883-4bb3-a5b4-1aa193067a87', type: 'ServicePrincipal', displayName: 'aks-warehouse' }] },
      operations: ['secrets/get'],
      objects: ['secrets/warehouse-sftp-password'],
      client: 'csi-driver',
      roleAssignments: [
        armAssignment('4373d799-f5f4-4753-b5a4-89a726537597', KEY_VAULT_ADMINISTRATOR, cluster, vaultId, '2026-11-22T09:39:04Z'),
        armAssignment('1af8b2a0-ef59-4aae-a2d8-e2047322fb80', SECRETS_OFFICER, cluster, vaultId, '2026-11-22T11:54:55Z'),
        armAssignment('9d4165fd-ae15-4839-beca-821e76315a37', SECRETS_USER, cluster, `${vaultId}/secrets/warehouse-sftp-password`, '2026-11-22T09:12:57Z'),
      ],
    });

    const diagnosis = assertCase(facts, { verdict: 'blocked', blockers: ['rbac-no-assignment'] });

    const specs = fixSpecs(diagnosis);
    assert.deepEqual(specs[0], { kind: 'role-assignment-create', principalId: kubelet.caller.principalId, principalType: 'ServicePrincipal', roleDefinitionGuid: SECRETS_USER, roleName: 'Key Vault Secrets User', scope: vaultId });
    assert.ok(!JSON.stringify(specs).includes(cluster));
    assert.ok(!JSON.stringify(specs).includes(kubelet.caller.clientId));
  });

  it('access policy entry holds the client id', () => {
    const tenant = '36589d8f-438a-4dab-a2a2-627d2eb44564';
    const vaultId = '/subscriptions/bde47ea7-b338-415d-ae1e-ff882525212c/resourceGroups/rg-quickstart/providers/Microsoft.KeyVault/vaults/kv-quickstart-dev';
    const id = managedIdentity('/subscriptions/bde47ea7-b338-415d-ae1e-ff882525212c/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-quickstart', '94867143-2c12-4784-a05b-670423f8a97c', 'ce7bc403-81fd-4fb0-bd68-3901fa4cb434', tenant, '2026-05-18T09:53:38Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: false,
      accessPolicies: [
        { tenantId: tenant, objectId: 'b4aaa606-6d67-4af3-ad7e-2210ba52100e', permissions: { keys: [], secrets: ['get', 'list', 'set', 'delete'], certificates: [], storage: [] } },
        { tenantId: tenant, objectId: id.caller.clientId, permissions: { keys: [], secrets: ['get'], certificates: [], storage: [] } },
      ],
      callerRef: { identity: id.identity.id },
      caller: id.caller,
      identities: [id.identity],
      directory: { principals: [id.principal, { objectId: 'b4aaa606-6d67-4af3-ad7e-2210ba52100e', type: 'User', displayName: 'Platform Admin' }] },
      operations: ['secrets/get'],
      objects: ['secrets/quickstart-message'],
      client: 'aks-workload',
      observedError: policyError(id.caller.principalId, id.caller.clientId, tenant, 'kv-quickstart-dev', 'secrets', 'get'),
    });

    const diagnosis = assertCase(facts, { verdict: 'blocked', blockers: ['policy-client-id-as-object-id'] });

    assert.deepEqual(fixSpecs(diagnosis)[0], { kind: 'access-policy-set', vaultId, tenantId: tenant, objectId: '94867143-2c12-4784-a05b-670423f8a97c', secrets: ['get'] });
  });

  it('custom role for customer-managed keys lists keys/read under actions', () => {
    const tenant = '5e520f41-9846-4d67-ac63-359b4b07d896';
    const subscription = '/subscriptions/af9dcb89-aa5f-4560-8928-c4e8358eefa3';
    const vaultId = `${subscription}/resourceGroups/rg-storage/providers/Microsoft.KeyVault/vaults/kv-storage-cmk`;
    const roleGuid = 'b79ec19b-5149-489b-981f-6fbdb386c764';
    const id = managedIdentity(`${subscription}/resourceGroups/rg-storage/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-storage-cmk`, '0cd0a58c-2fd4-4e7c-a11b-41c73c95213e', '3bc49d7b-74c8-441f-906f-e74fd3b9adb9', tenant, '2026-05-18T09:35:12Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: true,
      callerRef: { identity: id.identity.id },
      caller: id.caller,
      identities: [id.identity],
      directory: { principals: [id.principal] },
      operations: ['keys/get', 'keys/wrap', 'keys/unwrap'],
      objects: ['keys/cmk-storage-data'],
      objectStates: [{ ref: 'keys/cmk-storage-data', id: `${vaultId}/keys/cmk-storage-data`, exists: true, enabled: true, keyOps: ['wrapKey', 'unwrapKey'] }],
      roleDefinitions: [
        {
          id: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
          name: roleGuid,
          roleName: 'CMK Key Access',
          roleType: 'CustomRole',
          description: 'Lets a service wrap and unwrap its customer-managed key.',
          assignableScopes: [subscription],
          permissions: [{ actions: ['Microsoft.KeyVault/vaults/keys/read'], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action'], notDataActions: [] }],
        },
      ],
      roleAssignments: [armAssignment('d9ced983-a3f3-4f58-8b9b-7b9d4e818552', roleGuid, id.caller.principalId, vaultId, '2026-11-28T11:27:11Z')],
    });

    const diagnosis = assertCase(facts, { verdict: 'blocked', blockers: ['rbac-control-plane-only'], tolerated: ['rbac-missing-data-action'] });

    const specs = fixSpecs(diagnosis);
    assert.equal(specs[0]?.kind, 'role-definition-update');
    assert.deepEqual((specs[0]?.permissions as { dataActions: string[] }[])[0]?.dataActions, [
      'Microsoft.KeyVault/vaults/keys/wrap/action',
      'Microsoft.KeyVault/vaults/keys/unwrap/action',
      'Microsoft.KeyVault/vaults/keys/read',
    ]);
    const roles = specs.map((spec) => spec.roleDefinitionGuid);
    assert.ok(!roles.includes('14b46e9e-c2b7-41b4-b07b-48a6ebf60603'));
    assert.ok(!roles.includes(KEY_VAULT_ADMINISTRATOR));
  });

  it('group role granted minutes ago in the same Terraform run should work', () => {
    const tenant = '0594eec8-5a79-4def-8f42-9ac9ea608338';
    const vaultId = '/subscriptions/51c55b0d-f65c-4865-9b38-cca8ea5e767a/resourceGroups/rg-bootstrap/providers/Microsoft.KeyVault/vaults/kv-bootstrap-dev';
    const group = '4376b653-221f-4981-bd64-457cd02b9589';
    const user = '35d1ba43-61fd-4b7d-9002-9f061d596161';
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: true,
      callerRef: { objectId: user },
      caller: { principalId: user, tenantId: tenant, principalType: 'User', displayName: 'Build Engineer', groupIds: [group] },
      directory: {
        principals: [
          { objectId: user, type: 'User', displayName: 'Build Engineer' },
          { objectId: group, type: 'Group', displayName: 'grp-kv-bootstrap-writers' },
        ],
        membershipChanges: [{ groupId: group, at: '2026-12-04T11:56:30Z' }],
      },
      operations: ['secrets/get', 'secrets/set'],
      objects: ['secrets/bootstrap-api-token'],
      objectStates: [{ ref: 'secrets/bootstrap-api-token', exists: false }],
      client: 'developer',
      observedError: rbacError(user, tenant, 'Microsoft.KeyVault/vaults/secrets/getSecret/action', `${vaultId}/secrets/bootstrap-api-token`),
      roleAssignments: [armAssignment('0d116415-163f-456a-99f1-e1233a54e97a', SECRETS_OFFICER, group, vaultId, '2026-12-04T11:57:00Z', 'Group')],
    });

    const diagnosis = assertCase(facts, { verdict: 'should-work', warnings: ['rbac-recent-change', 'rbac-group-cache'] });

    const groupCache = diagnosis.findings.find((finding) => finding.code === 'rbac-group-cache');
    assert.match(groupCache?.detail ?? '', /2026-12-04T11:56:30Z/);
    assert.match(groupCache?.detail ?? '', /signing in again/);
  });

  it('configuration provider lists with a get-only access policy', () => {
    const tenant = 'f748ec1d-7cd1-4b0b-b76c-a2a3e303ea7f';
    const vaultId = '/subscriptions/e539c8d0-9997-4b96-a982-d7accceffd9e/resourceGroups/rg-catalog-web/providers/Microsoft.KeyVault/vaults/kv-catalog-web';
    const id = managedIdentity('/subscriptions/e539c8d0-9997-4b96-a982-d7accceffd9e/resourceGroups/rg-catalog-web/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-catalog-web', 'de1af3b7-255c-483d-adab-f6c0673a8836', 'ebb35f30-bb62-4234-8ab9-5f7c36c012f8', tenant, '2026-05-18T11:01:14Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: false,
      accessPolicies: [
        { tenantId: tenant, objectId: '145299b2-1667-4e77-929a-6f16a453fcb4', permissions: { keys: [], secrets: ['get', 'list', 'set', 'delete'], certificates: [], storage: [] } },
        { tenantId: tenant, objectId: id.caller.principalId, permissions: { keys: [], secrets: ['get'], certificates: [], storage: [] } },
      ],
      callerRef: { identity: id.identity.id },
      caller: id.caller,
      identities: [id.identity],
      directory: { principals: [id.principal, { objectId: '145299b2-1667-4e77-929a-6f16a453fcb4', type: 'User', displayName: 'Platform Admin' }] },
      operations: ['secrets/list', 'secrets/get'],
      objects: ['secrets/catalog-db-connection', 'secrets/catalog-search-key'],
      client: 'app-service',
      observedError: policyError(id.caller.principalId, id.caller.clientId, tenant, 'kv-catalog-web', 'secrets', 'list'),
    });

    const diagnosis = assertCase(facts, { verdict: 'blocked', blockers: ['policy-missing-permission'] });

    assert.deepEqual(fixSpecs(diagnosis), [{ kind: 'access-policy-set', vaultId, tenantId: tenant, objectId: id.caller.principalId, secrets: ['get', 'list'] }]);
  });

  it('configuration provider lists with a role on one secret', () => {
    const tenant = '11d28ef9-fd1a-4d95-aab9-7188155352f1';
    const vaultId = '/subscriptions/f82c9ee4-2170-420d-9f4b-6c6d42db9684/resourceGroups/rg-pricing-web/providers/Microsoft.KeyVault/vaults/kv-pricing-web';
    const id = managedIdentity('/subscriptions/f82c9ee4-2170-420d-9f4b-6c6d42db9684/resourceGroups/rg-pricing-web/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pricing-web', '12935088-2743-4c6a-8728-3161eca86a75', '8f96deab-d76a-4aad-bfb2-88eed85fa78f', tenant, '2026-05-18T07:37:32Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: true,
      callerRef: { identity: id.identity.id },
      caller: id.caller,
      identities: [id.identity],
      directory: { principals: [id.principal] },
      operations: ['secrets/list', 'secrets/get'],
      objects: ['secrets/pricing-db-connection'],
      client: 'app-service',
      observedError: rbacError(id.caller.principalId, tenant, 'Microsoft.KeyVault/vaults/secrets/readMetadata/action', vaultId),
      roleAssignments: [armAssignment('ff06c99b-5abc-453d-b4da-86126494d10d', SECRETS_USER, id.caller.principalId, `${vaultId}/secrets/pricing-db-connection`, '2026-11-01T10:29:37Z')],
    });

    const diagnosis = assertCase(facts, { verdict: 'blocked', blockers: ['rbac-scope-mismatch'], tolerated: ['rbac-no-assignment'] });

    assert.deepEqual(fixSpecs(diagnosis), [{ kind: 'role-assignment-create', principalId: id.caller.principalId, principalType: 'ServicePrincipal', roleDefinitionGuid: SECRETS_USER, roleName: 'Key Vault Secrets User', scope: vaultId }]);
  });

  it('bulk export stops at a disabled secret', () => {
    const tenant = '9549e51c-965d-44f7-9eac-424c67482fc5';
    const vaultId = '/subscriptions/aea74e7f-87d2-43fc-b6ac-5f9e764e724f/resourceGroups/rg-release/providers/Microsoft.KeyVault/vaults/kv-release-tools';
    const principalId = 'a476c370-644b-4c48-beae-f2ad6294f1d4';
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: false,
      accessPolicies: [
        { tenantId: tenant, objectId: '4a992607-c5be-4ec5-8b89-b5ab22261564', permissions: { keys: [], secrets: ['get', 'list', 'set', 'delete'], certificates: [], storage: [] } },
        { tenantId: tenant, objectId: principalId, permissions: { keys: ['get', 'list'], secrets: ['get', 'list', 'set'], certificates: [], storage: [] } },
      ],
      callerRef: { clientId: '93344179-6e89-4e71-b2cc-a5d93b7494d5' },
      caller: { principalId, clientId: '93344179-6e89-4e71-b2cc-a5d93b7494d5', tenantId: tenant, principalType: 'ServicePrincipal', displayName: 'sp-release-export', groupIds: [] },
      directory: { principals: [{ objectId: principalId, clientId: '93344179-6e89-4e71-b2cc-a5d93b7494d5', type: 'ServicePrincipal', displayName: 'sp-release-export' }] },
      operations: ['secrets/list', 'secrets/get'],
      objects: ['secrets/legacy-smtp-password', 'secrets/release-feed-token', 'secrets/release-signing-pass'],
      objectStates: [{ ref: 'secrets/legacy-smtp-password', id: `${vaultId}/secrets/legacy-smtp-password`, exists: true, enabled: false }],
      client: 'ci-runner',
    });

    const diagnosis = assertCase(facts, { verdict: 'blocked', blockers: ['secret-disabled'] });

    assert.deepEqual(fixSpecs(diagnosis), [{ kind: 'secret-enable', vaultName: 'kv-release-tools', secretName: 'legacy-smtp-password', vaultId }]);
  });

  it('identity recreated, role assignment orphaned', () => {
    const tenant = 'cece18db-b1c7-4aff-95bb-534c37277672';
    const vaultId = '/subscriptions/6176bc15-1b99-473d-bddf-c3354238bf68/resourceGroups/rg-shipping/providers/Microsoft.KeyVault/vaults/kv-shipping-prod';
    const stale = armAssignment('b34f7fb1-921e-456c-8416-ffd90ff568bf', SECRETS_USER, '0aeaa121-1876-4f51-b4de-f7cfb58d19fc', vaultId, '2026-04-08T10:12:34Z');
    const id = managedIdentity('/subscriptions/6176bc15-1b99-473d-bddf-c3354238bf68/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shipping-api', '98f7995d-049e-45c7-b80b-0803ca9ef3d7', 'fee46ece-2be5-4ad8-ad17-51b05cc79169', tenant, '2026-12-01T08:41:48Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: true,
      callerRef: { identity: id.identity.id },
      caller: id.caller,
      identities: [id.identity],
      directory: { principals: [id.principal], missingObjectIds: ['0aeaa121-1876-4f51-b4de-f7cfb58d19fc'] },
      operations: ['secrets/get'],
      objects: ['secrets/shipping-carrier-api-key'],
      client: 'aks-workload',
      observedError: rbacError(id.caller.principalId, tenant, 'Microsoft.KeyVault/vaults/secrets/getSecret/action', `${vaultId}/secrets/shipping-carrier-api-key`),
      roleAssignments: [stale],
    });

    const diagnosis = assertCase(facts, { verdict: 'blocked', blockers: ['rbac-orphaned-assignment'], tolerated: ['rbac-no-assignment'] });

    assert.deepEqual(fixSpecs(diagnosis), [
      { kind: 'role-assignment-create', principalId: id.caller.principalId, principalType: 'ServicePrincipal', roleDefinitionGuid: SECRETS_USER, roleName: 'Key Vault Secrets User', scope: vaultId },
      { kind: 'role-assignment-delete', assignmentId: stale.id },
    ]);
  });

  it('identity recreated without a directory lookup of the old principal', () => {
    const tenant = 'cece18db-b1c7-4aff-95bb-534c37277672';
    const vaultId = '/subscriptions/6176bc15-1b99-473d-bddf-c3354238bf68/resourceGroups/rg-shipping/providers/Microsoft.KeyVault/vaults/kv-shipping-prod';
    const id = managedIdentity('/subscriptions/6176bc15-1b99-473d-bddf-c3354238bf68/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shipping-api', '98f7995d-049e-45c7-b80b-0803ca9ef3d7', 'fee46ece-2be5-4ad8-ad17-51b05cc79169', tenant, '2026-12-01T08:41:48Z');
    const facts = caseFacts({
      tenantId: tenant,
      vaultId,
      rbac: true,
      callerRef: { identity: id.identity.id },
      caller: id.caller,
      identities: [id.identity],
      directory: { principals: [id.principal] },
      operations: ['secrets/get'],
      objects: ['secrets/shipping-carrier-api-key'],
      roleAssignments: [armAssignment('b34f7fb1-921e-456c-8416-ffd90ff568bf', SECRETS_USER, '0aeaa121-1876-4f51-b4de-f7cfb58d19fc', vaultId, '2026-04-08T10:12:34Z')],
    });

    assertCase(facts, { verdict: 'blocked', blockers: ['rbac-orphaned-assignment'], tolerated: ['rbac-no-assignment'] });
  });

  it('vault tenant hard-coded to another tenant leaves authorization clean', () => {
    const callerTenant = '0961d5e8-43cd-4d92-ae3a-9244c6b28847';
    const vaultTenant = '1fe4a3fc-41d7-43b1-9974-c7526b46706f';
    const vaultId = '/subscriptions/ff20cd1d-7164-48c3-9a06-8c0642275cf6/resourceGroups/rg-reporting/providers/Microsoft.KeyVault/vaults/kv-reporting-prod';
    const principalId = '38b5faea-428d-4a19-baf9-35f7d8c05346';
    const facts = caseFacts({
      tenantId: callerTenant,
      vaultTenantId: vaultTenant,
      vaultId,
      rbac: false,
      accessPolicies: [{ tenantId: vaultTenant, objectId: principalId, permissions: { keys: [], secrets: ['get', 'list'], certificates: [], storage: [] } }],
      callerRef: { objectId: principalId },
      caller: { principalId, clientId: 'c8b87463-13a5-4fbd-b219-5455c4c50eab', tenantId: callerTenant, principalType: 'ServicePrincipal', displayName: 'sp-reporting-pipeline', groupIds: [] },
      directory: { principals: [{ objectId: principalId, clientId: 'c8b87463-13a5-4fbd-b219-5455c4c50eab', type: 'ServicePrincipal', displayName: 'sp-reporting-pipeline' }] },
      operations: ['secrets/list', 'secrets/get'],
      objects: ['secrets/reporting-db-readonly'],
      client: 'ci-runner',
    });

    assertCase(facts, { verdict: 'should-work', tolerated: ['policy-tenant-mismatch'] });
  });

  for (const [situation, tenant, vaultId, principalId, clientId, objects] of [
    [
      'federated credential issuer without trailing slash',
      '3485f0df-cb87-422e-a720-c66f71d6ab2f',
      '/subscriptions/b8d6be55-2d40-4b16-8c19-7c1abe7fe841/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments-prod',
      'a8bd96cf-16e9-49aa-9a43-4613b03a4718',
      'bae48a73-c83e-4b1c-a258-124663e4a1eb',
      ['secrets/payments-db-password'],
    ],
    [
      'cluster secret store without serviceAccountRef',
      'b78a66c8-8232-4595-9afe-5c53a0d66dd7',
      '/subscriptions/206c0ca9-68f2-460e-ba7f-97fdfe7a6d89/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments-shared',
      'f9dc4a7a-84b4-4e69-8ee8-5450aec79167',
      'acbaf8c0-196c-426b-8a11-be3be6e1d916',
      ['secrets/payments-gateway-token', 'secrets/payments-db-password'],
    ],
    [
      'CSI driver in VM identity mode',
      '81879623-5a0e-4506-a266-72b542755f83',
      '/subscriptions/d9649349-9a94-4c02-8c1d-9ded8628e2d3/resourceGroups/rg-web/providers/Microsoft.KeyVault/vaults/kv-web-prod',
      '03242e49-fb84-4c8a-a6a6-2c77b062bf8a',
      'a883ec47-91c4-4078-ad42-30a660f7175c',
      ['secrets/web-portal-tls'],
    ],
  ] as const) {
    it(`${situation} leaves authorization clean`, () => {
      const subscription = vaultId.split('/').slice(0, 3).join('/');
      const id = managedIdentity(`${subscription}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-workload`, principalId, clientId, tenant, '2026-02-07T09:52:21Z');
      const facts = caseFacts({
        tenantId: tenant,
        vaultId,
        rbac: true,
        callerRef: { identity: id.identity.id },
        caller: id.caller,
        identities: [id.identity],
        directory: { principals: [id.principal] },
        operations: ['secrets/get'],
        objects: [...objects],
        roleAssignments: [armAssignment('8dd82168-12a9-481e-87bf-6f498690a8d5', SECRETS_USER, principalId, vaultId, '2026-02-07T10:01:16Z')],
      });

      assertCase(facts, { verdict: 'should-work' });
    });
  }
});
