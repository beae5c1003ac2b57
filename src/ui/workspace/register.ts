/**
 * Wires the workspace checks into VS Code: the Problems panel, the quick fixes, the code lenses
 * and their two commands, the cross-check with the identities of the signed-in session, and the
 * signed-in checks of federated credentials and vault access.
 */
import * as vscode from 'vscode';
import { checkListedIdentities } from '../../workspace/checks/listedIdentities';
import { registerCommand } from '../commands/register';
import type { Services } from '../services';
import { DIAGNOSE_MANIFEST_COMMAND, diagnoseManifest, WorkloadCodeLenses } from './codeLens';
import { OnlineWorkspaceChecks } from './onlineChecks';
import { WorkspaceProblems } from './problems';
import { GENERATE_FIX_COMMAND, generateFixCommand, WorkspaceQuickFixes } from './quickFixes';

const FILES: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.{yaml,yml,json,bicep,tf}' },
  { scheme: 'vscode-remote', pattern: '**/*.{yaml,yml,json,bicep,tf}' },
];
const MANIFESTS: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.{yaml,yml}' },
  { scheme: 'vscode-remote', pattern: '**/*.{yaml,yml}' },
];

/** Registers everything and starts the checks; `started` settles after the first check of the whole workspace. */
export function registerWorkspaceChecks(
  context: vscode.ExtensionContext,
  services: Services,
): { problems: WorkspaceProblems; online: OnlineWorkspaceChecks; started: Promise<void> } {
  const problems = new WorkspaceProblems(services.log);
  const session = services.session;
  const online = new OnlineWorkspaceChecks(problems, session, services.log);

  context.subscriptions.push(
    online,
    problems,
    vscode.languages.registerCodeActionsProvider(FILES, new WorkspaceQuickFixes(problems), WorkspaceQuickFixes.metadata),
    vscode.languages.registerCodeLensProvider(MANIFESTS, new WorkloadCodeLenses(problems)),
    registerCommand(GENERATE_FIX_COMMAND, (argument) => generateFixCommand(argument), services.log),
    registerCommand(DIAGNOSE_MANIFEST_COMMAND, (argument) => diagnoseManifest(services, argument), services.log),
    // The identity lists arrive after sign-in; the client ids are checked against them as they change.
    session.onDidChange(() => problems.checkNow()),
  );
  problems.setExtraFindings((workload) =>
    session.state === 'ready' && !session.resourcesLoading ? [...checkListedIdentities(workload, session.identities), ...online.findings(workload)] : [],
  );

  const started = problems
    .start()
    // The workspace is read now, so the signed-in checks see every file opened at startup.
    .then(() => online.refresh())
    .catch((error: unknown) => services.log.error(`Starting the workspace checks failed: ${error instanceof Error ? error.message : String(error)}`));
  return { problems, online, started };
}
