import assert from 'node:assert/strict';
import fc from 'fast-check';
// marked is installed with @vscode/vsce (a pinned dev dependency); it renders GitHub Flavored Markdown.
import { marked } from 'marked';
import { escapeMarkdown, fencedBlock, formatMarkdown } from '../../../src/report/markdown';
import { renderDiagnosis } from '../../../src/report/output';
import { HOSTILE_NAME, hostileDiagnosis } from './fixtures';

function html(markdown: string): string {
  return marked.parse(markdown, { async: false, gfm: true });
}

/** Returns the text a browser would show for rendered HTML, with tags removed and the common entities decoded. */
function visibleText(rendered: string): string {
  return rendered
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('escapeMarkdown', () => {
  it('keeps hostile text as plain text', () => {
    const rendered = html(escapeMarkdown(HOSTILE_NAME));
    assert.doesNotMatch(rendered, /<img|<strong|<em|<a |<code/);
    assert.equal(rendered.match(/<p>/g)?.length, 1);
  });

  it('shows the same characters it was given, invisible ones as markers', () => {
    const rendered = visibleText(html(escapeMarkdown(HOSTILE_NAME))).trim();
    assert.equal(rendered, HOSTILE_NAME.replace('\u202e', '<U+202E>').replace('\u202c', '<U+202C>').replace('\u001b', '<U+001B>'));
  });

  it('stops list markers, headings and autolinks', () => {
    for (const text of ['- item', '1. first', '# heading', '> quote', 'https://evil.example/x', 'www.evil.example', '+ plus', '=== under', '    indented', '\tx', '  - item']) {
      const rendered = html(escapeMarkdown(text));
      assert.match(rendered, /^<p>[^<]*<\/p>\n?$/, `${text} rendered as ${rendered}`);
    }
  });

  it('keeps one table cell per value', () => {
    const table = `| a | b |\n| --- | --- |\n| ${escapeMarkdown('x | y')} | ${escapeMarkdown('z\nw')} |`;
    const rendered = html(table);
    assert.equal(rendered.match(/<td>/g)?.length, 2);
  });

  it('renders any text as a single paragraph of that text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }).filter((text) => text.trim() !== '' && !text.includes('\u0000')), (text) => {
        const rendered = html(escapeMarkdown(text));
        assert.doesNotMatch(rendered, /<(?!\/?p>)[a-z]/i, rendered);
      }),
      { numRuns: 500 },
    );
  });
});

describe('fencedBlock', () => {
  it('uses a fence longer than any backtick run inside', () => {
    const block = fencedBlock('echo ````x````', 'bash');
    assert.ok(block.startsWith('`````bash\n'));
    assert.ok(block.endsWith('\n`````'));
  });

  it('keeps the content verbatim in the rendered code block', () => {
    const content = "az keyvault secret set-attributes --name '``` <b>x</b>'";
    const rendered = html(fencedBlock(content, 'bash'));
    assert.equal(rendered.match(/<pre>/g)?.length, 1);
    assert.equal(visibleText(rendered).trim(), content);
  });

  it('makes invisible characters visible inside code', () => {
    assert.equal(fencedBlock('a\u202eb'), '```\na<U+202E>b\n```');
  });
});

describe('formatMarkdown', () => {
  const markdown = formatMarkdown(renderDiagnosis(hostileDiagnosis()));
  const rendered = html(markdown);

  it('puts the verdict first', () => {
    assert.match(markdown, /^# Key Vault access diagnosis\n\n\*\*Verdict:\*\* BLOCKED/);
  });

  it('interprets no markup from names', () => {
    assert.doesNotMatch(rendered, /<img|<a |<strong>bold|<em>it/);
    for (const character of ['\u202e', '\u202c', '\u001b']) {
      assert.ok(!markdown.includes(character), `U+${character.charCodeAt(0).toString(16)} is not in the Markdown`);
    }
  });

  it('lists passed checks as well as failed ones', () => {
    assert.match(markdown, /\| OK \| The caller holds a data role on the vault \| rbac-no-assignment \|/);
    assert.match(markdown, /\| BLOCKER \| The secret /);
    assert.match(markdown, /\| UNKNOWN \| Deny assignments could not be read \|/);
  });

  it('keeps each command in one code block', () => {
    const blocks = [...rendered.matchAll(/<pre><code class="language-(\w+)">([\s\S]*?)<\/code><\/pre>/g)];
    const bash = blocks.find((block) => block[1] === 'bash');
    assert.ok(bash, 'a bash block is rendered');
    assert.match(visibleText(bash[2]), /^az keyvault secret set-attributes/);
    assert.match(visibleText(bash[2]), /--enabled true\n$/);
  });

  it('shows missing facts of unknown findings', () => {
    assert.match(markdown, /Missing facts: denyAssignments/);
  });
});
