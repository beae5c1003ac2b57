/** The Diagnose action of a recent denial in the Key Vaults view. */
import * as vscode from 'vscode';
import { denialDiagnoseArguments } from '../denials';
import { UiError } from '../errors';
import type { Services } from '../services';
import { isDenialNode } from '../tree/nodes';
import { diagnoseCommand, type DiagnoseResult } from './diagnose';

/** Starts a diagnosis for the caller and operation Key Vault logged for the selected denial. */
export async function diagnoseDenialCommand(services: Services, node: unknown): Promise<DiagnoseResult | undefined> {
  if (!isDenialNode(node)) {
    throw new UiError('invalid-input', vscode.l10n.t('Run this command from a recent denial under a vault in the Key Vaults view.'));
  }

  const argument = denialDiagnoseArguments(node.vaultId, node.group);
  if (!argument) {
    throw new UiError('invalid-input', vscode.l10n.t('The audit log names no caller or no known operation for this denial, so there is nothing to diagnose.'));
  }
  services.log.info(`Diagnosing the logged denial ${node.group.operationName} (${node.group.reason}) of ${node.vaultId}`);
  return diagnoseCommand(services, argument);
}
