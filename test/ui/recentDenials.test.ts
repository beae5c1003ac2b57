/**
 * Recent denials in code-server, driven through Chromium. The vault's "Recent denials" folder in
 * the sidebar lists what Key Vault's audit log recorded: the node pool's kubelet identity was
 * refused SecretGet. Its Diagnose action opens a report for that caller, and the report's own
 * "Recent denials" section offers Diagnose again. Screenshots go to .test-artifacts/screenshots/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../../src/scenario/types';
import { repoRoot } from '../vscode/support/sandboxEnvironment';
import { chooseMenuItem, openSidebar, reportFrame, saveScreenshot, treeRow, useSandboxWorkbench } from './support';

const FIXTURE = path.join(repoRoot, 'test/fixtures/scenarios/audit-log-kubelet-caller.json');
const KUBELET_OBJECT_ID = 'e4022cb0-4474-4f6f-b5bf-02d2ab6e5f81';

/** The fixture with its audit rows moved to the last hour, because the extension queries the 24 hours before the machine's clock. */
function recentFixture(): Scenario {
  const scenario = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Scenario;
  const rows = scenario.tenant.logAnalytics?.[0]?.tables.AZKVAuditLogs ?? [];
  rows.forEach((row, index) => {
    row.TimeGenerated = new Date(Date.now() - (index + 1) * 5 * 60_000).toISOString();
  });
  return scenario;
}

describe('recent denials in the browser', function () {
  this.timeout(180_000);
  const workbench = useSandboxWorkbench({ scenario: recentFixture });

  it('lists and diagnoses logged denials', async () => {
    const page = workbench.session.page;
    await openSidebar(page);
    const vault = treeRow(page, 'kv-catalog-prod');
    await vault.waitFor({ timeout: 60_000 });
    await vault.click();

    const folder = treeRow(page, 'Recent denials');
    await folder.waitFor({ timeout: 30_000 });
    await folder.click();
    const denial = treeRow(page, 'SecretGet (secrets/get)');
    await denial.waitFor({ timeout: 30_000 });
    const text = (await denial.textContent()) ?? '';
    assert.match(text, /3× SecretGet \(secrets\/get\)/);
    assert.match(text, /ForbiddenByRbac/);
    assert.ok(text.includes(KUBELET_OBJECT_ID), text);
    await saveScreenshot(page, 'recent-denials-tree');

    await denial.click({ button: 'right' });
    await chooseMenuItem(page, 'Diagnose 403 for This Caller and Operation');

    const report = reportFrame(page);
    await report.locator('.verdict-value').waitFor({ timeout: 60_000 });
    const section = report.locator('section.recent-denials');
    await section.waitFor();
    const row = section.locator('li.denial').first();
    assert.match((await row.textContent()) ?? '', /3×\s*SecretGet \(secrets\/get\)\s*ForbiddenByRbac/);
    assert.ok(((await row.locator('.caller').textContent()) ?? '').includes(KUBELET_OBJECT_ID));
    assert.ok(((await report.locator('.subject').textContent()) ?? '').includes(KUBELET_OBJECT_ID));
    await section.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'recent-denials-report');

    const tabs = page.locator('.tabs-container .tab');
    const before = await tabs.count();
    await row.getByRole('button', { name: /^Diagnose/ }).click();
    await page.waitForFunction((count) => {
      const documentRef = (globalThis as unknown as { document: { querySelectorAll(selector: string): { length: number } } }).document;
      return documentRef.querySelectorAll('.tabs-container .tab').length > count;
    }, before, { timeout: 60_000 });
  });
});
