/**
 * The offline workspace checks in the Problems panel. Every manifest and template of the first
 * workspace folder is kept in memory, and the text of an open editor wins over the disk. The files
 * are checked together, because one finding can rest on several files, and again shortly after each change.
 */
import * as vscode from 'vscode';
import type { Severity } from '../../diagnosis/finding';
import type { SourceRange, WorkloadFacts } from '../../diagnosis/workload';
import { checkWorkspaceFiles, type WorkspaceFinding } from '../../workspace/checks';
import { emptyWorkloadFacts } from '../../workspace/emptyFacts';
import type { ExtensionLog } from '../log';
import { isWorkspaceFile, readWorkspaceTexts } from '../workspaceFacts';

/** The `source` of every diagnostic this extension reports. */
export const DIAGNOSTIC_SOURCE = 'Key Vault Access Doctor';

/** Typing pauses shorter than this do not start a check; the checks take a few milliseconds for a usual repository. */
const DEBOUNCE_MS = 300;

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  blocker: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  unknown: vscode.DiagnosticSeverity.Information,
  ok: vscode.DiagnosticSeverity.Hint,
};

export function toRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range[0], range[1], range[2], range[3]);
}

/** Keeps the checks' findings for the workspace's files and publishes them as diagnostics. */
export class WorkspaceProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('kvDoctor');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every check, so code lenses and tests can follow. */
  readonly onDidCheck = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly texts = new Map<string, string>();
  private findingsByFile = new Map<string, WorkspaceFinding[]>();
  private workloadFacts: WorkloadFacts = emptyWorkloadFacts();
  /** Returns the findings of the signed-in cross-checks for the facts of a check. */
  private extraFindings: (workload: WorkloadFacts) => WorkspaceFinding[] = () => [];
  private timer?: ReturnType<typeof setTimeout>;
  private folder?: vscode.WorkspaceFolder;

  constructor(private readonly log: ExtensionLog) {}

  /**
   * Follows edits, saves and file changes, then reads the workspace and runs the first check.
   * The watchers come first, so a file created while the workspace is read is not missed.
   */
  async start(): Promise<void> {
    this.folder = vscode.workspace.workspaceFolders?.[0];
    if (!this.folder) {
      return;
    }

    // A folder created or deleted as a whole reports only the folder, which the file pattern does
    // not match, so a second watcher on every path handles creations and deletions.
    const files = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.folder, '**/*.{yaml,yml,json,bicep,tf}'), true, false, true);
    const paths = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.folder, '**'), false, true, false);
    this.disposables.push(
      files,
      paths,
      files.onDidChange((uri) => void this.readFromDisk(uri)),
      paths.onDidCreate((uri) => void this.created(uri)),
      paths.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.takeDocument(event.document)) this.schedule();
      }),
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (this.takeDocument(document)) this.schedule();
      }),
      // A closed editor with unsaved changes leaves the disk's text as the truth again.
      vscode.workspace.onDidCloseTextDocument((document) => void this.readFromDisk(document.uri)),
    );

    const initial = (await readWorkspaceTexts(this.log)) ?? {};
    for (const [file, text] of Object.entries(initial)) {
      if (!this.texts.has(file)) this.texts.set(file, text);
    }
    for (const document of vscode.workspace.textDocuments) this.takeDocument(document);
    this.checkNow();
  }

  /** The facts of the last check, for code lenses. */
  get workload(): WorkloadFacts {
    return this.workloadFacts;
  }

  /** Adds findings from another source (the signed-in cross-checks) to every later check, and checks again. */
  setExtraFindings(source: (workload: WorkloadFacts) => WorkspaceFinding[]): void {
    this.extraFindings = source;
    this.checkNow();
  }

  /** Returns the URI of a workspace-relative path. */
  uriOf(file: string): vscode.Uri | undefined {
    return this.folder ? vscode.Uri.joinPath(this.folder.uri, ...file.split('/')) : undefined;
  }

  /** Returns the relative path of a URI inside the folder, or undefined for a file outside it. */
  fileOf(uri: vscode.Uri): string | undefined {
    if (!this.folder || uri.scheme !== this.folder.uri.scheme) return undefined;
    const root = this.folder.uri.path.replace(/\/$/, '');
    return uri.path.startsWith(`${root}/`) ? uri.path.slice(root.length + 1) : undefined;
  }

  /** Finds the finding behind one of this extension's diagnostics: same file, code and range. */
  findingFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): WorkspaceFinding | undefined {
    const file = this.fileOf(uri);
    const findings = file ? (this.findingsByFile.get(file) ?? []) : [];
    return findings.find((finding) => finding.code === codeOf(diagnostic) && toRange(finding.location.range).isEqual(diagnostic.range));
  }

  /** True when the last check saw the document as it is now, so ranges and edits still fit it. */
  isCurrent(document: vscode.TextDocument): boolean {
    const file = this.fileOf(document.uri);
    return file === undefined || this.texts.get(file) === document.getText();
  }

  /** Takes the document's text and checks at once (code actions on a document changed since the last check). */
  refreshFrom(document: vscode.TextDocument): void {
    if (this.takeDocument(document)) this.checkNow();
  }

  /** Runs the checks now instead of after the pause. */
  checkNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;

    const started = Date.now();
    const result = checkWorkspaceFiles(Object.fromEntries(this.texts));
    let findings = result.findings;
    try {
      findings = [...findings, ...this.extraFindings(result.workload)];
    } catch (error) {
      this.log.warn(`The signed-in workspace cross-checks failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.workloadFacts = result.workload;
    this.publish(findings);
    this.log.debug(`Workspace checks: ${findings.length} findings in ${this.texts.size} files, ${Date.now() - started} ms`);
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
    this.collection.dispose();
    this.changed.dispose();
  }

  private publish(findings: WorkspaceFinding[]): void {
    const byFile = new Map<string, WorkspaceFinding[]>();
    for (const finding of findings) {
      byFile.set(finding.location.file, [...(byFile.get(finding.location.file) ?? []), finding]);
    }

    this.collection.clear();
    for (const [file, fileFindings] of byFile) {
      const uri = this.uriOf(file);
      if (uri) this.collection.set(uri, fileFindings.map(toDiagnostic));
    }
    this.findingsByFile = byFile;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.checkNow(), DEBOUNCE_MS);
  }

  /** Stores an open document's text; returns false for documents the checks do not read. */
  private takeDocument(document: vscode.TextDocument): boolean {
    const file = this.fileOf(document.uri);
    if (!file || !isWorkspaceFile(file)) return false;
    const text = document.getText();
    if (this.texts.get(file) === text) return false;
    this.texts.set(file, text);
    return true;
  }

  private async readFromDisk(uri: vscode.Uri): Promise<void> {
    const file = this.fileOf(uri);
    if (!file || !isWorkspaceFile(file)) return;
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString() && document.isDirty)) return;

    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (this.texts.get(file) === text) return;
      this.texts.set(file, text);
    } catch (error) {
      if (!this.texts.delete(file)) return;
      this.log.debug(`Workspace checks: ${file} is gone (${error instanceof Error ? error.message : String(error)})`);
    }
    this.schedule();
  }

  /** Reads a new file, or every manifest and template inside a new folder. */
  private async created(uri: vscode.Uri): Promise<void> {
    const file = this.fileOf(uri);
    if (!file) return;
    if (isWorkspaceFile(file)) {
      await this.readFromDisk(uri);
      return;
    }

    try {
      if ((await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.Directory) return;
      const inside = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*.{yaml,yml,json,bicep,tf}'), '**/{node_modules,.git,dist,out,.terraform}/**');
      await Promise.all(inside.map((child) => this.readFromDisk(child)));
    } catch (error) {
      this.log.debug(`Workspace checks: ${file} could not be read (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** Drops a deleted file, or every file under a deleted folder. */
  private forget(uri: vscode.Uri): void {
    const file = this.fileOf(uri);
    if (!file) return;

    const gone = [...this.texts.keys()].filter((known) => known === file || known.startsWith(`${file}/`));
    for (const known of gone) this.texts.delete(known);
    if (gone.length > 0) this.schedule();
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) {
    return undefined;
  }
  return typeof code === 'object' ? String(code.value) : String(code);
}

function toDiagnostic(finding: WorkspaceFinding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.location.range), `${finding.title}. ${finding.detail}`, SEVERITIES[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.code;
  return diagnostic;
}
