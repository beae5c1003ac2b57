/**
 * Quick fixes for the workspace diagnostics. Each workspace edit of a finding becomes an edit in
 * place, and the finding's safest one is preferred. Each fix with a command becomes "Generate az
 * fix", which hands the command to the terminal without running it, or to a new editor.
 */
import * as vscode from 'vscode';
import { renderFix } from '../../fixes/render';
import type { RenderedFix, WorkspaceEdit } from '../../fixes/types';
import { UiError } from '../errors';
import { DIAGNOSTIC_SOURCE, toRange, type WorkspaceProblems } from './problems';

export const GENERATE_FIX_COMMAND = 'kvDoctor.generateFixCommand';

/** The argument of the generate command: the rendered command and its words. */
export interface GeneratedFixArgument {
  title: string;
  az: string;
  powershell?: string;
  note?: string;
  /** Skips the choice: `terminal` inserts the command, `document` opens it in a new editor. */
  target?: 'terminal' | 'document';
}

export class WorkspaceQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly problems: WorkspaceProblems) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) {
      return [];
    }
    // Edits computed from older text would land in the wrong place.
    if (!this.problems.isCurrent(document)) {
      this.problems.refreshFrom(document);
    }

    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = this.problems.findingFor(document.uri, diagnostic);
      if (!finding) continue;

      finding.fixes.map(renderFix).forEach((fix, index) => {
        const edit = fix.edit ? this.editAction(fix.title, fix.edit, diagnostic, index === finding.preferredFix) : undefined;
        if (edit) actions.push(edit);
        if (fix.az) actions.push(generateAction(fix, diagnostic));
      });
    }
    return actions;
  }

  private editAction(title: string, edit: WorkspaceEdit, diagnostic: vscode.Diagnostic, preferred: boolean): vscode.CodeAction | undefined {
    const uri = this.problems.uriOf(edit.file);
    if (!uri) return undefined;

    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    for (const change of [edit, ...(edit.additionalEdits ?? [])]) {
      action.edit.replace(uri, toRange(change.range), change.newText);
    }
    action.diagnostics = [diagnostic];
    action.isPreferred = preferred;
    return action;
  }
}

function generateAction(fix: RenderedFix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const script = fix.az ?? '';
  const tool = /^\s*kubectl\b/m.test(script) && !/^\s*az\b/m.test(script) ? 'kubectl' : 'az';
  const action = new vscode.CodeAction(
    tool === 'az' ? vscode.l10n.t('Generate az fix: {0}', fix.title) : vscode.l10n.t('Generate kubectl fix: {0}', fix.title),
    vscode.CodeActionKind.QuickFix,
  );
  const argument: GeneratedFixArgument = { title: fix.title, az: fix.az ?? '' };
  if (fix.powershell) argument.powershell = fix.powershell;
  if (fix.note) argument.note = fix.note;
  action.command = { command: GENERATE_FIX_COMMAND, title: action.title, arguments: [argument] };
  action.diagnostics = [diagnostic];
  return action;
}

function isArgument(value: unknown): value is GeneratedFixArgument {
  const record = value as Partial<GeneratedFixArgument> | null;
  return typeof record === 'object' && record !== null && typeof record.title === 'string' && typeof record.az === 'string';
}

/**
 * Puts a fix's command where the user can read it before running it: at the terminal prompt
 * without a line break, so nothing runs, or in a new untitled editor. A script of several
 * statements always goes to the editor. On Windows the PowerShell form is used.
 */
export async function generateFixCommand(argument: unknown): Promise<vscode.TextDocument | vscode.Terminal | undefined> {
  if (!isArgument(argument)) {
    throw new UiError('invalid-input', vscode.l10n.t('Generate az fix needs the fix from a quick fix: run it from the light bulb of a Key Vault Access Doctor problem.'));
  }

  const windows = process.platform === 'win32';
  const command = (windows && argument.powershell ? argument.powershell : argument.az).trimEnd();
  // A line break the shell does not read as a continuation would run the lines before it.
  const severalStatements = /(?<![\\`])\r?\n/.test(command);
  let target: GeneratedFixArgument['target'] = severalStatements ? 'document' : argument.target;
  if (!target) {
    const terminal = { label: vscode.l10n.t('$(terminal) Insert into the terminal (not run)'), target: 'terminal' as const };
    const document = { label: vscode.l10n.t('$(new-file) Open in a new editor'), target: 'document' as const };
    target = (await vscode.window.showQuickPick([terminal, document], { title: argument.title }))?.target;
  }

  if (target === 'terminal') {
    const terminal = vscode.window.activeTerminal ?? vscode.window.createTerminal(DIAGNOSTIC_SOURCE);
    terminal.show();
    terminal.sendText(command, false);
    return terminal;
  }
  if (target === 'document') {
    const comment = [argument.title, ...(argument.note ? [argument.note] : [])].map((line) => `# ${line}`).join('\n');
    const document = await vscode.workspace.openTextDocument({ content: `${comment}\n${command}\n`, language: windows && argument.powershell ? 'powershell' : 'shellscript' });
    await vscode.window.showTextDocument(document);
    return document;
  }
  return undefined;
}
