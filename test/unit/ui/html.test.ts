import assert from 'node:assert/strict';
import { contentSecurityPolicy, createNonce, renderReportHtml } from '../../../src/ui/report/html';

const input = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/media/report.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/report.css',
  title: '403 diagnosis: <kv>',
  language: 'en',
};

describe('report HTML', () => {
  it('policy denies everything by default', () => {
    const policy = contentSecurityPolicy(input.cspSource, input.nonce);
    assert.match(policy, /^default-src 'none'/);
    assert.ok(!policy.includes('unsafe-inline'));
    assert.ok(!policy.includes('unsafe-eval'));
    assert.ok(policy.includes("script-src 'nonce-abc123'"));
    assert.ok(policy.includes(`style-src ${input.cspSource}`));
  });

  it('loads one script by nonce', () => {
    const html = renderReportHtml(input);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0].includes('nonce="abc123"'));
    assert.ok(scripts[0].includes(`src="${input.scriptUri}"`));
    assert.ok(!/<style\b/.test(html), 'no inline style element');
    assert.ok(!/\sstyle="/.test(html), 'no inline style attribute');
  });

  it('escapes the title', () => {
    const html = renderReportHtml(input);
    assert.ok(html.includes('<title>403 diagnosis: &lt;kv&gt;</title>'));
  });

  it('nonce is random and long', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) {
      assert.ok(Buffer.from(nonce, 'base64').length === 16, nonce);
    }
  });
});
