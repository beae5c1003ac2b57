/**
 * The workspace checks in a real VS Code (code-server). Problems appear for manifests written to
 * the opened folder and follow edits as the user types. The preferred quick fix edits the file,
 * "Generate az fix" opens the command, and the code lens offers Diagnose 403. Signed in to the
 * sandbox, a principal id used as a client id is recognized among the listed identities, and the
 * signed-in checks read the identities' federated credentials and role assignments on the vault.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { KeyVaultDoctorApi } from '../../src/extension';
import { activateSignedIn, waitFor } from './support/host';
import { HEALTHY_IDENTITY, VIEWER_IDENTITY } from './support/workspaceIdentities';

const SOURCE = 'Key Vault Access Doctor';
const CLIENT_ID = '639238ce-6f81-48cd-a6bd-142e9fd6eb53';
const PRINCIPAL_ID = 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512';

/** A Deployment with the workload identity label on its own metadata instead of its pod template. */
const DEPLOYMENT = readFileSync(path.join(__dirname, '..', 'fixtures', 'manifests', 'checks', 'label-on-deployment.yaml'), 'utf8');

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

const ACCOUNT = (clientId: string, name = 'orders-reader'): string =>
  ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${name}`, '  namespace: orders', '  annotations:', `    azure.workload.identity/client-id: "${clientId}"`, ''].join('\n');

/** A SecretStore on the sandbox's vault that authenticates as the ServiceAccount `account`. */
const STORE_AS = (account: string): string => STORE.replace('name: kv-orders-prod\n  namespace', `name: store-${account}\n  namespace`).replace('name: orders-reader', `name: ${account}`);

/** The ExternalSecret that reads one value through the store of `account`. */
const EXTERNAL_SECRET = (account: string): string =>
  [
    'apiVersion: external-secrets.io/v1',
    'kind: ExternalSecret',
    'metadata:',
    `  name: secret-${account}`,
    '  namespace: orders',
    'spec:',
    '  secretStoreRef:',
    '    kind: SecretStore',
    `    name: store-${account}`,
    '  target:',
    `    name: secret-${account}`,
    '  data:',
    '    - secretKey: api-key',
    '      remoteRef:',
    '        key: orders-api-key',
    '',
  ].join('\n');

function ours(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE && (code === undefined || diagnostic.code === code));
}

describe('workspace checks in VS Code', function () {
  const folder = path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir(), 'check-files');
  let api: KeyVaultDoctorApi;

  function write(file: string, text: string): vscode.Uri {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    writeFileSync(path.join(folder, file), text);
    return vscode.Uri.file(path.join(folder, file));
  }

  before(async function () {
    this.timeout(90_000);
    api = await activateSignedIn();
    await api.workspaceChecksStarted;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  it('reports the label on the Deployment', async () => {
    const uri = write('deploy.yaml', DEPLOYMENT);
    const [diagnostic] = await waitFor('the wi-pod-not-labelled problem', () => ours(uri, 'wi-pod-not-labelled').length === 1 && ours(uri, 'wi-pod-not-labelled'));

    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character], [7, 4, 7, 39]);
    assert.match(diagnostic.message, /sits on the Deployment orders\/orders-api, not on its pod template/);
  });

  it('applies the preferred quick fix', async () => {
    const uri = write('deploy.yaml', DEPLOYMENT);
    const [diagnostic] = await waitFor('the problem', () => ours(uri, 'wi-pod-not-labelled').length === 1 && ours(uri, 'wi-pod-not-labelled'));
    const document = await vscode.workspace.openTextDocument(uri);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const preferred = actions.filter((action) => action.isPreferred);
    assert.equal(preferred.length, 1, actions.map((action) => action.title).join('; '));
    assert.match(preferred[0].title, /^Move the label azure\.workload\.identity\/use: "true" to the pod template/);
    assert.ok(actions.some((action) => action.title.startsWith('Generate kubectl fix:')), actions.map((action) => action.title).join('; '));

    assert.ok(preferred[0].edit);
    assert.ok(await vscode.workspace.applyEdit(preferred[0].edit));
    assert.equal(
      document.getText(),
      DEPLOYMENT.replace('    azure.workload.identity/use: "true"\n', '').replace('        app: orders-api\n    spec:', '        app: orders-api\n        azure.workload.identity/use: "true"\n    spec:'),
    );
    await waitFor('the problem to go away', () => ours(uri, 'wi-pod-not-labelled').length === 0);
    await document.save();
  });

  it('follows typing in the editor', async () => {
    const uri = write('store.yaml', STORE);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    assert.equal(ours(uri, 'wi-eso-no-service-account-ref').length, 0);

    // Deleting the two serviceAccountRef lines, as a user would, makes the store authenticate as the ESO controller.
    await editor.edit((builder) => builder.delete(new vscode.Range(10, 0, 12, 0)));
    const [diagnostic] = await waitFor('the store problem', () => ours(uri, 'wi-eso-no-service-account-ref').length === 1 && ours(uri, 'wi-eso-no-service-account-ref'));
    assert.equal(diagnostic.range.start.line, 8);

    await vscode.commands.executeCommand('undo');
    await waitFor('the store problem to go away', () => ours(uri, 'wi-eso-no-service-account-ref').length === 0);
  });

  it('offers Diagnose 403 on the store', async () => {
    const uri = write('store.yaml', STORE);
    write('account.yaml', ACCOUNT(CLIENT_ID));
    const lenses = await waitFor('the code lens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return found.some((lens) => lens.command?.arguments?.[0]?.clientId === CLIENT_ID) && found;
    });
    const lens = lenses.find((candidate) => candidate.command?.command === 'kvDoctor.diagnoseManifest');
    assert.ok(lens?.command);
    assert.equal(lens.command.title, 'Diagnose 403');
    assert.equal(lens.range.start.line, 0);
    assert.deepEqual(lens.command.arguments?.[0], {
      label: 'SecretStore orders/kv-orders-prod',
      location: { file: 'check-files/store.yaml', range: [0, 0, 0, 0] },
      vaultName: 'kv-orders-prod',
      clientId: CLIENT_ID,
      operations: ['secrets/get'],
      objects: [],
      client: 'external-secrets',
    });
  });

  it('opens the generated command in an editor', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('kvDoctor.generateFixCommand', {
      title: 'Assign Key Vault Secrets User',
      az: 'az role assignment create --assignee-object-id 11111111-1111-1111-1111-111111111111 --role 4633458b-17de-408a-b874-0445c86b69e6',
      note: 'Role assignments can take up to 10 minutes to apply.',
      target: 'document',
    });
    assert.ok(document);
    assert.equal(document.isUntitled, true);
    assert.match(document.getText(), /^# Assign Key Vault Secrets User\n# Role assignments can take/);
    assert.match(document.getText(), /az role assignment create --assignee-object-id 11111111/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('recognises a principal id among the listed identities', async () => {
    const uri = write('account.yaml', ACCOUNT(PRINCIPAL_ID));
    const [diagnostic] = await waitFor('the client id problem', () => ours(uri, 'wi-client-id-mismatch').length === 1 && ours(uri, 'wi-client-id-mismatch'));
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /is the principal id of id-orders-api/);

    const document = await vscode.workspace.openTextDocument(uri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix?.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), new RegExp(`client-id: "${CLIENT_ID}"`));
    await waitFor('the client id problem to go away', () => ours(uri, 'wi-client-id-mismatch').length === 0);
    await document.save();
    assert.ok(api.workspaceProblems.workload.serviceAccounts.some((account) => account.clientId?.value === CLIENT_ID));
  });

  describe('signed-in checks', () => {
    const codes = ['wi-fic-missing', 'rbac-missing-data-action', 'rbac-no-assignment'];

    /** Writes a workload's manifests and opens the ServiceAccount, which starts the signed-in checks. */
    async function openWorkload(name: string, clientId: string, account: string): Promise<vscode.Uri> {
      write(`${name}/store.yaml`, STORE_AS(account));
      write(`${name}/externalsecret.yaml`, EXTERNAL_SECRET(account));
      const uri = write(`${name}/account.yaml`, ACCOUNT(clientId, account));
      await waitFor('the workload facts', () => api.workspaceProblems.workload.secretStores.some((store) => store.name === `store-${account}`) && api.workspaceProblems.workload.externalSecrets.some((secret) => secret.name === `secret-${account}`));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      return uri;
    }

    it('reports a missing federated credential', async () => {
      const uri = await openWorkload('fic-missing', VIEWER_IDENTITY.clientId, 'orders-stranger');
      const [diagnostic] = await waitFor('the wi-fic-missing problem', () => ours(uri, 'wi-fic-missing').length === 1 && ours(uri, 'wi-fic-missing'), 60_000);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(diagnostic.range.start.line, 6);
      assert.match(diagnostic.message, /id-orders-viewer has no federated credential for system:serviceaccount:orders:orders-stranger/);

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const generate = actions.find((action) => action.title.startsWith('Generate az fix: Create a federated credential'));
      assert.ok(generate?.command, actions.map((action) => action.title).join('; '));
      const argument = generate.command.arguments?.[0] as { az: string };
      assert.match(argument.az, /az identity federated-credential create/);
      assert.match(argument.az, /system:serviceaccount:orders:orders-stranger/);
    });

    it('reports Key Vault Reader as missing the data action', async () => {
      const uri = await openWorkload('reader-only', VIEWER_IDENTITY.clientId, VIEWER_IDENTITY.serviceAccount);
      const [diagnostic] = await waitFor('the rbac-missing-data-action problem', () => ours(uri, 'rbac-missing-data-action').length === 1 && ours(uri, 'rbac-missing-data-action'), 90_000);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(diagnostic.range.start.line, 6);
      assert.equal(ours(uri, 'wi-fic-missing').length, 0);

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const generate = actions.find((action) => action.title.startsWith('Generate az fix:'));
      assert.ok(generate?.command, actions.map((action) => action.title).join('; '));
      const argument = generate.command.arguments?.[0] as { az: string };
      assert.match(argument.az, new RegExp(`--assignee-object-id ${VIEWER_IDENTITY.principalId}`));
      assert.match(argument.az, /--role 4633458b-17de-408a-b874-0445c86b69e6/);
    });

    it('hides them when the setting is off', async () => {
      const uri = await openWorkload('reader-only', VIEWER_IDENTITY.clientId, VIEWER_IDENTITY.serviceAccount);
      await waitFor('the rbac-missing-data-action problem', () => ours(uri, 'rbac-missing-data-action').length === 1, 90_000);
      const settings = vscode.workspace.getConfiguration('kvDoctor');
      try {
        await settings.update('workspace.onlineChecks', false, vscode.ConfigurationTarget.Global);
        await waitFor('the problem to go away', () => ours(uri, 'rbac-missing-data-action').length === 0);
        assert.equal(ours(uri, 'wi-fic-missing').length, 0);
      } finally {
        await settings.update('workspace.onlineChecks', undefined, vscode.ConfigurationTarget.Global);
      }
      await waitFor('the problem to return', () => ours(uri, 'rbac-missing-data-action').length === 1);
    });

    it('reports nothing for a healthy workload', async () => {
      const uri = await openWorkload('healthy', HEALTHY_IDENTITY.clientId, HEALTHY_IDENTITY.serviceAccount);
      const result = await waitFor('the access read of the healthy workload', () => api.workspaceOnlineChecks.accessResult(`SecretStore orders/store-${HEALTHY_IDENTITY.serviceAccount}`), 90_000);
      assert.equal(result, 'read');
      // The federated credentials are read before the access, so both results are in.
      api.workspaceProblems.checkNow();
      for (const code of codes) assert.equal(ours(uri, code).length, 0, code);
    });
  });
});
