/**
 * Runs extension tests inside a real VS Code extension host: code-server on 127.0.0.1 plus
 * headless Chromium opening the workbench with the development payload.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConsoleMessage } from 'playwright-core';
import { readLogTail, repoRoot, startCodeServer, type CodeServer } from './codeServer';
import { buildWorkbenchUrl, launchChromium, type Browser } from './workbench';

export interface ExtensionHostRunOptions {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  /** Folder opened in the workbench; an empty folder in the run directory when absent. */
  workspace?: string;
  /** Environment added to code-server's, which the extension host inherits. */
  env?: Record<string, string>;
  /** Whole-run limit in milliseconds, from server start to the tests' exit; 10 minutes by default. */
  timeoutMs?: number;
  /** Receives each line the extension host logs; stdout by default. */
  output?: (line: string) => void;
}

/** The exit code when the run timed out or the workbench never reported one. */
export const TIMEOUT_EXIT_CODE = 124;

/** Marks the extension host's console lines of a test run; hostEntry.js writes it. */
export const HOST_OUTPUT_MARKER = '[kvd-host] ';

/**
 * Extracts the test output from a browser console message, or returns null for the workbench's
 * own log lines. The workbench prefixes forwarded lines with a styled level, such as
 * `%c INFO color: #33f `, so the marker is searched anywhere in the text.
 */
export function extractHostOutput(text: string): string | null {
  const start = text.indexOf(HOST_OUTPUT_MARKER);
  return start === -1 ? null : text.slice(start + HOST_OUTPUT_MARKER.length);
}

/**
 * Starts code-server and Chromium, runs the tests and resolves with their exit code (0 when all
 * passed). Everything started here is stopped before it resolves, also on errors and timeouts.
 */
export async function runInExtensionHost(options: ExtensionHostRunOptions): Promise<number> {
  const output = options.output ?? ((line: string) => process.stdout.write(`${line}\n`));
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'kvd-vscode-'));
  const workspace = options.workspace ?? path.join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let exitCode = TIMEOUT_EXIT_CODE;

  try {
    server = await startCodeServer({ runDir, env: options.env });
    browser = await launchChromium(path.join(runDir, 'chromium-profile'));

    const exitReported = new Promise<number>((resolve) => {
      void browser?.page.exposeFunction('codeAutomationExit', (code: number) => resolve(Number(code)));
    });
    browser.page.on('console', (message: ConsoleMessage) => {
      const line = extractHostOutput(message.text());
      if (line !== null) {
        output(line);
      } else if (process.env.KVD_VSCODE_VERBOSE === '1') {
        output(`[workbench ${message.type()}] ${message.text()}`);
      }
    });
    browser.page.on('pageerror', (error) => output(`[workbench page error] ${error.message}`));

    const url = buildWorkbenchUrl(server, {
      folder: workspace,
      extensionDevelopmentPath: options.extensionDevelopmentPath,
      extensionTestsPath: options.extensionTestsPath,
    });
    await browser.page.goto(url);

    const timeoutMs = options.timeoutMs ?? 10 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => resolve(TIMEOUT_EXIT_CODE), timeoutMs);
    });
    exitCode = await Promise.race([exitReported, timedOut]);
    clearTimeout(timer);

    if (exitCode === TIMEOUT_EXIT_CODE) {
      output(`[launcher] the extension host tests did not finish within ${timeoutMs / 1000} s`);
    }
    if (exitCode !== 0) {
      await saveScreenshot(browser, output);
      output(`[launcher] code-server log (last lines):\n${readLogTail(server.logFile)}`);
    }
  } finally {
    await browser?.close();
    await server?.stop();
    if (process.env.KVD_KEEP_RUN_DIR === '1') {
      output(`[launcher] kept the run folder ${runDir}`);
    } else {
      rmSync(runDir, { recursive: true, force: true });
    }
  }

  return exitCode;
}

async function saveScreenshot(browser: Browser, output: (line: string) => void): Promise<void> {
  const dir = path.join(repoRoot, '.test-artifacts', 'vscode');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `failure-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
  try {
    await browser.page.screenshot({ path: file });
    output(`[launcher] screenshot saved to ${file}`);
  } catch (error) {
    output(`[launcher] screenshot failed: ${(error as Error).message}`);
  }
}
