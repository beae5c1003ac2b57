import { strict as assert } from 'node:assert';
import { renderFix } from '../../../../src/fixes/render';
import { parseWorkspaceFiles } from '../../../../src/workspace/parse';
import { applyFix, check, none, preferredEdit, single, textAt } from './support';

const CLIENT_ID = '6f1c7a52-3b8e-4a0d-9d6e-2c4b8f0a1e37';
const TENANT = '0b51b14d-d00f-4017-98fb-0195550b64c9';
const ISSUER = `https://westeurope.oic.prod-aks.azure.com/${TENANT}/8a1f4c1e-5b1a-4c52-9a0b-3f1d2e4c5a6b`;
const VAULT_ID = '/subscriptions/af9dcb89-aa5f-4560-8928-c4e8358eefa3/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app-prod';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

const ACCOUNT = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: payments-api', '  namespace: payments', '  annotations:', `    azure.workload.identity/client-id: "${CLIENT_ID}"`, ''].join('\n');

/** A SecretProviderClass that reads one secret, so the workspace has a workload reading secret values. */
const PROVIDER_CLASS = [
  'apiVersion: secrets-store.csi.x-k8s.io/v1',
  'kind: SecretProviderClass',
  'metadata:',
  '  name: app',
  '  namespace: payments',
  'spec:',
  '  provider: azure',
  '  parameters:',
  `    clientID: "${CLIENT_ID}"`,
  '    keyvaultName: kv-app-prod',
  '    objects: |',
  '      array:',
  '        - |',
  '          objectName: db-password',
  '          objectType: secret',
  '',
].join('\n');

function credential(issuer: string, subject: string): string {
  return [
    "resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {",
    "  name: 'id-payments'",
    '}',
    '',
    "resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {",
    '  parent: identity',
    "  name: 'payments-api'",
    '  properties: {',
    `    issuer: '${issuer}'`,
    `    subject: '${subject}'`,
    "    audiences: [ 'api://AzureADTokenExchange' ]",
    '  }',
    '}',
    '',
  ].join('\n');
}

describe('workspace checks: templates', () => {
  describe('federated credentials', () => {
    it('blocks an AKS issuer without the trailing slash', () => {
      const bicep = credential(ISSUER, 'system:serviceaccount:payments:payments-api');
      const finding = single(check({ 'sa.yaml': ACCOUNT, 'fic.bicep': bicep }), 'wi-fic-issuer-mismatch', 'blocker');
      assert.equal(textAt(bicep, finding.location.range), `issuer: '${ISSUER}'`);

      const fixed = applyFix(bicep, preferredEdit(finding, 'fic.bicep'));
      assert.equal(parseWorkspaceFiles({ 'fic.bicep': fixed }).federatedCredentials[0].issuer?.value, `${ISSUER}/`);
      none(check({ 'sa.yaml': ACCOUNT, 'fic.bicep': fixed }), 'wi-fic-issuer-mismatch');
    });

    it('corrects a subject with the wrong namespace', () => {
      const bicep = credential(`${ISSUER}/`, 'system:serviceaccount:default:payments-api');
      const finding = single(check({ 'sa.yaml': ACCOUNT, 'fic.bicep': bicep }), 'wi-fic-subject-mismatch', 'blocker');
      assert.equal(textAt(bicep, finding.location.range), "subject: 'system:serviceaccount:default:payments-api'");

      const fixed = applyFix(bicep, preferredEdit(finding, 'fic.bicep'));
      assert.equal(parseWorkspaceFiles({ 'fic.bicep': fixed }).federatedCredentials[0].subject?.value, 'system:serviceaccount:payments:payments-api');
      none(check({ 'sa.yaml': ACCOUNT, 'fic.bicep': fixed }), 'wi-fic-subject-mismatch');
    });

    it('corrects a subject that differs in case', () => {
      const bicep = credential(`${ISSUER}/`, 'system:serviceaccount:payments:Payments-API');
      const finding = single(check({ 'sa.yaml': ACCOUNT, 'fic.bicep': bicep }), 'wi-fic-subject-mismatch', 'blocker');
      assert.match(applyFix(bicep, preferredEdit(finding, 'fic.bicep')), /subject: 'system:serviceaccount:payments:payments-api'/);
    });

    it('warns about a subject no account is near', () => {
      const bicep = credential(`${ISSUER}/`, 'system:serviceaccount:billing:billing-sync');
      const finding = single(check({ 'sa.yaml': ACCOUNT, 'fic.bicep': bicep }), 'wi-fic-subject-mismatch', 'warning');
      assert.equal(finding.fixes.length, 0);
    });

    it('skips Terraform subjects built from expressions', () => {
      const terraform = [
        'resource "azurerm_federated_identity_credential" "payments" {',
        '  name                = "payments-api"',
        `  issuer              = "${ISSUER}/"`,
        '  subject             = "system:serviceaccount:${var.namespace}:payments-api"',
        '  audience            = ["api://AzureADTokenExchange"]',
        '}',
        '',
      ].join('\n');
      const findings = check({ 'sa.yaml': ACCOUNT, 'main.tf': terraform });
      none(findings, 'wi-fic-subject-mismatch');
      none(findings, 'wi-fic-issuer-mismatch');
    });

    it('accepts a matching credential', () => {
      const findings = check({ 'sa.yaml': ACCOUNT, 'fic.bicep': credential(`${ISSUER}/`, 'system:serviceaccount:payments:payments-api') });
      assert.deepEqual(findings, []);
    });
  });

  describe('client id where a principal id belongs', () => {
    it('swaps clientId for principalId in a Bicep access policy', () => {
      const bicep = [
        "resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {",
        "  name: 'id-app'",
        '  location: resourceGroup().location',
        '}',
        '',
        "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {",
        "  name: 'kv-app-prod'",
        '  location: resourceGroup().location',
        '  properties: {',
        '    tenantId: subscription().tenantId',
        "    sku: { family: 'A', name: 'standard' }",
        '    accessPolicies: [',
        '      {',
        '        tenantId: subscription().tenantId',
        '        objectId: identity.properties.clientId',
        "        permissions: { secrets: [ 'get' ] }",
        '      }',
        '    ]',
        '  }',
        '}',
        '',
      ].join('\n');
      const finding = single(check({ 'vault.bicep': bicep }), 'policy-client-id-as-object-id', 'blocker');
      assert.equal(textAt(bicep, finding.location.range), 'identity.properties.clientId');

      const fixed = applyFix(bicep, preferredEdit(finding, 'vault.bicep'));
      assert.match(fixed, /objectId: identity\.properties\.principalId/);
      none(check({ 'vault.bicep': fixed }), 'policy-client-id-as-object-id');
    });

    it('swaps client_id for principal_id in a Terraform role assignment', () => {
      const terraform = [
        'resource "azurerm_role_assignment" "app" {',
        '  scope                = azurerm_key_vault.app.id',
        '  role_definition_name = "Key Vault Secrets User"',
        '  principal_id         = azurerm_user_assigned_identity.app.client_id',
        '}',
        '',
      ].join('\n');
      const finding = single(check({ 'main.tf': terraform }), 'wi-client-id-mismatch', 'blocker');
      const fixed = applyFix(terraform, preferredEdit(finding, 'main.tf'));
      assert.match(fixed, /principal_id\s+= azurerm_user_assigned_identity\.app\.principal_id/);
      none(check({ 'main.tf': fixed }), 'wi-client-id-mismatch');
    });

    it('flags an ARM access policy holding a workload client id', () => {
      const template = JSON.stringify(
        {
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          resources: [{ type: 'Microsoft.KeyVault/vaults', name: 'kv-app-prod', properties: { tenantId: '[subscription().tenantId]', accessPolicies: [{ objectId: CLIENT_ID, permissions: { secrets: ['get'] } }] } }],
        },
        null,
        2,
      );
      const finding = single(check({ 'sa.yaml': ACCOUNT, 'azuredeploy.json': template }), 'policy-client-id-as-object-id', 'blocker');
      assert.match(finding.detail, /ServiceAccount payments\/payments-api/);
      assert.equal(finding.fixes.length, 0);
    });
  });

  describe('role assignments', () => {
    const bicepAssignment = (roleGuid: string, scope = 'vault'): string =>
      [
        "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {",
        "  name: 'kv-app-prod'",
        '}',
        '',
        "resource read 'Microsoft.Authorization/roleAssignments@2022-04-01' = {",
        "  name: guid(vault.id, 'payments')",
        `  scope: ${scope}`,
        '  properties: {',
        `    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${roleGuid}')`,
        "    principalId: '2b7f3c1d-8e4a-4f6b-9c0d-1a2b3c4d5e6f'",
        "    principalType: 'ServicePrincipal'",
        '  }',
        '}',
        '',
      ].join('\n');

    it('replaces Reader on the vault with Key Vault Secrets User', () => {
      const bicep = bicepAssignment(READER);
      const files = { 'spc.yaml': PROVIDER_CLASS, 'roles.bicep': bicep };
      const finding = single(check(files), 'rbac-control-plane-only', 'blocker');
      assert.match(textAt(bicep, finding.location.range), /^roleDefinitionId: subscriptionResourceId/);
      assert.equal(finding.family, 'authorization');

      const fixed = applyFix(bicep, preferredEdit(finding, 'roles.bicep'));
      assert.match(fixed, new RegExp(`roleDefinitions', '${SECRETS_USER}'\\)`));
      assert.deepEqual(check({ ...files, 'roles.bicep': fixed }), []);
    });

    it('reports Key Vault Reader as a missing data action', () => {
      const terraform = [
        'resource "azurerm_role_assignment" "read" {',
        `  scope                = "${VAULT_ID}"`,
        '  role_definition_name = "Key Vault Reader"',
        '  principal_id         = "2b7f3c1d-8e4a-4f6b-9c0d-1a2b3c4d5e6f"',
        '}',
        '',
      ].join('\n');
      const files = { 'spc.yaml': PROVIDER_CLASS, 'main.tf': terraform };
      const finding = single(check(files), 'rbac-missing-data-action', 'blocker');

      const fixed = applyFix(terraform, preferredEdit(finding, 'main.tf'));
      assert.match(fixed, /role_definition_name = "Key Vault Secrets User"/);
      assert.deepEqual(check({ ...files, 'main.tf': fixed }), []);

      const command = finding.fixes.map(renderFix).find((fix) => fix.az !== undefined);
      assert.ok(command?.az?.includes(`--role ${SECRETS_USER}`), command?.az);
      assert.ok(command?.az?.includes('--assignee-object-id 2b7f3c1d-8e4a-4f6b-9c0d-1a2b3c4d5e6f'), command?.az);
    });

    it('only warns about Crypto Officer', () => {
      single(check({ 'spc.yaml': PROVIDER_CLASS, 'roles.bicep': bicepAssignment('14b46e9e-c2b7-41b4-b07b-48a6ebf60603') }), 'rbac-missing-data-action', 'warning');
    });

    it('ignores Reader outside the vault', () => {
      assert.deepEqual(check({ 'spc.yaml': PROVIDER_CLASS, 'roles.bicep': bicepAssignment(READER, 'resourceGroup()') }), []);
    });

    it('ignores roles when nothing reads secrets', () => {
      assert.deepEqual(check({ 'roles.bicep': bicepAssignment(READER) }), []);
    });
  });

  describe('custom roles', () => {
    const role = (actions: string[], dataActions: string[]): string =>
      `${JSON.stringify({ Name: 'CMK Key Access', IsCustom: true, Actions: actions, NotActions: [], DataActions: dataActions, NotDataActions: [], AssignableScopes: ['/subscriptions/af9dcb89-aa5f-4560-8928-c4e8358eefa3'] }, null, 2)}\n`;

    it('adds the data action for keys/read under actions', () => {
      const json = role(['Microsoft.KeyVault/vaults/keys/read'], ['Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action']);
      const finding = single(check({ 'role.json': json }), 'rbac-control-plane-only', 'blocker');
      assert.equal(textAt(json, finding.location.range), '"Microsoft.KeyVault/vaults/keys/read"');

      const fixed = applyFix(json, preferredEdit(finding, 'role.json'));
      const parsed = JSON.parse(fixed) as { DataActions: string[]; Actions: string[] };
      assert.deepEqual(parsed.DataActions, ['Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action', 'Microsoft.KeyVault/vaults/keys/read']);
      assert.deepEqual(parsed.Actions, ['Microsoft.KeyVault/vaults/keys/read']);
      assert.deepEqual(check({ 'role.json': fixed }), []);
    });

    it('accepts secrets/read beside getSecret', () => {
      assert.deepEqual(check({ 'role.json': role(['Microsoft.KeyVault/vaults/secrets/read'], ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action']) }), []);
    });
  });

  describe('vault settings', () => {
    const vault = (properties: string[]): string =>
      [
        "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {",
        "  name: 'kv-app-prod'",
        '  location: resourceGroup().location',
        '  properties: {',
        ...properties.map((line) => `    ${line}`),
        "    sku: { family: 'A', name: 'standard' }",
        '  }',
        '}',
        '',
      ].join('\n');

    it('warns about firewall rules with public access disabled', () => {
      const bicep = vault(['tenantId: subscription().tenantId', "publicNetworkAccess: 'Disabled'", 'networkAcls: {', "  defaultAction: 'Deny'", "  ipRules: [ { value: '203.0.113.10' } ]", '}']);
      const finding = single(check({ 'vault.bicep': bicep }), 'network-rules-ignored', 'warning');
      assert.equal(textAt(bicep, finding.location.range), "publicNetworkAccess: 'Disabled'");
      assert.equal(finding.preferredFix, undefined);

      const fixed = applyFix(bicep, finding.fixes[0]);
      assert.equal(parseWorkspaceFiles({ 'vault.bicep': fixed }).vaults[0].publicNetworkAccess?.value, 'Enabled');
      none(check({ 'vault.bicep': fixed }), 'network-rules-ignored');
    });

    it('notes a literal tenantId and offers the deployment tenant', () => {
      const bicep = vault([`tenantId: '${TENANT}'`]);
      const finding = single(check({ 'vault.bicep': bicep }), 'tenant-mismatch', 'info');
      const fixed = applyFix(bicep, preferredEdit(finding, 'vault.bicep'));
      assert.match(fixed, /tenantId: subscription\(\)\.tenantId/);
      none(check({ 'vault.bicep': fixed }), 'tenant-mismatch');
    });

    it('warns when the tenantId differs from the workloads', () => {
      const other = '81879623-5a0e-4506-a266-72b542755f83';
      const terraform = [
        'data "azurerm_client_config" "current" {}',
        '',
        'resource "azurerm_key_vault" "app" {',
        '  name                      = "kv-app-prod"',
        `  tenant_id                 = "${other}"`,
        '  sku_name                  = "standard"',
        '  rbac_authorization_enabled = true',
        '}',
        '',
      ].join('\n');
      const account = ACCOUNT.replace('  annotations:\n', `  annotations:\n    azure.workload.identity/tenant-id: "${TENANT}"\n`);
      const finding = single(check({ 'sa.yaml': account, 'main.tf': terraform }), 'tenant-mismatch', 'warning');
      assert.equal(finding.fixes.length, 2);

      const byExpression = applyFix(terraform, preferredEdit(finding, 'main.tf'));
      assert.match(byExpression, /tenant_id\s+= data\.azurerm_client_config\.current\.tenant_id/);
      none(check({ 'sa.yaml': account, 'main.tf': byExpression }), 'tenant-mismatch');

      const byLiteral = applyFix(terraform, finding.fixes[1]);
      assert.equal(parseWorkspaceFiles({ 'main.tf': byLiteral }).vaults[0].tenantId?.value, TENANT);
    });
  });
});
