/**
 * Entry point: builds the services and registers the views, commands and events. Nothing else
 * happens here; the Azure SDKs load on the first request, not at activation.
 */
import * as vscode from 'vscode';
import { diagnoseDenialCommand } from './ui/commands/denials';
import { diagnoseCommand, diagnoseIdentityCommand, type DiagnoseResult } from './ui/commands/diagnose';
import { explainErrorCommand } from './ui/commands/explain';
import { openSavedDiagnosis } from './ui/commands/openSaved';
import { registerCommand } from './ui/commands/register';
import { addVault, copyField, refresh, removeVault, selectSubscriptions, signIn } from './ui/commands/tree';
import { discoveryApi } from './ui/discovery';
import { createExtensionLog } from './ui/log';
import { modalConfirm } from './ui/report/confirm';
import { ReportPanel } from './ui/report/panel';
import type { Confirm, Services } from './ui/services';
import { AzureSession } from './ui/session';
import { affectsSignIn, affectsSubscriptions, authenticationMethod } from './ui/settings';
import { IdentityTreeProvider, VaultTreeProvider, syncContextKeys } from './ui/tree/providers';
import type { OnlineWorkspaceChecks } from './ui/workspace/onlineChecks';
import type { WorkspaceProblems } from './ui/workspace/problems';
import { registerWorkspaceChecks } from './ui/workspace/register';

/** The API `activate` returns: the trees and commands, for other extensions and extension-host tests. */
export interface KeyVaultDoctorApi {
  session: AzureSession;
  vaultTree: VaultTreeProvider;
  identityTree: IdentityTreeProvider;
  diagnose(argument: unknown): Promise<DiagnoseResult | undefined>;
  reports(): readonly ReportPanel[];
  /** The offline checks of the workspace's manifests and templates behind the Problems panel. */
  workspaceProblems: WorkspaceProblems;
  /** The signed-in checks of the workspace: federated credentials and vault access. */
  workspaceOnlineChecks: OnlineWorkspaceChecks;
  /** Settles after the first check of the whole workspace. */
  workspaceChecksStarted: Promise<void>;
  /** Present only when VS Code runs the extension for tests: replaces the Apply confirmation dialog. */
  setConfirmation?(confirm: Confirm): void;
}

export function activate(context: vscode.ExtensionContext): KeyVaultDoctorApi {
  const log = createExtensionLog();
  const version = String(context.extension.packageJSON.version ?? '0');
  const discovery = discoveryApi();
  const session = new AzureSession(discovery, log, context.globalState, `kv-doctor-vscode/${version}`);
  const services: Services = { extensionUri: context.extensionUri, log, session, discovery, confirm: modalConfirm };

  const vaultTree = new VaultTreeProvider(session, log);
  const identityTree = new IdentityTreeProvider(session);
  context.subscriptions.push(
    log.channel,
    session,
    vaultTree,
    identityTree,
    vscode.window.createTreeView('kvDoctor.vaults', { treeDataProvider: vaultTree, showCollapseAll: true }),
    vscode.window.createTreeView('kvDoctor.identities', { treeDataProvider: identityTree, showCollapseAll: true }),
    syncContextKeys(session, vaultTree, identityTree),
  );

  const commands: [string, (...args: unknown[]) => unknown][] = [
    ['kvDoctor.signIn', () => signIn(services)],
    ['kvDoctor.refresh', () => refresh(services)],
    ['kvDoctor.selectSubscriptions', () => selectSubscriptions(services)],
    ['kvDoctor.addVault', (argument) => addVault(services, argument)],
    ['kvDoctor.removeVault', (node) => removeVault(services, node)],
    ['kvDoctor.diagnose', (argument) => diagnoseCommand(services, argument)],
    ['kvDoctor.diagnoseIdentity', (node) => diagnoseIdentityCommand(services, node)],
    ['kvDoctor.diagnoseDenial', (node) => diagnoseDenialCommand(services, node)],
    ['kvDoctor.explainError', (argument) => explainErrorCommand(services, argument)],
    ['kvDoctor.openSavedDiagnosis', (argument) => openSavedDiagnosis(services, argument)],
    ['kvDoctor.copyId', (node) => copyField(node, 'id')],
    ['kvDoctor.copyClientId', (node) => copyField(node, 'clientId')],
    ['kvDoctor.copyPrincipalId', (node) => copyField(node, 'principalId')],
    ['kvDoctor.showLog', () => log.show()],
  ];
  for (const [id, handler] of commands) {
    context.subscriptions.push(registerCommand(id, handler, log));
  }

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsSignIn(event)) {
        log.info('Sign-in settings changed; signing in again.');
        void session.refresh(false);
      } else if (affectsSubscriptions(event)) {
        void session.applyFilter();
      }
    }),
    vscode.authentication.onDidChangeSessions((event) => {
      const microsoft = event.provider.id === 'microsoft' || event.provider.id === 'microsoft-sovereign-cloud';
      if (microsoft && authenticationMethod() === 'vscode') {
        void session.refresh(false);
      }
    }),
  );

  const workspaceChecks = registerWorkspaceChecks(context, services);

  log.info(`Key Vault Access Doctor ${version} activated (${vscode.env.appName}, ${vscode.version}).`);
  // A silent sign-in: it shows the trees when a session exists and never prompts.
  void session.refresh(false);

  const api: KeyVaultDoctorApi = {
    session,
    vaultTree,
    identityTree,
    diagnose: (argument) => diagnoseCommand(services, argument),
    reports: () => ReportPanel.all(),
    workspaceProblems: workspaceChecks.problems,
    workspaceOnlineChecks: workspaceChecks.online,
    workspaceChecksStarted: workspaceChecks.started,
  };
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    api.setConfirmation = (confirm) => {
      services.confirm = confirm;
    };
  }
  return api;
}

export function deactivate(): void {
  // Every disposable is in context.subscriptions; VS Code disposes them.
}
