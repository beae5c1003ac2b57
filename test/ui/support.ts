/**
 * Playwright helpers for the workbench: the Key Vault Access Doctor sidebar, quick input, the
 * report webview and screenshots under .test-artifacts/screenshots/.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import type { Scenario } from '../../src/scenario/types';
import { openWorkbench, type WorkbenchSession } from '../support/vscode/uiSession';
import { repoRoot, sandboxEnvironment, sandboxSettings } from '../vscode/support/sandboxEnvironment';

export const screenshotDir = path.join(repoRoot, '.test-artifacts', 'screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export async function openSidebar(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /^Key Vault Access Doctor/ }).click();
}

export function treeRow(page: Page, label: string) {
  return page.locator('.part.sidebar .monaco-list-row', { hasText: label }).first();
}

/** Types into the open quick input and accepts the first (or only) match. */
export async function answerQuickInput(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.waitForTimeout(300);
  await input.press('Enter');
}

/** Types into the open quick pick, waits until an item with that text is listed, and accepts it. */
export async function pickQuickInputItem(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor();
  await input.press('Enter');
}

/**
 * Opens a workspace file through Quick Open. A file written moments ago may not be indexed yet,
 * so Quick Open is tried again until the file is listed.
 */
export async function quickOpenFile(page: Page, fileName: string, attempts = 10): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input').first();
    await input.waitFor({ state: 'visible' });
    await input.fill(fileName);

    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first();
    const listed = await row.waitFor({ timeout: 3_000 }).then(() => true, () => false);
    if (listed) {
      await input.press('Enter');
      await page.locator('.tab', { hasText: fileName }).first().waitFor();
      return;
    }

    await input.press('Escape');
    if (attempt >= attempts) {
      throw new Error(`Quick Open did not list ${fileName} after ${attempts} attempts.`);
    }
  }
}

/**
 * Chooses a context-menu item. The workbench's menu ignores a click that arrives before it has
 * finished opening, so the item is focused by hovering and chosen with Enter.
 */
export async function chooseMenuItem(page: Page, name: string): Promise<void> {
  const item = page.getByRole('menuitem', { name });
  await item.waitFor();
  await item.hover();
  await page.keyboard.press('Enter');
}

/** Runs a command from the palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await input.press('Enter');
}

export function reportFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Returns the report's own frame, so a test can evaluate script in it. */
export async function reportFrameHandle(page: Page): Promise<Frame> {
  const element = await page.frameLocator('iframe.webview.ready').locator('#active-frame').elementHandle();
  const frame = await element?.contentFrame();
  if (!frame) {
    throw new Error('The report webview has no content frame.');
  }
  return frame;
}

/**
 * Runs Diagnose 403 from the vault row's context menu and picks the request of the case
 * `eso-find-with-key-vault-reader-cannot-get`: the identity id-orders-api reads two secrets
 * through External Secrets' `dataFrom[].find` from the cluster aks-prod. Returns the report
 * frame once it shows a verdict.
 */
export async function diagnoseOrdersApiFromVault(page: Page, vault: Locator): Promise<FrameLocator> {
  await vault.click({ button: 'right' });
  await chooseMenuItem(page, 'Diagnose 403...');
  await pickQuickInputItem(page, 'id-orders-api');
  await pickQuickInputItem(page, 'External Secrets: dataFrom[].find');
  await answerQuickInput(page, 'orders-api-key, orders-db-password');
  await pickQuickInputItem(page, 'aks-prod');

  const report = reportFrame(page);
  await report.locator('.verdict-value').waitFor({ timeout: 60_000 });
  return report;
}

export interface SandboxWorkbenchOptions {
  /** Returns the scenario that seeds the sandbox. It is called once, in the suite's `before` hook. */
  scenario: () => Scenario;
  /**
   * Prefix of a new temporary folder that receives the scenario's workspace files and is opened
   * in the workbench. Without it the workbench opens an empty folder of its own.
   */
  workspacePrefix?: string;
  /** User settings merged over the sandbox's connection settings. */
  settings?: Record<string, unknown>;
}

/** A sandbox and a workbench connected to it, available from the suite's `before` hook on. */
export interface SandboxWorkbench {
  readonly sandbox: Sandbox;
  readonly session: WorkbenchSession;
  /** The folder opened in the workbench. Reading it throws when the options gave no `workspacePrefix`. */
  readonly workspace: string;
}

/**
 * Registers the mocha hooks of a browser suite: `before` starts a sandbox and opens the
 * workbench against it, `afterEach` saves a screenshot of a failed test, and `after` closes both.
 */
export function useSandboxWorkbench(options: SandboxWorkbenchOptions): SandboxWorkbench {
  let sandbox: Sandbox | undefined;
  let session: WorkbenchSession | undefined;
  let workspace: string | undefined;

  before(async function () {
    const scenario = options.scenario();
    sandbox = await startSandbox({ scenario });

    if (options.workspacePrefix !== undefined) {
      workspace = mkdtempSync(path.join(os.tmpdir(), options.workspacePrefix));
      // The workload's manifests name its service account, which the identity checks need.
      for (const [file, text] of Object.entries(scenario.workspace?.files ?? {})) {
        mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
        writeFileSync(path.join(workspace, file), text);
      }
    }

    const settings = { ...sandboxSettings(sandbox), ...options.settings };
    session = await openWorkbench({ workspace, env: sandboxEnvironment(sandbox), settings });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session) {
      await saveScreenshot(session.page, `failure-${this.currentTest.title.replace(/\W+/g, '-')}`);
    }
  });

  after(async function () {
    await session?.close();
    await sandbox?.stop();
  });

  return {
    get sandbox() {
      return required(sandbox, 'sandbox');
    },
    get session() {
      return required(session, 'workbench session');
    },
    get workspace() {
      return required(workspace, 'workspace folder (pass workspacePrefix to useSandboxWorkbench)');
    },
  };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(`The ${what} is not ready: use it inside a test, after the suite's before hook has run.`);
  }
  return value;
}
