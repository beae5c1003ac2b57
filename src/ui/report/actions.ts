/**
 * The report's actions outside the webview: collect again, apply a fix, export Markdown and save
 * the facts.
 */
import * as vscode from 'vscode';
import type { AzureEnv } from '../../azure/env';
import type { AccessRequest } from '../../diagnosis/facts';
import type { RenderedFix } from '../../fixes/types';
import { formatMarkdown } from '../../report/markdown';
import type { DiagnosisRun } from '../engine';
import { nameOf } from '../input/references';
import { collectAndDiagnose } from '../live';
import type { Services } from '../services';
import { applyRenderedFix } from './applyFix';
import type { ReportActions } from './panel';

async function exportMarkdown(run: DiagnosisRun): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: formatMarkdown(run.output) });
  await vscode.window.showTextDocument(document, { preview: false });
}

/** Saves the facts as JSON that `kv-doctor diagnose --facts FILE` and "Open Saved Diagnosis" replay. */
async function saveFacts(run: DiagnosisRun, log: Services['log']): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${nameOf(run.diagnosis.vaultId)}-facts.json`;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save the facts of this diagnosis'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { JSON: ['json'] },
  });
  if (!target) {
    return;
  }

  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`${JSON.stringify(run.facts, null, 2)}\n`));
  log.info(`Saved the facts of ${run.diagnosis.vaultId} to ${target.toString()}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Saved the facts to {0}. Replay them with "kv-doctor diagnose --facts FILE".', target.fsPath));
}

/** Actions for a diagnosis collected with a signed-in account: everything, including Apply. */
export function liveActions(services: Services, request: AccessRequest, env: AzureEnv): ReportActions {
  return {
    rediagnose: () => collectAndDiagnose(request, env, services.log),
    apply: (fix: RenderedFix) => applyRenderedFix(fix, env, services),
    exportMarkdown,
    saveFacts: (run) => saveFacts(run, services.log),
  };
}

/** Actions for a saved diagnosis opened without collecting: export and save only. */
export function savedActions(services: Services): ReportActions {
  return {
    exportMarkdown,
    saveFacts: (run) => saveFacts(run, services.log),
  };
}
