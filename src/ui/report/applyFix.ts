/**
 * Apply: a modal confirmation that shows every ARM write exactly, then the writes in order.
 * Collecting and diagnosing again is the caller's step.
 */
import * as vscode from 'vscode';
import type { AzureEnv } from '../../azure/env';
import type { RenderedFix } from '../../fixes/types';
import { backend } from '../backend';
import { UiError } from '../errors';
import type { Services } from '../services';
import { describeArmWrites } from './confirmText';

/** Resolves true when every write was applied or already in place, false when the user declined. */
export async function applyRenderedFix(fix: RenderedFix, env: AzureEnv, services: Services): Promise<boolean> {
  const writes = fix.arm ?? [];
  if (writes.length === 0) {
    throw new UiError('invalid-input', vscode.l10n.t('"{0}" changes no Azure resource; copy its command or make its edit instead.', fix.title));
  }

  const message = vscode.l10n.t('Apply "{0}"? This sends {1} request(s) to Azure Resource Manager as the signed-in account.', fix.title, writes.length);
  const confirmed = await services.confirm(message, describeArmWrites(writes));
  if (!confirmed) {
    services.log.info(`Apply declined: ${fix.title}`);
    return false;
  }

  services.log.info(`Applying: ${fix.title} (${writes.length} request(s))`);
  const result = await backend().apply(fix, env, { log: services.log });
  if (!result.ok) {
    throw new UiError('apply-failed', result.summary);
  }

  services.log.info(`Apply finished: ${result.summary}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} Diagnosing again.', result.summary));
  return true;
}
