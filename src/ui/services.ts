/**
 * The objects commands share, built once in `activate`.
 */
import type * as vscode from 'vscode';
import type { ExtensionLog } from './log';
import type { DiscoveryApi } from './resources';
import type { AzureSession } from './session';

/** Asks the user to confirm a change; resolves true to go ahead. */
export type Confirm = (message: string, detail: string) => Promise<boolean>;

export interface Services {
  extensionUri: vscode.Uri;
  log: ExtensionLog;
  session: AzureSession;
  discovery: DiscoveryApi;
  /** The Apply confirmation; a modal dialog, replaced only by extension-host tests. */
  confirm: Confirm;
}
