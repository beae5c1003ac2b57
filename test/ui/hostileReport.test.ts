/**
 * The report in code-server and Chromium for a sandbox tenant with hostile names: a custom role
 * whose name and description carry script, markup, template syntax, bidirectional controls and
 * shell metacharacters, resource groups with parentheses and non-ASCII letters, hostile tags and
 * directory display names. The diagnosis runs live from the sidebar; the report must run no
 * injected script, interpret no markup, and show the names as text.
 */
import assert from 'node:assert/strict';
import { BASE_CASE, HOSTILE_FRAGMENTS, HOSTILE_GROUP_SUFFIX, hostileScenario, loadCase, PWNED_GLOBAL } from '../integration/hostile/support/hostileScenario';
import { diagnoseOrdersApiFromVault, openSidebar, reportFrameHandle, saveScreenshot, treeRow, useSandboxWorkbench } from './support';

describe('report with hostile names in the browser', function () {
  this.timeout(180_000);
  const workbench = useSandboxWorkbench({
    scenario: () => hostileScenario(loadCase(BASE_CASE)).scenario,
    workspacePrefix: 'kvd-ui-hostile-',
  });

  it('shows hostile names as text', async () => {
    const page = workbench.session.page;
    await openSidebar(page);
    const vault = treeRow(page, 'kv-orders-prod');
    await vault.waitFor({ timeout: 60_000 });

    const report = await diagnoseOrdersApiFromVault(page, vault);
    assert.equal(await report.locator('.verdict-value').textContent(), 'blocked');
    const blocker = report.locator('article.severity-blocker[data-code="rbac-missing-data-action"]');
    await blocker.waitFor();
    await blocker.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'report-hostile-live');

    // Markup stays text: the report has no element the names could have created.
    assert.equal(await report.locator('img').count(), 0);
    assert.equal(await report.locator('#report script').count(), 0);
    assert.equal(await report.locator('a[href^="javascript:" i]').count(), 0);
    assert.equal(await report.locator('[onerror], [onload], [onclick], [onmouseover]').count(), 0);

    // The names appear literally, template syntax unevaluated.
    const text = (await blocker.textContent()) ?? '';
    assert.ok(text.includes(HOSTILE_FRAGMENTS.script), `the script tag is not shown as text: ${text.slice(0, 500)}`);
    assert.ok(text.includes(HOSTILE_FRAGMENTS.mustache), 'the template syntax is not shown as text');
    assert.ok(text.includes(HOSTILE_FRAGMENTS.templateLiteral), 'the template literal is not shown as text');
    // Bidirectional and zero-width characters show as markers, so the name cannot read as another.
    // eslint-disable-next-line no-control-regex -- the check looks for a terminal escape character
    assert.doesNotMatch(text, /[\u202a-\u202e\u2066-\u2069\u200b\u001b]/);
    assert.ok(text.includes('<U+202E>exe.txt<U+202C>'), 'the bidirectional override is not made visible');
    const command = (await blocker.locator('.command-bash code').first().textContent()) ?? '';
    assert.ok(command.includes(`rg-orders${HOSTILE_GROUP_SUFFIX}`), command);

    // No injected script ran, in the report or in the workbench.
    const frame = await reportFrameHandle(page);
    assert.equal(await frame.evaluate((name) => (globalThis as Record<string, unknown>)[name], PWNED_GLOBAL), undefined);
    assert.equal(await page.evaluate((name) => (globalThis as Record<string, unknown>)[name], PWNED_GLOBAL), undefined);
  });
});
