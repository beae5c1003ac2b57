/**
 * The report panel: one webview per diagnosis, showing the verdict, every check by family, and
 * the fixes with copy, insert-in-terminal and Apply.
 */
import * as vscode from 'vscode';
import type { RenderedFix } from '../../fixes/types';
import type { DiagnosisRun } from '../engine';
import type { ExtensionLog } from '../log';
import { createNonce, renderReportHtml } from './html';
import { familyLabels, headline, reportLabels } from './labels';
import { buildReportModel, parseFixId } from './model';
import { isSingleCommand } from './terminalText';
import { parseWebviewMessage, type HostMessage, type Shell, type WebviewMessage } from './protocol';
import { nameOf } from '../input/references';
import { errorMessage, isCancellation } from '../errors';
import { denialDiagnoseArguments } from '../denials';

export const REPORT_VIEW_TYPE = 'kvDoctor.report';

/** The actions the panel delegates to the rest of the extension. `rediagnose` and `apply` are absent for a saved diagnosis. */
export interface ReportActions {
  /** Collects the facts again and diagnoses them. */
  rediagnose?(): Promise<DiagnosisRun>;
  /** Confirms and applies one fix; resolves true when it was applied. */
  apply?(fix: RenderedFix): Promise<boolean>;
  exportMarkdown(run: DiagnosisRun): Promise<void>;
  saveFacts(run: DiagnosisRun): Promise<void>;
}

export interface ReportSubject {
  callerLabel: string;
  operations: string[];
  objects: string[];
}

export class ReportPanel implements vscode.Disposable {
  private static readonly panels = new Set<ReportPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private busy = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private run: DiagnosisRun,
    private readonly subject: ReportSubject,
    private readonly actions: ReportActions,
    private readonly log: ExtensionLog,
  ) {
    this.panel.webview.html = this.html();
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  static open(
    extensionUri: vscode.Uri,
    run: DiagnosisRun,
    subject: ReportSubject,
    actions: ReportActions,
    log: ExtensionLog,
  ): ReportPanel {
    const title = vscode.l10n.t('403 diagnosis: {0}', nameOf(run.diagnosis.vaultId));
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'media'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity-bar.svg');

    const report = new ReportPanel(panel, extensionUri, run, subject, actions, log);
    ReportPanel.panels.add(report);
    return report;
  }

  /** The open reports, newest last. */
  static all(): readonly ReportPanel[] {
    return [...ReportPanel.panels];
  }

  get current(): DiagnosisRun {
    return this.run;
  }

  get webviewPanel(): vscode.WebviewPanel {
    return this.panel;
  }

  update(run: DiagnosisRun): void {
    this.run = run;
    void this.post({ type: 'render', model: this.model() });
  }

  /** Applies one fix by id as the Apply button does (the confirmation still runs). */
  async applyFix(fixId: string): Promise<boolean> {
    const fix = this.fixById(fixId);
    if (!fix || !this.actions.apply || !this.actions.rediagnose) {
      return false;
    }
    return this.runBusy(vscode.l10n.t('Applying "{0}"...', fix.title), async () => {
      const applied = await this.actions.apply?.(fix);
      if (applied && this.actions.rediagnose) {
        this.update(await this.actions.rediagnose());
      }
      return applied === true;
    });
  }

  /** Opens the diagnosis as Markdown in a new editor, as the Export button does. */
  exportMarkdown(): Promise<void> {
    return this.actions.exportMarkdown(this.run);
  }

  dispose(): void {
    ReportPanel.panels.delete(this);
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
    this.panel.dispose();
  }

  private html(): string {
    const webview = this.panel.webview;
    return renderReportHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'media', 'report.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'report.css')).toString(),
      title: this.panel.title,
      language: vscode.env.language,
    });
  }

  private model() {
    return buildReportModel({
      diagnosis: this.run.diagnosis,
      fixes: this.run.fixes,
      // The rendered output already contains each finding's Azure checks followed by its in-cluster checks.
      checks: this.run.output.findings.map((finding) => finding.verify ?? []),
      operations: this.subject.operations,
      objects: this.subject.objects,
      callerLabel: this.subject.callerLabel,
      headline: headline(this.run.diagnosis),
      live: this.actions.rediagnose !== undefined,
      labels: reportLabels(),
      familyLabels: familyLabels(),
    });
  }

  private post(message: HostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private fixById(id: string): RenderedFix | undefined {
    const indices = parseFixId(id);
    return indices ? this.run.fixes[indices.findingIndex]?.[indices.fixIndex] : undefined;
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn(`Report webview sent an invalid message; ignored: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }

    try {
      await this.handle(message);
    } catch (error) {
      if (isCancellation(error)) {
        this.log.info(`Report action ${message.type} cancelled`);
        return;
      }
      const text = errorMessage(error);
      this.log.error(`Report action ${message.type} failed: ${text}`);
      void vscode.window.showErrorMessage(text);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.post({ type: 'render', model: this.model() });
        if (this.busy) {
          await this.post({ type: 'busy', text: vscode.l10n.t('Working...') });
        }
        return;
      case 'copyFix':
        return this.copyFix(message.fixId, message.shell);
      case 'runInTerminal':
        return this.insertInTerminal(message.fixId, message.shell);
      case 'applyFix':
        await this.applyFix(message.fixId);
        return;
      case 'copyEvidence':
        return this.copyEvidence(message.findingId, message.index);
      case 'exportMarkdown':
        return this.exportMarkdown();
      case 'saveFacts':
        return this.actions.saveFacts(this.run);
      case 'diagnoseDenial':
        return this.diagnoseDenial(message.denialId);
      case 'rediagnose':
        if (this.actions.rediagnose) {
          const rediagnose = this.actions.rediagnose;
          await this.runBusy(vscode.l10n.t('Collecting the facts again...'), async () => this.update(await rediagnose()));
        }
        return;
    }
  }

  private commandText(fixId: string, shell: Shell): string | undefined {
    const fix = this.fixById(fixId);
    return shell === 'bash' ? fix?.az : fix?.powershell;
  }

  private async copyFix(fixId: string, shell: Shell): Promise<void> {
    const text = this.commandText(fixId, shell);
    if (!text) {
      return;
    }
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the {0} command.', shell === 'bash' ? 'bash' : 'PowerShell'), 3000);
  }

  /**
   * Inserts the command without running it, so the user reads it and presses Enter. A one-line
   * command (line continuations included) is typed without its final newline. A script of several
   * commands is pasted instead, because typed line breaks would run each command at once. A paste
   * uses the shell's bracketed paste mode where the shell enables it (bash 5.2 does by default).
   */
  private async insertInTerminal(fixId: string, shell: Shell): Promise<void> {
    const text = this.commandText(fixId, shell);
    if (!text) {
      return;
    }
    const name = 'Key Vault Access Doctor';
    const terminal = vscode.window.terminals.find((candidate) => candidate.name === name) ?? vscode.window.createTerminal({ name });
    terminal.show(false);

    if (isSingleCommand(text, shell)) {
      terminal.sendText(text, false);
      return;
    }
    // NOTE: a shell without bracketed paste runs each pasted line at once, as when the user pastes by hand.
    await vscode.env.clipboard.writeText(text);
    await vscode.commands.executeCommand('workbench.action.terminal.paste');
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Pasted a {0}-line script; review it before pressing Enter.', text.split('\n').length), 5000);
  }

  /** Starts a diagnosis for the real caller and operation of one logged denial, in a new report. */
  private async diagnoseDenial(denialId: string): Promise<void> {
    const group = this.run.diagnosis.recentDenials?.groups[Number(denialId)];
    const argument = group ? denialDiagnoseArguments(this.run.diagnosis.vaultId, group, this.subject.operations) : undefined;
    if (!argument) {
      this.log.warn(`The denial ${denialId} names no caller or operation to diagnose; ignored.`);
      return;
    }
    await vscode.commands.executeCommand('kvDoctor.diagnose', argument);
  }

  private async copyEvidence(findingId: string, index: number): Promise<void> {
    const value = this.run.diagnosis.findings[Number(findingId)]?.evidence[index];
    if (value === undefined) {
      return;
    }
    await vscode.env.clipboard.writeText(value);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied.'), 2000);
  }

  private async runBusy<T>(text: string, work: () => Promise<T>): Promise<T> {
    this.busy = true;
    await this.post({ type: 'busy', text });
    try {
      return await work();
    } finally {
      this.busy = false;
      await this.post({ type: 'idle' });
    }
  }
}
