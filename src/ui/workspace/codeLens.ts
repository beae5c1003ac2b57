/**
 * "Diagnose 403" above each SecretProviderClass and External Secrets store: runs the full
 * diagnosis for that workload through the Diagnose 403 command, with the vault, client id,
 * operations and objects the manifests state.
 */
import * as vscode from 'vscode';
import type { AccessRequest } from '../../diagnosis/facts';
import { workloadTargets, type WorkloadTarget } from '../../workspace/targets';
import { UiError } from '../errors';
import type { Services } from '../services';
import { toRange, type WorkspaceProblems } from './problems';

export const DIAGNOSE_MANIFEST_COMMAND = 'kvDoctor.diagnoseManifest';

export class WorkloadCodeLenses implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly problems: WorkspaceProblems) {
    this.onDidChangeCodeLenses = problems.onDidCheck;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const file = this.problems.fileOf(document.uri);
    if (!file) {
      return [];
    }
    return workloadTargets(this.problems.workload, file).map(
      (target) =>
        new vscode.CodeLens(toRange(target.location.range), {
          title: vscode.l10n.t('Diagnose 403'),
          tooltip: vscode.l10n.t('Run the full diagnosis for {0}', target.label),
          command: DIAGNOSE_MANIFEST_COMMAND,
          arguments: [target],
        }),
    );
  }
}

function isTarget(value: unknown): value is WorkloadTarget {
  const record = value as Partial<WorkloadTarget> | null;
  return typeof record === 'object' && record !== null && typeof record.label === 'string' && Array.isArray(record.operations) && Array.isArray(record.objects);
}

/** Finds the vault the manifest names among the listed and added vaults, or prompts for its resource ID. */
async function vaultIdFor(services: Services, target: WorkloadTarget): Promise<string | undefined> {
  const vaults = [...services.session.addedVaults, ...services.session.vaults];
  const named = target.vaultName?.toLowerCase();
  const listed = named ? vaults.find((vault) => vault.name.toLowerCase() === named) : undefined;
  if (listed) {
    return listed.id;
  }

  const entered = await vscode.window.showInputBox({
    title: vscode.l10n.t('Diagnose 403 for {0}', target.label),
    prompt: vscode.l10n.t('The vault {0} is not among the vaults you can list. Enter its resource ID.', target.vaultName ?? '?'),
    placeHolder: '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>',
    ignoreFocusOut: true,
  });
  return entered?.trim() || undefined;
}

/**
 * Builds the Diagnose 403 arguments for a manifest's workload and runs that command. Throws when
 * the manifest names no client id, since the caller cannot be guessed from it.
 */
export async function diagnoseManifest(services: Services, argument: unknown): Promise<unknown> {
  if (!isTarget(argument)) {
    throw new UiError('invalid-input', vscode.l10n.t('Diagnose 403 for a manifest runs from the code lens above a SecretProviderClass or an External Secrets store.'));
  }
  if (!argument.clientId) {
    throw new UiError('invalid-input', vscode.l10n.t('{0} names no client id (clientID, userAssignedIdentityID, identityId or the service account annotation), so the caller is not known. Run Diagnose 403 from the vault instead.', argument.label));
  }

  const vaultId = await vaultIdFor(services, argument);
  if (!vaultId) {
    return undefined;
  }
  const request: Pick<AccessRequest, 'vaultId' | 'caller' | 'operations' | 'objects' | 'client'> = {
    vaultId,
    caller: { clientId: argument.clientId },
    operations: argument.operations,
    objects: argument.objects,
    client: argument.client,
  };
  return vscode.commands.executeCommand('kvDoctor.diagnose', request);
}
