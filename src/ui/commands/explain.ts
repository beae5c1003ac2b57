/**
 * Explain a Pasted Error: what a Key Vault, Entra ID or IMDS error means, who the caller really
 * was, and a way to diagnose that caller on the vault the error names.
 */
import * as vscode from 'vscode';
import { parseObservedError } from '../../diagnosis/errors/parse';
import type { ParsedError } from '../../diagnosis/observedError';
import { backend } from '../backend';
import { explanationMarkdown } from '../explainMarkdown';
import { operationFromError } from '../input/callerInput';
import { objectNameFromResource } from '../input/objects';
import type { Services } from '../services';

/** Reads the error from the argument, the selection in the active editor, or an input box, in that order. */
async function readErrorText(argument: unknown): Promise<string | undefined> {
  if (typeof argument === 'string') {
    return argument;
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty) {
    return editor.document.getText(editor.selection);
  }
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Paste the error the client received'),
    prompt: vscode.l10n.t('A Key Vault 403 body, an AADSTS message or an IMDS error. Select a multi-line error in an editor first to use it as it is.'),
    ignoreFocusOut: true,
  });
}

/** Offers Diagnose 403 for the error's caller when the error names a vault in the trees. */
async function offerDiagnosis(services: Services, parsed: ParsedError, text: string): Promise<void> {
  const objectId = parsed.caller?.objectId;
  const vault = parsed.vaultName
    ? [...services.session.addedVaults, ...services.session.vaults].find((candidate) => candidate.name.toLowerCase() === parsed.vaultName?.toLowerCase())
    : undefined;
  if (objectId && vault) {
    const diagnose = vscode.l10n.t('Diagnose 403 on {0}', vault.name);
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('The caller is object id {0}.', objectId), diagnose);
    if (choice === diagnose) {
      // The refused operation and object come from the error; a generic read is assumed when it names none.
      const operation = operationFromError(parsed) ?? 'secrets/get';
      const objectName = objectNameFromResource(parsed.resource);
      const collection = operation.split('/')[0];
      // Through the command, so its error wrapper reports failures.
      await vscode.commands.executeCommand('kvDoctor.diagnose', {
        vaultId: vault.id,
        caller: { objectId },
        operations: [operation],
        objects: objectName ? [`${collection}/${objectName}`] : [],
        observedError: text,
      });
    }
  }
}

export async function explainErrorCommand(services: Services, argument?: unknown): Promise<string | undefined> {
  const text = await readErrorText(argument);
  if (!text?.trim()) {
    return undefined;
  }

  const parsed = parseObservedError(text);
  const markdown = explanationMarkdown(parsed, backend().explainError(parsed));
  services.log.info(`Explained a pasted error: ${parsed.kind}${parsed.caller?.objectId ? `, caller ${parsed.caller.objectId}` : ''}`);

  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: false });

  // The offer does not block the command: the notification may stay open indefinitely.
  void offerDiagnosis(services, parsed, text).catch((error: unknown) => services.log.error(`Diagnose from a pasted error failed: ${String(error)}`));
  return markdown;
}
