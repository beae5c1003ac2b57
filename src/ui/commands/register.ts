/**
 * The one wrapper every command runs in: it turns a thrown error into a notification and a log
 * line, so no command handles errors on its own. A cancelled pick or progress ends quietly.
 */
import * as vscode from 'vscode';
import { errorMessage, isCancellation, isUiError } from '../errors';
import { NotSignedInError } from '../auth/sessionCredential';
import type { ExtensionLog } from '../log';

export type CommandHandler = (...args: unknown[]) => unknown;

export function registerCommand(id: string, handler: CommandHandler, log: ExtensionLog): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      await reportCommandError(id, error, log);
      return undefined;
    }
  });
}

async function reportCommandError(id: string, error: unknown, log: ExtensionLog): Promise<void> {
  if (isCancellation(error)) {
    log.info(`${id}: cancelled`);
    return;
  }

  const message = errorMessage(error);
  const signIn = vscode.l10n.t('Sign In');
  const showLog = vscode.l10n.t('Show Log');

  if (error instanceof NotSignedInError || (isUiError(error) && error.reason === 'not-signed-in')) {
    log.warn(`${id}: ${message}`);
    const choice = await vscode.window.showWarningMessage(message, signIn);
    if (choice === signIn) {
      await vscode.commands.executeCommand('kvDoctor.signIn');
    }
    return;
  }

  if (isUiError(error)) {
    log.warn(`${id}: ${error.reason}: ${message}`);
    const choice = await vscode.window.showErrorMessage(message, showLog);
    if (choice === showLog) {
      log.show();
    }
    return;
  }

  const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
  log.error(`${id} failed: ${message}${stack}`);
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Key Vault Access Doctor: {0}', message), showLog);
  if (choice === showLog) {
    log.show();
  }
}
