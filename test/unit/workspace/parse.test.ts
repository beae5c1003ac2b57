import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceRange } from '../../../src/diagnosis/workload';
import { parseWorkspaceFiles } from '../../../src/workspace/parse';
import { readWorkspaceDir } from '../../../src/workspace/readDir';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'manifests', 'parser');
const files = readWorkspaceDir(FIXTURES);
const facts = parseWorkspaceFiles(files);

/** The text a zero-based range covers in a fixture file. */
function textAt(file: string, range: SourceRange | undefined): string {
  assert.ok(range, `no range in ${file}`);
  const lines = fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n');
  const offset = (line: number, column: number): number => lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0) + column;
  return lines.join('\n').slice(offset(range[0], range[1]), offset(range[2], range[3]));
}

describe('parseWorkspaceFiles', () => {
  it('lists the files it read, sorted', () => {
    assert.deepEqual(facts.files, ['external-secrets.yaml', 'identity.bicep', 'main.tf', 'role-definition.json', 'secretproviderclass.yaml', 'template.json', 'workloads.yaml']);
  });

  describe('ServiceAccount', () => {
    const account = facts.serviceAccounts.find((candidate) => candidate.name === 'orders-api');

    it('reads the annotations with their ranges', () => {
      assert.equal(account?.namespace, 'orders');
      assert.equal(account?.clientId?.value, '639238ce-6f81-48cd-a6bd-142e9fd6eb53');
      assert.equal(textAt('workloads.yaml', account?.clientId?.range), '"639238ce-6f81-48cd-a6bd-142e9fd6eb53"');
      assert.equal(textAt('workloads.yaml', account?.clientId?.pairRange), 'azure.workload.identity/client-id: "639238ce-6f81-48cd-a6bd-142e9fd6eb53"');
      assert.equal(account?.clientId?.quote, '"');
      assert.equal(account?.tenantId?.value, '414971c0-e638-41d4-a02f-ff6a9c84845d');
      assert.equal(account?.tenantId?.quote, undefined);
    });

    it('records the label on the service account', () => {
      assert.equal(account?.useLabel?.value, 'true');
    });

    it('covers the document with the source range', () => {
      assert.ok(textAt('workloads.yaml', account?.source.range).startsWith('apiVersion: v1\nkind: ServiceAccount'));
    });

    it('reads objects inside a List', () => {
      const listed = facts.serviceAccounts.find((candidate) => candidate.name === 'from-list');

      assert.equal(listed?.namespace, 'default');
    });
  });

  describe('pod templates', () => {
    const deployment = facts.podTemplates.find((template) => template.kind === 'Deployment');
    const cronJob = facts.podTemplates.find((template) => template.kind === 'CronJob');
    const pod = facts.podTemplates.find((template) => template.kind === 'Pod');
    const statefulSet = facts.podTemplates.find((template) => template.kind === 'StatefulSet');

    it('tells the label on the Deployment from the pod template', () => {
      assert.equal(deployment?.podUseLabel, undefined);
      assert.equal(textAt('workloads.yaml', deployment?.controllerUseLabel?.pairRange), 'azure.workload.identity/use: "true"');
      assert.equal(deployment?.controllerUseLabel?.range[0], 19);
    });

    it('marks the pod template labels for insertion', () => {
      assert.equal(deployment?.podLabelsTarget, 'labels');
      assert.equal(textAt('workloads.yaml', deployment?.podLabelsRange), 'app: orders-api\n');
      assert.equal(deployment?.podLabelsRange?.[1], 8);
    });

    it('reads the service account and identity env vars', () => {
      assert.equal(deployment?.serviceAccountName, 'orders-api');
      assert.equal(textAt('workloads.yaml', deployment?.serviceAccountRange), 'orders-api');
      assert.deepEqual(
        deployment?.env.map((variable) => [variable.name, variable.value]),
        [['AZURE_CLIENT_ID', '639238ce-6f81-48cd-a6bd-142e9fd6eb53']],
      );
    });

    it('reads the CronJob pod template under jobTemplate', () => {
      assert.equal(cronJob?.namespace, 'default');
      assert.equal(cronJob?.serviceAccountName, 'orders-report');
      assert.equal(cronJob?.podUseLabel?.value, 'true');
      assert.equal(textAt('workloads.yaml', cronJob?.podUseLabel?.range), '"true"');
    });

    it('gives a flow-style label map no insertion point', () => {
      assert.equal(pod?.serviceAccountName, 'default');
      assert.equal(pod?.podLabelsRange, undefined);
    });

    it('falls back to the template metadata when it has no labels', () => {
      assert.equal(statefulSet?.podLabelsTarget, 'metadata');
      assert.equal(textAt('secretproviderclass.yaml', statefulSet?.podLabelsRange), 'name: orders-db\n');
    });

    it('lists the SecretProviderClass a pod mounts', () => {
      assert.deepEqual(statefulSet?.secretProviderClassNames, ['orders-kv']);
    });
  });

  describe('documents that cannot be read', () => {
    it('records Helm syntax and goes on', () => {
      const helm = facts.errors.find((error) => error.message.includes('Helm'));

      assert.equal(helm?.file, 'workloads.yaml');
      assert.equal(fs.readFileSync(path.join(FIXTURES, 'workloads.yaml'), 'utf8').split('\n')[helm?.line ?? -1], 'apiVersion: apps/v1');
      assert.equal(facts.podTemplates.filter((template) => template.source.file === 'workloads.yaml').length, 3);
    });

    it('records invalid YAML with its line', () => {
      const invalid = facts.errors.find((error) => error.message.startsWith('Invalid YAML'));

      assert.equal(invalid?.file, 'workloads.yaml');
      // The yaml package reports an unclosed flow sequence where the document ends.
      const lines = fs.readFileSync(path.join(FIXTURES, 'workloads.yaml'), 'utf8').split('\n');
      const documentStart = lines.indexOf('  name: broken');
      assert.ok((invalid?.line ?? -1) > documentStart, String(invalid?.line));
      assert.ok((invalid?.line ?? Infinity) <= lines.indexOf('---', documentStart), String(invalid?.line));
      assert.equal(facts.serviceAccounts.some((account) => account.name === 'broken'), false);
    });

    it('never throws on odd input', () => {
      const odd = parseWorkspaceFiles({
        'a.yaml': ':\n  - [',
        'b.json': '{ "resources": [ "Microsoft.KeyVault/vaults" ',
        'c.bicep': "resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {\n  name: 'x'\n",
        'd.tf': 'resource "azurerm_key_vault" "x" {',
        'e.yaml': '',
        'f.md': '# ignored',
        'g.yaml': '--- \n{{ include "x" . }}\n',
      });

      assert.deepEqual(odd.files, ['a.yaml', 'b.json', 'c.bicep', 'd.tf', 'e.yaml', 'g.yaml']);
      assert.deepEqual(odd.errors.map((error) => error.file), ['a.yaml', 'b.json', 'c.bicep', 'd.tf', 'g.yaml']);
    });

    it('normalises Windows paths', () => {
      const parsed = parseWorkspaceFiles({ 'k8s\\sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n' });

      assert.equal(parsed.serviceAccounts[0].source.file, 'k8s/sa.yaml');
    });
  });

  describe('SecretProviderClass', () => {
    const providerClass = facts.secretProviderClasses[0];

    it('reads the identity mode and vault', () => {
      assert.equal(providerClass.provider, 'azure');
      assert.equal(providerClass.keyvaultName?.value, 'kv-orders-prod');
      assert.equal(textAt('secretproviderclass.yaml', providerClass.clientID?.pairRange), 'clientID: "639238ce-6f81-48cd-a6bd-142e9fd6eb53"');
      assert.equal(providerClass.tenantId?.value, '414971c0-e638-41d4-a02f-ff6a9c84845d');
      assert.equal(providerClass.useVMManagedIdentity, undefined);
    });

    it('parses the objects array of YAML strings', () => {
      assert.deepEqual(providerClass.objects, [
        { objectName: 'orders-db-password', objectType: 'secret' },
        { objectName: 'orders-signing', objectType: 'key', objectVersion: '0a1b2c', objectVersionHistory: 3 },
      ]);
    });

    it('reports objects that are not YAML', () => {
      const parsed = parseWorkspaceFiles({
        'spc.yaml': 'kind: SecretProviderClass\nmetadata:\n  name: x\nspec:\n  provider: azure\n  parameters:\n    objects: "array: [unclosed"\n',
      });

      assert.equal(parsed.secretProviderClasses[0].objects.length, 0);
      assert.equal(parsed.errors[0].line, 6);
      assert.match(parsed.errors[0].message, /parameters\.objects/);
    });
  });

  describe('External Secrets', () => {
    it('reads an azurekv store with its reference', () => {
      const store = facts.secretStores[0];

      assert.equal(facts.secretStores.length, 1, 'the vault provider store is ignored');
      assert.equal(store.kind, 'ClusterSecretStore');
      assert.equal(store.namespace, '');
      assert.equal(store.authType?.value, 'WorkloadIdentity');
      assert.equal(store.vaultUrl?.value, 'https://kv-shared.vault.azure.net');
      assert.deepEqual({ name: store.serviceAccountRef?.name, namespace: store.serviceAccountRef?.namespace }, { name: 'eso-reader', namespace: 'platform' });
      assert.equal(textAt('external-secrets.yaml', store.providerRange).split('\n')[0], 'authType: WorkloadIdentity');
    });

    it('reads gets and lists of an ExternalSecret', () => {
      const secret = facts.externalSecrets.find((candidate) => candidate.kind === 'ExternalSecret');

      assert.deepEqual(secret?.storeRef, { name: 'shared-kv', kind: 'ClusterSecretStore' });
      assert.deepEqual(secret?.gets, ['orders-db-password', 'orders-settings']);
      assert.equal(secret?.lists, true);
      assert.equal(secret?.pushes, false);
    });

    it('reads one PushSecret fact per store', () => {
      const pushes = facts.externalSecrets.filter((candidate) => candidate.kind === 'PushSecret');

      assert.deepEqual(
        pushes.map((push) => push.storeRef),
        [
          { name: 'shared-kv', kind: 'ClusterSecretStore' },
          { name: 'orders-local', kind: 'SecretStore' },
        ],
      );
      assert.deepEqual(pushes[0].gets, ['orders-token']);
      assert.equal(pushes[0].pushes, true);
    });
  });

  describe('infrastructure as code', () => {
    it('reads an ARM template vault', () => {
      const vault = facts.vaults.find((candidate) => candidate.source.file === 'template.json');

      assert.equal(vault?.name, 'kv-orders-prod');
      assert.equal(vault?.enableRbacAuthorization?.value, 'false');
      assert.equal(vault?.publicNetworkAccess?.value, 'Disabled');
      assert.equal(vault?.hasFirewallRules, true);
      assert.equal(textAt('template.json', vault?.accessPolicyObjectIds[0].range), '"fa179698-8ad5-4c3a-aa6b-a2d94bd23512"');
    });

    it('reads nested role assignments of a template', () => {
      const assignment = facts.roleAssignments.find((candidate) => candidate.source.file === 'template.json');

      assert.equal(assignment?.principalId?.value, 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512');
      assert.match(assignment?.roleDefinition?.value ?? '', /4633458b-17de-408a-b874-0445c86b69e6/);
    });

    it('reads federated credentials from all three languages', () => {
      const bySource = Object.fromEntries(facts.federatedCredentials.map((credential) => [credential.source.file, credential]));

      assert.equal(bySource['template.json'].subject?.value, 'system:serviceaccount:orders:orders-api');
      assert.equal(bySource['main.tf'].issuer?.value?.endsWith('/'), false);
      assert.deepEqual(bySource['main.tf'].audiences, ['api://AzureADTokenExchange']);
      assert.equal(bySource['identity.bicep'].issuer?.value?.endsWith('/'), true, 'the parameter default is resolved');
      assert.equal(textAt('identity.bicep', bySource['identity.bicep'].issuer?.range), 'clusterIssuer');
      assert.equal(textAt('identity.bicep', bySource['identity.bicep'].subject?.range), "'system:serviceaccount:orders:orders-api'");
    });

    it('reads a Terraform vault without mixing in access policy keys', () => {
      const vault = facts.vaults.find((candidate) => candidate.source.file === 'main.tf');

      assert.equal(vault?.tenantId?.value, '414971c0-e638-41d4-a02f-ff6a9c84845d');
      assert.equal(vault?.enableRbacAuthorization?.value, 'true');
      assert.equal(vault?.publicNetworkAccess?.value, 'Disabled');
      assert.equal(textAt('main.tf', vault?.publicNetworkAccess?.range), 'false');
      assert.equal(vault?.hasFirewallRules, true);
      assert.deepEqual(vault?.accessPolicyObjectIds.map((id) => id.value), ['fa179698-8ad5-4c3a-aa6b-a2d94bd23512']);
    });

    it('reads Terraform and Bicep role assignments', () => {
      const terraform = facts.roleAssignments.find((candidate) => candidate.source.file === 'main.tf');
      const bicep = facts.roleAssignments.find((candidate) => candidate.source.file === 'identity.bicep');

      assert.equal(terraform?.roleDefinition?.value, 'Key Vault Secrets User');
      assert.equal(terraform?.scope?.value, 'azurerm_key_vault.orders.id');
      assert.equal(bicep?.principalId?.value, 'identity.properties.principalId');
      assert.equal(bicep?.scope?.value, 'vault');
    });

    it('skips existing Bicep resources', () => {
      assert.equal(facts.vaults.some((vault) => vault.source.file === 'identity.bicep'), false);
    });

    it('reads a role definition with its action ranges', () => {
      const role = facts.roleDefinitions[0];

      assert.equal(role.roleName, 'Orders Secret Reader');
      assert.deepEqual(role.actions.map((action) => action.value), ['Microsoft.KeyVault/vaults/secrets/read']);
      assert.equal(textAt('role-definition.json', role.actions[0].range), '"Microsoft.KeyVault/vaults/secrets/read"');
      assert.deepEqual(role.dataActions.map((action) => action.value), ['Microsoft.KeyVault/vaults/secrets/getSecret/action']);
    });
  });
});
