/**
 * Open Saved Diagnosis: facts JSON saved from a report (or by `kv-doctor --save-facts`) is
 * diagnosed again offline and shown in a report without Apply.
 */
import * as vscode from 'vscode';
import { FACTS_SCHEMA, type AccessFacts } from '../../diagnosis/facts';
import { backend } from '../backend';
import { UiError, errorMessage } from '../errors';
import { savedActions } from '../report/actions';
import { ReportPanel } from '../report/panel';
import type { Services } from '../services';
import type { DiagnoseResult } from './diagnose';

/** Reads the facts from the Uri argument, else the active editor when it contains facts JSON, else an open dialog. */
async function chooseFactsText(argument: unknown): Promise<{ text: string; source: string } | undefined> {
  if (argument instanceof vscode.Uri) {
    return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(argument)), source: argument.toString() };
  }

  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.getText().includes(FACTS_SCHEMA)) {
    return { text: editor.document.getText(), source: editor.document.uri.toString() };
  }

  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Open saved diagnosis facts'),
    canSelectMany: false,
    filters: { JSON: ['json'] },
  });
  if (!picked?.[0]) {
    return undefined;
  }
  return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(picked[0])), source: picked[0].toString() };
}

export async function openSavedDiagnosis(services: Services, argument?: unknown): Promise<DiagnoseResult | undefined> {
  const chosen = await chooseFactsText(argument);
  if (!chosen) {
    return undefined;
  }

  let facts: AccessFacts;
  try {
    facts = backend().parseAccessFacts(JSON.parse(chosen.text));
  } catch (error) {
    throw new UiError('invalid-input', vscode.l10n.t('{0} is not a valid facts file: {1}', chosen.source, errorMessage(error)));
  }

  const run = backend().diagnoseFacts(facts);
  services.log.info(`Opened saved facts ${chosen.source}: ${run.diagnosis.verdict}`);
  const caller = facts.caller.displayName ?? facts.caller.principalId ?? JSON.stringify(facts.request.caller);
  const panel = ReportPanel.open(
    services.extensionUri,
    run,
    { callerLabel: caller, operations: facts.request.operations, objects: facts.request.objects },
    savedActions(services),
    services.log,
  );
  return { diagnosis: run.diagnosis, facts, output: run.output, panel };
}
