/**
 * The modal confirmation shown before any ARM write.
 */
import * as vscode from 'vscode';
import type { Confirm } from '../services';

export const modalConfirm: Confirm = async (message, detail) => {
  const apply = vscode.l10n.t('Apply');
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, apply);
  return choice === apply;
};
