/**
 * The extension in a real VS Code (code-server), signed in to a local sandbox seeded with a shared
 * case: External Secrets lists and reads a vault with a workload identity that holds only Key
 * Vault Reader.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { KeyVaultDoctorApi } from '../../src/extension';
import type { DiagnoseResult } from '../../src/ui/commands/diagnose';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { readCase } from './support/sandboxEnvironment';
import { activateSignedIn, injectFault, requiredEnv, sandboxState, waitFor } from './support/host';

const scenario = readCase(requiredEnv('KVD_TEST_CASE_FILE'));
const question = scenario.question;
const SECRETS_USER_ROLE = '4633458b-17de-408a-b874-0445c86b69e6';
const IDENTITY_PRINCIPAL = 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512';

function diagnoseArguments(showReport: boolean) {
  return {
    vaultId: question.vault,
    caller: question.caller,
    operations: question.operations,
    objects: question.objects,
    client: question.client,
    observedError: question.observedError,
    from: { subnetId: question.from?.subnetId, clusterId: question.from?.cluster },
    showReport,
  };
}

function labelOf(api: KeyVaultDoctorApi, node: TreeNode, tree: 'vault' | 'identity'): string {
  const item = (tree === 'vault' ? api.vaultTree : api.identityTree).getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

function roleFixId(result: DiagnoseResult): string {
  for (const [findingIndex, finding] of result.output.findings.entries()) {
    for (const [fixIndex, fix] of finding.fixes.entries()) {
      if (fix.arm?.some((write) => JSON.stringify(write.body ?? {}).includes(SECRETS_USER_ROLE))) {
        return `${findingIndex}.${fixIndex}`;
      }
    }
  }
  throw new Error(`No fix writes a Key Vault Secrets User assignment: ${JSON.stringify(result.output.findings.map((f) => f.code))}`);
}

describe('Key Vault Access Doctor in VS Code', function () {
  let api: KeyVaultDoctorApi;

  // The case's manifests go into the opened workspace (git ignores the folder), because the
  // identity checks read the workload's service account from them.
  const manifestsDir = path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir(), 'case-files');

  before(async function () {
    this.timeout(90_000);
    for (const [file, text] of Object.entries(scenario.workspace?.files ?? {})) {
      mkdirSync(path.dirname(path.join(manifestsDir, file)), { recursive: true });
      writeFileSync(path.join(manifestsDir, file), text);
    }
    api = await activateSignedIn();
  });

  after(() => {
    rmSync(manifestsDir, { recursive: true, force: true });
  });

  it('lists sandbox vaults by subscription', () => {
    const roots = api.vaultTree.getChildren();
    const subscription = roots.find((node) => node.kind === 'subscription');
    assert.ok(subscription, `no subscription node in ${JSON.stringify(roots)}`);
    assert.equal(labelOf(api, subscription, 'vault'), 'Contoso Production');

    const vaults = api.vaultTree.getChildren(subscription);
    const vault = vaults.find((node) => node.kind === 'vault' && node.vault.id.toLowerCase() === question.vault.toLowerCase());
    assert.ok(vault, `kv-orders-prod missing from ${vaults.map((node) => labelOf(api, node, 'vault')).join(', ')}`);
    const item = api.vaultTree.getTreeItem(vault);
    assert.equal(item.description, 'RBAC · public access disabled');
    assert.equal(item.contextValue, 'vault');
  });

  it('lists sandbox identities with ids', () => {
    const subscription = api.identityTree.getChildren().find((node) => node.kind === 'subscription');
    assert.ok(subscription);
    const identity = api.identityTree.getChildren(subscription).find((node) => node.kind === 'identity' && node.identity.name === 'id-orders-api');
    assert.ok(identity);
    assert.ok(identity.kind === 'identity');
    assert.equal(identity.identity.clientId, '639238ce-6f81-48cd-a6bd-142e9fd6eb53');
    assert.equal(identity.identity.principalId, IDENTITY_PRINCIPAL);

    const text = String(api.identityTree.getTreeItem(identity).tooltip);
    assert.ok(text.includes('639238ce-6f81-48cd-a6bd-142e9fd6eb53'), text);
    assert.ok(text.includes(IDENTITY_PRINCIPAL), text);
  });

  it('copies an identity client id', async () => {
    const subscription = api.identityTree.getChildren().find((node) => node.kind === 'subscription');
    assert.ok(subscription);
    const identity = api.identityTree.getChildren(subscription).find((node) => node.kind === 'identity');
    await vscode.commands.executeCommand('kvDoctor.copyClientId', identity);
    assert.equal(await vscode.env.clipboard.readText(), identity?.kind === 'identity' ? identity.identity.clientId : '');
  });

  it('diagnoses the case as expected', async () => {
    const result = await vscode.commands.executeCommand<DiagnoseResult>('kvDoctor.diagnose', diagnoseArguments(false));
    assert.ok(result, 'the command returned no result; see the log');
    assert.equal(result.diagnosis.verdict, scenario.expect.verdict);
    assert.deepEqual(
      result.facts.workload?.serviceAccounts.map((account) => `${account.namespace}/${account.name}`),
      ['orders/orders-secrets-reader'],
    );

    const blockers: string[] = result.diagnosis.findings.filter((finding) => finding.severity === 'blocker').map((finding) => finding.code);
    for (const code of scenario.expect.blockers ?? []) {
      assert.ok(blockers.includes(code), `expected blocker ${code}, got ${blockers.join(', ')}`);
    }
    for (const code of scenario.expect.absent ?? []) {
      const found = result.diagnosis.findings.find((finding) => finding.code === code && (finding.severity === 'blocker' || finding.severity === 'warning'));
      assert.equal(found, undefined, `${code} must not be a blocker or warning`);
    }
  });

  it('rejects invalid arguments without a request', async () => {
    const before = (await sandboxState()).log.length;
    await assert.rejects(api.diagnose({ ...diagnoseArguments(false), vaultId: 'kv-orders-prod' }), /Invalid "vaultId"/);
    assert.equal((await sandboxState()).log.length, before);
  });

  it('opens the report in a webview tab', async () => {
    const result = await vscode.commands.executeCommand<DiagnoseResult>('kvDoctor.diagnose', diagnoseArguments(true));
    assert.ok(result?.panel);
    const tab = await waitFor('the report tab', () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find((candidate) => candidate.input instanceof vscode.TabInputWebview && candidate.label === '403 diagnosis: kv-orders-prod'),
    );
    assert.ok(tab);
    result.panel.dispose();
  });

  it('writes nothing when Apply is declined', async () => {
    const result = await api.diagnose(diagnoseArguments(true));
    assert.ok(result?.panel);
    const before = await sandboxState();
    api.setConfirmation?.(async () => false);

    const applied = await result.panel.applyFix(roleFixId(result));
    assert.equal(applied, false);
    const after = await sandboxState();
    assert.equal(after.roleAssignments.length, before.roleAssignments.length);
    assert.equal(after.log.filter((record) => record.method !== 'GET').length, before.log.filter((record) => record.method !== 'GET').length);
    result.panel.dispose();
  });

  it('names the missing role on 403', async () => {
    const result = await api.diagnose(diagnoseArguments(true));
    assert.ok(result?.panel);
    const before = await sandboxState();
    api.setConfirmation?.(async () => true);
    await injectFault({ method: 'PUT', path: '**/providers/Microsoft.Authorization/roleAssignments/*', times: 1, fault: { kind: 'forbidden' } });

    await assert.rejects(result.panel.applyFix(roleFixId(result)), (error: Error) => {
      assert.match(error.message, /403/);
      assert.match(error.message, /Owner, User Access Administrator, Role Based Access Control Administrator or Key Vault Data Access Administrator/);
      return true;
    });
    assert.equal((await sandboxState()).roleAssignments.length, before.roleAssignments.length);
    assert.equal(result.panel.current.diagnosis.verdict, 'blocked');
    result.panel.dispose();
  });

  it('applies one role assignment then should-work', async function () {
    this.timeout(90_000);
    const result = await api.diagnose(diagnoseArguments(true));
    assert.ok(result?.panel);
    const before = await sandboxState();

    const confirmations: { message: string; detail: string }[] = [];
    api.setConfirmation?.(async (message, detail) => {
      confirmations.push({ message, detail });
      return true;
    });
    const applied = await result.panel.applyFix(roleFixId(result));
    assert.equal(applied, true);

    assert.equal(confirmations.length, 1);
    const detail = confirmations[0].detail;
    assert.match(detail, /^1\. /);
    assert.match(detail, /PUT \/subscriptions\/.+\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}\?api-version=/);
    assert.ok(detail.includes(SECRETS_USER_ROLE), detail);
    assert.ok(detail.includes(IDENTITY_PRINCIPAL), detail);

    const after = await sandboxState();
    const writes = after.log.slice(before.log.length).filter((record) => record.method !== 'GET' && record.method !== 'POST');
    assert.deepEqual(
      writes.map((record) => record.method),
      ['PUT'],
      `expected exactly one write, got ${JSON.stringify(writes)}`,
    );
    assert.match(writes[0].path, /\/providers\/Microsoft\.Authorization\/roleAssignments\//i);
    assert.equal(after.roleAssignments.length, before.roleAssignments.length + 1);

    const added = after.roleAssignments.find((assignment) => !before.roleAssignments.some((old) => old.id === assignment.id));
    assert.ok(added);
    assert.equal(added.properties.principalId, IDENTITY_PRINCIPAL);
    assert.ok(added.properties.roleDefinitionId.endsWith(SECRETS_USER_ROLE));
    assert.equal(added.properties.scope.toLowerCase(), question.vault.toLowerCase());

    assert.equal(result.panel.current.diagnosis.verdict, 'should-work');
    result.panel.dispose();
  });

  it('exports the report as Markdown', async () => {
    const result = await api.diagnose(diagnoseArguments(true));
    assert.ok(result?.panel);
    await result.panel.exportMarkdown();

    const editor = await waitFor('the Markdown editor', () => vscode.window.activeTextEditor?.document.languageId === 'markdown' && vscode.window.activeTextEditor);
    const text = editor.document.getText();
    assert.match(text, /\*\*Verdict:\*\* SHOULD WORK/);
    assert.ok(text.includes('kv-orders-prod'), text.slice(0, 400));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    result.panel.dispose();
  });

  it('explains a pasted error', async () => {
    const markdown = await vscode.commands.executeCommand<string>('kvDoctor.explainError', question.observedError);
    assert.ok(markdown, 'the command returned no page; see the log');
    assert.ok(markdown.includes(IDENTITY_PRINCIPAL), markdown);
    assert.ok(markdown.includes('Microsoft.KeyVault/vaults/secrets/getSecret/action'), markdown);
    // The previous test's Markdown export may still be the active editor for a moment, so wait for this page's text.
    const isExplanation = (editor: vscode.TextEditor | undefined): boolean => editor?.document.languageId === 'markdown' && editor.document.getText() === markdown;
    const editor = await waitFor('the explanation editor', () => isExplanation(vscode.window.activeTextEditor) && vscode.window.activeTextEditor);
    assert.equal(editor.document.getText(), markdown);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('adds and removes a vault by id', async () => {
    const added = await vscode.commands.executeCommand<string>('kvDoctor.addVault', question.vault);
    assert.equal(added?.toLowerCase(), question.vault.toLowerCase());

    const group = api.vaultTree.getChildren().find((node) => node.kind === 'addedVaults');
    assert.ok(group, 'no "Added vaults" group');
    const [vault] = api.vaultTree.getChildren(group);
    assert.ok(vault);
    assert.equal(api.vaultTree.getTreeItem(vault).contextValue, 'vault added');

    await vscode.commands.executeCommand('kvDoctor.removeVault', vault);
    assert.equal(api.session.addedVaults.length, 0);
    assert.equal(api.vaultTree.getChildren().find((node) => node.kind === 'addedVaults'), undefined);
  });

  it('replays saved facts offline', async () => {
    const result = await api.diagnose(diagnoseArguments(false));
    assert.ok(result);
    const folder = mkdtempSync(path.join(os.tmpdir(), 'kvd-facts-'));
    const file = path.join(folder, 'facts.json');
    writeFileSync(file, JSON.stringify(result.facts));

    const replayed = await vscode.commands.executeCommand<DiagnoseResult>('kvDoctor.openSavedDiagnosis', vscode.Uri.file(file));
    assert.ok(replayed?.panel);
    assert.equal(replayed.diagnosis.verdict, result.diagnosis.verdict);
    assert.deepEqual(
      replayed.diagnosis.findings.map((finding) => `${finding.severity}:${finding.code}`),
      result.diagnosis.findings.map((finding) => `${finding.severity}:${finding.code}`),
    );
    replayed.panel.dispose();
  });
});
