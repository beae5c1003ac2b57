/**
 * A code-server workbench in Chromium for UI tests (Playwright): the extension loaded from
 * source, a folder opened, and one `close()` that stops the browser and the server.
 *
 *   const session = await openWorkbench({ workspace: '/abs/folder' });
 *   await session.page.getByRole('tab', { name: /^Key Vault/ }).click();
 *   await session.close();
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startCodeServer, type CodeServer } from './codeServer';
import { buildWorkbenchUrl, launchChromium, type Browser } from './workbench';

export interface WorkbenchSessionOptions {
  /** Extension folder loaded from source; the repository root (this extension) by default. */
  extensionDevelopmentPath?: string;
  /** Folder opened in the workbench; an empty folder when absent. */
  workspace?: string;
  /** Environment added to the server's, which the extension host inherits. */
  env?: Record<string, string>;
  /** User settings merged over the defaults in codeServer.ts. */
  settings?: Record<string, unknown>;
  /** Milliseconds to wait for the workbench to show its activity bar; 60 s by default. */
  readyTimeoutMs?: number;
}

export interface WorkbenchSession {
  server: CodeServer;
  browser: Browser;
  page: Page;
  url: string;
  /** Saves a screenshot under .test-artifacts/ui/ and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts code-server and Chromium and waits until the workbench has loaded. */
export async function openWorkbench(options: WorkbenchSessionOptions = {}): Promise<WorkbenchSession> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'kvd-ui-'));
  const workspace = options.workspace ?? path.join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    rmSync(runDir, { recursive: true, force: true });
  };

  try {
    server = await startCodeServer({ runDir, env: options.env, settings: options.settings });
    browser = await launchChromium(path.join(runDir, 'chromium-profile'));
    const url = buildWorkbenchUrl(server, {
      folder: workspace,
      extensionDevelopmentPath: options.extensionDevelopmentPath ?? repoRoot,
    });
    await browser.page.goto(url);
    await browser.page.locator('.monaco-workbench .activitybar').waitFor({ timeout: options.readyTimeoutMs ?? 60_000 });

    const page = browser.page;
    return {
      server,
      browser,
      page,
      url,
      screenshot: async (name: string) => {
        const dir = path.join(repoRoot, '.test-artifacts', 'ui');
        mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
