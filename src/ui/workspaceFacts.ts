/**
 * Reads the open workspace's Kubernetes manifests and infrastructure templates into workload
 * facts, so a diagnosis can point at the service account, SecretStore or template to change.
 */
import * as vscode from 'vscode';
import type { WorkloadFacts } from '../diagnosis/workload';
import { parseWorkspaceFiles } from '../workspace/parse';
import type { ExtensionLog } from './log';

/** Upper bounds that keep a large monorepo from stalling a diagnosis; files beyond them are skipped and logged. */
const MAX_FILES = 400;
const MAX_FILE_BYTES = 512 * 1024;
const INCLUDE = '**/*.{yaml,yml,json,bicep,tf}';
const EXCLUDE = '**/{node_modules,.git,dist,out,.terraform}/**';

/** Returns undefined when no folder is open. Files that cannot be parsed are listed in the facts' `errors`. */
export async function readWorkloadFacts(log: ExtensionLog, token?: vscode.CancellationToken): Promise<WorkloadFacts | undefined> {
  const files = await readWorkspaceTexts(log, token);
  return files ? parseWorkspaceFiles(files) : undefined;
}

/** True for the file names the workspace parser reads, so change events for other files can be ignored. */
export function isWorkspaceFile(path: string): boolean {
  return /\.(ya?ml|json|bicep|tf)$/i.test(path) && !/(^|[\\/])(node_modules|\.git|dist|out|\.terraform)[\\/]/.test(path);
}

/** Returns the text of every manifest and template of the first workspace folder, keyed by relative path; undefined when no folder is open. */
export async function readWorkspaceTexts(log: ExtensionLog, token?: vscode.CancellationToken): Promise<Record<string, string> | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    return undefined;
  }

  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, INCLUDE), EXCLUDE, MAX_FILES + 1, token);
  if (uris.length > MAX_FILES) {
    log.warn(`The workspace has more than ${MAX_FILES} manifest and template files; only the first ${MAX_FILES} are read.`);
  }

  const files: Record<string, string> = {};
  for (const uri of uris.slice(0, MAX_FILES)) {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength > MAX_FILE_BYTES) {
        log.info(`Skipped ${uri.fsPath}: larger than ${MAX_FILE_BYTES} bytes.`);
        continue;
      }
      files[vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/')] = new TextDecoder().decode(bytes);
    } catch (error) {
      log.warn(`Reading ${uri.fsPath} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return files;
}
