/**
 * Property tests of the Markdown export: whatever text a finding holds, the Markdown that `marked`
 * renders has only the report's own tags, and shows the text literally (line breaks as spaces,
 * invisible characters as `<U+XXXX>` markers).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIAGNOSIS_SCHEMA, type Diagnosis } from '../../../src/diagnosis/finding';
import { showInvisibleCharacters } from '../../../src/fixes/quote';
import { formatMarkdown } from '../../../src/report/markdown';
import { renderDiagnosis } from '../../../src/report/output';
import { htmlTags, renderMarkdownToHtml, textContent } from './support/markdownHtml';

const VAULT = '/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders-prod';

/** Tags the report itself writes: headings, paragraphs, lists, tables, code blocks and emphasis. */
const REPORT_TAG = /^<\/?(h[1-6]|p|ul|ol|li|table|thead|tbody|tr|th|td|pre|code|strong|em|br|hr)(\s+(class="language-[a-z]+"|align="(left|right|center)"))?\s*\/?>$/i;

const FRAGMENTS = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '[x](javascript:alert(1))', '![i](https://example.invalid/i.png)',
  'https://example.invalid', 'www.example.invalid', '{{7*7}}', '${7*7}', '<!--', '-->', '<![CDATA[', '&lt;', '&#60;', '&amp;',
  '```', '~~~', '    ', '\t', '# ', '- ', '1. ', '> ', '| a | b |', '---', '***', '___', '\\', '`', '*', '_', '[', ']', '(', ')', '!', '<', '>',
  '\u202e', '\u2066', '\u200b', '\u001b[31m', '\n', '\r\n', 'ü', '東京',
];

const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 }), fc.stringMatching(/^[a-z]{1,6}$/)), { minLength: 1, maxLength: 10 })
  .map((parts) => parts.join(''));

function diagnosisWith(title: string, detail: string, evidence: string): Diagnosis {
  return {
    schema: DIAGNOSIS_SCHEMA,
    verdict: 'blocked',
    now: '2026-12-04T12:00:00Z',
    vaultId: VAULT,
    findings: [
      {
        code: 'rbac-missing-data-action',
        family: 'authorization',
        severity: 'blocker',
        title,
        detail,
        evidence: [evidence],
        fixes: [],
      },
    ],
  };
}

/** What a reader should see for `text` in a paragraph: one line, invisible characters marked, spaces collapsed. */
function shown(text: string): string {
  return showInvisibleCharacters(text.replace(/\r\n?|\n/g, ' ')).replace(/\s+/g, ' ').trim();
}

describe('Markdown export with hostile text', function () {
  this.timeout(60_000);

  it('renders only the report tags', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, hostileText, async (title, detail, evidence) => {
        const html = await renderMarkdownToHtml(formatMarkdown(renderDiagnosis(diagnosisWith(title, detail, evidence))));

        assert.deepEqual(htmlTags(html).filter((tag) => !REPORT_TAG.test(tag)), []);
      }),
      { numRuns: 300 },
    );
  });

  it('shows the text literally', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (title, detail) => {
        const text = textContent(await renderMarkdownToHtml(formatMarkdown(renderDiagnosis(diagnosisWith(title, detail, 'evidence')))));

        assert.ok(text.includes(shown(title)), `title ${JSON.stringify(title)} shown as ${JSON.stringify(text)}`);
        assert.ok(text.includes(shown(detail)), `detail ${JSON.stringify(detail)} shown as ${JSON.stringify(text)}`);
      }),
      { numRuns: 300 },
    );
  });
});
