/**
 * The extension's one log: a VS Code LogOutputChannel, so the user sets the level and every line
 * carries a time stamp. Every line passes through `redact` first.
 */
import * as vscode from 'vscode';
import type { Logger } from '../azure/env';
import { redact } from './redact';

export const LOG_NAME = 'Key Vault Access Doctor';

export interface ExtensionLog extends Logger {
  readonly channel: vscode.LogOutputChannel;
  debug(message: string): void;
  show(): void;
}

export function createExtensionLog(): ExtensionLog {
  const channel = vscode.window.createOutputChannel(LOG_NAME, { log: true });

  return {
    channel,
    info: (message) => channel.info(redact(message)),
    warn: (message) => channel.warn(redact(message)),
    error: (message) => channel.error(redact(message)),
    debug: (message) => channel.debug(redact(message)),
    show: () => channel.show(true),
  };
}
