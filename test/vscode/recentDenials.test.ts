/**
 * Recent denials from the vault's audit log in a real VS Code. The Key Vaults view lists them
 * under the vault, and their Diagnose action starts a diagnosis for the logged caller and
 * operation. A diagnosis without a pasted error carries them to its report.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KeyVaultDoctorApi } from '../../src/extension';
import type { DiagnoseResult } from '../../src/ui/commands/diagnose';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { activateSignedIn, requiredEnv, waitFor } from './support/host';
import { readCase } from './support/sandboxEnvironment';

const scenario = readCase(requiredEnv('KVD_TEST_CASE_FILE'));
const question = scenario.question;
const IDENTITY_PRINCIPAL = 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512';

function itemOf(api: KeyVaultDoctorApi, node: TreeNode): vscode.TreeItem {
  return api.vaultTree.getTreeItem(node);
}

function labelOf(api: KeyVaultDoctorApi, node: TreeNode): string {
  const label = itemOf(api, node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** Finds the case's vault in the Key Vaults view and the "Recent denials" folder under it. */
function recentDenialsNode(api: KeyVaultDoctorApi): TreeNode {
  const subscription = api.vaultTree.getChildren().find((node) => node.kind === 'subscription');
  assert.ok(subscription, 'no subscription node');
  const vault = api.vaultTree.getChildren(subscription).find((node) => node.kind === 'vault' && node.vault.id.toLowerCase() === question.vault.toLowerCase());
  assert.ok(vault, 'the case vault is not listed');
  assert.equal(itemOf(api, vault).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

  const [folder] = api.vaultTree.getChildren(vault);
  assert.ok(folder?.kind === 'recentDenials', JSON.stringify(folder));
  return folder;
}

describe('recent denials in VS Code', function () {
  let api: KeyVaultDoctorApi;

  before(async function () {
    this.timeout(90_000);
    api = await activateSignedIn();
  });

  it('lists logged denials under the vault', async () => {
    const folder = recentDenialsNode(api);
    assert.equal(labelOf(api, folder), 'Recent denials');

    await api.vaultTree.loadRecentDenials(question.vault);
    const rows = await waitFor('the denial rows', () => {
      const children = api.vaultTree.getChildren(folder);
      return children.some((node) => node.kind === 'denial') && children;
    });
    const denial = rows.find((node) => node.kind === 'denial');
    assert.ok(denial);

    const item = itemOf(api, denial);
    assert.equal(labelOf(api, denial), '2× SecretGet (secrets/get)');
    assert.match(String(item.description), /ForbiddenByRbac/);
    assert.match(String(item.description), new RegExp(IDENTITY_PRINCIPAL));
    assert.match(String(item.tooltip), /10\.40\.0\.12/);
    assert.equal(item.contextValue, 'denial');
  });

  it('diagnoses the logged caller and operation', async () => {
    const folder = recentDenialsNode(api);
    await api.vaultTree.loadRecentDenials(question.vault);
    const denial = api.vaultTree.getChildren(folder).find((node) => node.kind === 'denial');
    assert.ok(denial);

    const result = await vscode.commands.executeCommand<DiagnoseResult>('kvDoctor.diagnoseDenial', denial);
    assert.ok(result, 'the command returned no result; see the log');
    assert.deepEqual(result.facts.request.caller, { objectId: IDENTITY_PRINCIPAL });
    assert.deepEqual(result.facts.request.operations, ['secrets/get']);
    assert.deepEqual(result.facts.request.objects, ['secrets/orders-api-key']);
    assert.equal(result.diagnosis.principalId, IDENTITY_PRINCIPAL);
    result.panel?.dispose();
  });

  it('carries the denials into a diagnosis without a pasted error', async () => {
    const result = await api.diagnose({
      vaultId: question.vault,
      caller: question.caller,
      operations: question.operations,
      objects: question.objects,
      client: question.client,
      showReport: true,
    });
    assert.ok(result?.panel);

    const denials = result.diagnosis.recentDenials;
    assert.ok(denials, 'the diagnosis has no recent denials');
    assert.equal(denials.table, 'AZKVAuditLogs');
    assert.equal(denials.groups.length, 1);
    assert.equal(denials.groups[0]?.callerObjectId, IDENTITY_PRINCIPAL);
    assert.equal(denials.groups[0]?.count, 2);

    // The logged caller is the diagnosed identity, so the caller comparison passes.
    const mismatch = result.diagnosis.findings.find((finding) => finding.code === 'caller-mismatch');
    assert.equal(mismatch?.severity, 'ok');
    assert.ok(result.output.findings.length > 0);
    result.panel.dispose();
  });
});
