/**
 * The extension in code-server, driven through Debian's Chromium: the sidebar, Diagnose 403 from
 * a vault's context menu, the report, and Apply through the modal confirmation, against a local
 * sandbox seeded with a shared case. Screenshots go to .test-artifacts/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { openWorkbench, type WorkbenchSession } from '../support/vscode/uiSession';
import { readCase, sandboxEnvironment, sandboxSettings } from '../vscode/support/sandboxEnvironment';
import { answerQuickInput, chooseMenuItem, openSidebar, reportFrame, reportFrameHandle, runCommand, saveScreenshot, treeRow } from './support';

const CASE_FILE = 'eso-find-with-key-vault-reader-cannot-get.json';
const SECRETS_USER_ROLE = '4633458b-17de-408a-b874-0445c86b69e6';

describe('report in the browser', function () {
  this.timeout(180_000);
  let sandbox: Sandbox;
  let session: WorkbenchSession;
  let workspace: string;

  before(async function () {
    sandbox = await startSandbox({ scenario: readCase(CASE_FILE) });
    workspace = mkdtempSync(path.join(os.tmpdir(), 'kvd-ui-workspace-'));
    session = await openWorkbench({ workspace, env: sandboxEnvironment(sandbox), settings: sandboxSettings(sandbox) });
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

  it('diagnoses and applies from the sidebar', async () => {
    const page = session.page;
    await openSidebar(page);
    const vault = treeRow(page, 'kv-orders-prod');
    await vault.waitFor({ timeout: 60_000 });
    assert.match((await vault.textContent()) ?? '', /RBAC · public access disabled/);
    await treeRow(page, 'id-orders-api').waitFor();
    await saveScreenshot(page, 'tree');

    await vault.click({ button: 'right' });
    await chooseMenuItem(page, 'Diagnose 403...');
    await answerQuickInput(page, 'id-orders-api');
    await answerQuickInput(page, 'External Secrets: dataFrom[].find');
    await answerQuickInput(page, 'orders-api-key, orders-db-password');

    const report = reportFrame(page);
    await report.locator('.verdict-value').waitFor({ timeout: 60_000 });
    assert.equal(await report.locator('.verdict-value').textContent(), 'blocked');
    const blocker = report.locator('article.severity-blocker[data-code="rbac-missing-data-action"]');
    await blocker.waitFor();
    const fix = blocker.locator('li.fix', { hasText: SECRETS_USER_ROLE }).first();
    assert.ok(((await fix.locator('.command-bash code').textContent()) ?? '').includes('--assignee-object-id fa179698-8ad5-4c3a-aa6b-a2d94bd23512'));
    await fix.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'report-blocked');

    const assignmentsBefore = sandbox.state.roleAssignments.size;
    await fix.getByRole('button', { name: /^Apply\.\.\./ }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const dialogText = (await dialog.textContent()) ?? '';
    assert.ok(dialogText.includes('PUT /subscriptions/'), dialogText);
    assert.ok(dialogText.includes(SECRETS_USER_ROLE), dialogText);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();

    await report.locator('.verdict-value', { hasText: 'should-work' }).waitFor({ timeout: 60_000 });
    assert.equal(sandbox.state.roleAssignments.size, assignmentsBefore + 1);
    await report.locator('.verdict').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'report-after-apply');
  });

  it('renders hostile names as text', async () => {
    const page = session.page;
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
    writeFileSync(path.join(workspace, 'hostile-facts.json'), JSON.stringify(facts, null, 2));

    await page.keyboard.press('Control+P');
    await answerQuickInput(page, 'hostile-facts.json');
    await page.locator('.monaco-editor').first().waitFor();
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
});
