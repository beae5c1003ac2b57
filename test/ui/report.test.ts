/**
 * The extension in code-server, driven through Debian's Chromium: the sidebar, Diagnose 403 from
 * a vault's context menu, the report, and Apply through the modal confirmation, against a local
 * sandbox seeded with a shared case. Screenshots go to .test-artifacts/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readCase } from '../vscode/support/sandboxEnvironment';
import { answerQuickInput, chooseMenuItem, diagnoseOrdersApiFromVault, openSidebar, pickQuickInputItem, quickOpenFile, reportFrame, reportFrameHandle, runCommand, saveScreenshot, treeRow, useSandboxWorkbench } from './support';

const CASE_FILE = 'eso-find-with-key-vault-reader-cannot-get.json';
const SECRETS_USER_ROLE = '4633458b-17de-408a-b874-0445c86b69e6';

describe('report in the browser', function () {
  this.timeout(180_000);
  const workbench = useSandboxWorkbench({
    scenario: () => readCase(CASE_FILE),
    workspacePrefix: 'kvd-ui-workspace-',
    // The DOM renderer keeps the terminal's text in the page, where the test can read it.
    settings: { 'terminal.integrated.gpuAcceleration': 'off' },
  });

  it('diagnoses and applies from the sidebar', async () => {
    const page = workbench.session.page;
    await openSidebar(page);
    const vault = treeRow(page, 'kv-orders-prod');
    await vault.waitFor({ timeout: 60_000 });
    assert.match((await vault.textContent()) ?? '', /RBAC · public access disabled/);
    await treeRow(page, 'id-orders-api').waitFor();
    await saveScreenshot(page, 'tree');

    const report = await diagnoseOrdersApiFromVault(page, vault);
    assert.equal(await report.locator('.verdict-value').textContent(), 'blocked');
    const blocker = report.locator('article.severity-blocker[data-code="rbac-missing-data-action"]');
    await blocker.waitFor();
    const fix = blocker.locator('li.fix', { hasText: SECRETS_USER_ROLE }).first();
    assert.ok(((await fix.locator('.command-bash code').textContent()) ?? '').includes('--assignee-object-id fa179698-8ad5-4c3a-aa6b-a2d94bd23512'));
    await fix.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'report-blocked');

    await fix.getByRole('button', { name: /^Insert bash in terminal/ }).click();
    const terminal = page.locator('.terminal-wrapper .xterm-rows').first();
    await terminal.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => {
      const rows = (globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null } | null } }).document.querySelector(
        '.terminal-wrapper .xterm-rows',
      );
      return (rows?.textContent ?? '').includes('az role assignment create');
    }, undefined, { timeout: 30_000 });
    assert.equal(workbench.sandbox.state.roleAssignments.size, 1, 'inserting the command must not run it');

    const assignmentsBefore = workbench.sandbox.state.roleAssignments.size;
    await fix.getByRole('button', { name: /^Apply\.\.\./ }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const dialogText = (await dialog.textContent()) ?? '';
    assert.ok(dialogText.includes('PUT /subscriptions/'), dialogText);
    assert.ok(dialogText.includes(SECRETS_USER_ROLE), dialogText);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();

    await report.locator('.verdict-value', { hasText: /^(should-work|unknown)$/ }).waitFor({ timeout: 60_000 });
    const unknowns = await report.locator('article.severity-unknown').allTextContents();
    assert.equal(await report.locator('.verdict-value').textContent(), 'should-work', unknowns.join('\n'));
    assert.equal(workbench.sandbox.state.roleAssignments.size, assignmentsBefore + 1);
    await report.locator('.verdict').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'report-after-apply');
  });

  it('diagnoses from an identity', async () => {
    const page = workbench.session.page;
    await treeRow(page, 'id-orders-api').click({ button: 'right' });
    await chooseMenuItem(page, 'Diagnose 403 for This Identity...');
    await pickQuickInputItem(page, 'kv-orders-prod');
    await pickQuickInputItem(page, 'Application reads one secret');
    await answerQuickInput(page, 'orders-api-key');
    await pickQuickInputItem(page, 'aks-prod');

    // The role assignment applied by the previous test is in place now.
    const report = reportFrame(page);
    await report.locator('dd', { hasText: 'secrets/orders-api-key' }).waitFor({ timeout: 60_000 });
    assert.equal(await report.locator('.verdict-value').textContent(), 'should-work');
    assert.match((await report.locator('dd', { hasText: 'id-orders-api' }).textContent()) ?? '', /639238ce-6f81-48cd-a6bd-142e9fd6eb53/);
  });

  it('shows the error welcome', async () => {
    const page = workbench.session.page;
    const settingsFile = path.join(workbench.workspace, '.vscode', 'settings.json');
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ 'kvDoctor.customCloud.resourceManagerEndpoint': '' }));

    const welcome = page.locator('.welcome-view-content', { hasText: 'Listing failed' }).first();
    await welcome.waitFor({ timeout: 30_000 });
    assert.equal(await treeRow(page, 'kv-orders-prod').count(), 0);
    await saveScreenshot(page, 'welcome-error');

    rmSync(settingsFile);
    await treeRow(page, 'kv-orders-prod').waitFor({ timeout: 60_000 });
  });

  it('renders hostile names as text', async () => {
    const page = workbench.session.page;
    const facts = JSON.parse(
      JSON.stringify({
        schema: 'kv-doctor-facts/1',
        now: '2026-12-04T12:00:00Z',
        request: { vaultId: readCase(CASE_FILE).question.vault, caller: { objectId: 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512' }, operations: ['secrets/get'], objects: [] },
        caller: { principalId: 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512', displayName: '<img src=x onerror="window.__kvdInjected=1"><script>window.__kvdInjected=2</script>' },
        identities: [],
        directory: { principals: [], missingObjectIds: [] },
        roleAssignments: [],
        roleDefinitions: [],
        denyAssignments: [],
        managementGroupIds: [],
        objects: [],
        network: { privateEndpoints: [], privateDnsZones: [], virtualNetworks: [] },
        gaps: [{ fact: 'vault', error: '<b onmouseover="window.__kvdInjected=3">vault</b><script>window.__kvdInjected=4</script>' }],
      }),
    );
    writeFileSync(path.join(workbench.workspace, 'hostile-facts.json'), JSON.stringify(facts, null, 2));

    await quickOpenFile(page, 'hostile-facts.json');
    await runCommand(page, 'Key Vault Access Doctor: Open Saved Diagnosis');

    const report = reportFrame(page);
    const caller = report.locator('dd', { hasText: '<img src=x' });
    await caller.waitFor({ timeout: 30_000 });
    assert.equal(await report.locator('img').count(), 0);
    assert.equal(await report.locator('#report script').count(), 0);
    assert.equal(await report.locator('b[onmouseover]').count(), 0);

    const frame = await reportFrameHandle(page);
    const injected = await frame.evaluate(() => (globalThis as { __kvdInjected?: number }).__kvdInjected);
    assert.equal(injected, undefined);
    await saveScreenshot(page, 'report-hostile-names');
  });

  it('reaches report buttons by keyboard', async () => {
    const page = workbench.session.page;
    const report = reportFrame(page);
    await report.locator('.verdict').click();
    await page.keyboard.press('Tab');

    const frame = await reportFrameHandle(page);
    const focused = await frame.evaluate(() => {
      const active = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string | null } | null } }).document.activeElement;
      return active ? { tag: active.tagName, text: active.textContent } : undefined;
    });
    assert.equal(focused?.tag, 'BUTTON');
    assert.equal(focused?.text, 'Export as Markdown');

    const outline = await report.locator('button:focus-visible').evaluate((element) => {
      const view = element.ownerDocument.defaultView;
      return view ? view.getComputedStyle(element).outlineStyle : 'none';
    });
    assert.notEqual(outline, 'none');
  });

  it('follows the high contrast theme', async () => {
    const page = workbench.session.page;
    // Workspace settings apply at once, like a theme chosen in the picker.
    mkdirSync(path.join(workbench.workspace, '.vscode'), { recursive: true });
    writeFileSync(path.join(workbench.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': 'Default High Contrast' }));

    const report = reportFrame(page);
    await report.locator('body').evaluate(async (body) => {
      // The webview receives the new theme's variables asynchronously.
      for (let attempt = 0; attempt < 50 && !body.classList.contains('vscode-high-contrast'); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    const colours = await report.locator('body').evaluate((body) => {
      const view = body.ownerDocument.defaultView;
      return { background: view?.getComputedStyle(body).backgroundColor, highContrast: body.classList.contains('vscode-high-contrast') };
    });
    assert.equal(colours.highContrast, true);
    assert.equal(colours.background, 'rgb(0, 0, 0)');
    await saveScreenshot(page, 'report-high-contrast');
  });
});
