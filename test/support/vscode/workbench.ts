/**
 * Opens the code-server workbench in Debian's Chromium through playwright-core.
 *
 * code-server's command line rejects --extensionDevelopmentPath and --extensionTestsPath, but
 * the web workbench reads both from the `payload` URL parameter, as @vscode/test-web does.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { CodeServer } from './codeServer';

export const chromiumPath = '/usr/bin/chromium';

export interface WorkbenchUrlOptions {
  /** Absolute path of the folder to open; the workbench opens no folder when absent. */
  folder?: string;
  /** Absolute path of an extension to load from source ("Extension Development Host"). */
  extensionDevelopmentPath?: string;
  /** Absolute path of a module exporting `run(): Promise<void>`, run inside the extension host. */
  extensionTestsPath?: string;
}

/** Builds the workbench URL with the folder and the development payload. */
export function buildWorkbenchUrl(server: Pick<CodeServer, 'url' | 'authority'>, options: WorkbenchUrlOptions): string {
  const remote = (absolutePath: string) => `vscode-remote://${server.authority}${absolutePath}`;

  const payload: Array<[string, string]> = [];
  if (options.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  }
  if (options.extensionTestsPath) {
    payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  }

  const query = new URLSearchParams();
  if (options.folder) {
    query.set('folder', options.folder);
  } else {
    query.set('ew', 'true');
  }
  if (payload.length > 0) {
    query.set('payload', JSON.stringify(payload));
  }
  return `${server.url}/?${query.toString()}`;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile in profileDir. `launch()` rejects a
 * --user-data-dir argument, so the profile comes through launchPersistentContext.
 */
export async function launchChromium(profileDir: string): Promise<Browser> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());

  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
    },
  };
}
