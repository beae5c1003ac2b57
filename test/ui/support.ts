/**
 * Playwright helpers for the workbench: the Key Vault Access Doctor sidebar, quick input, the
 * report webview and screenshots under .test-artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { repoRoot } from '../vscode/support/sandboxEnvironment';

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
