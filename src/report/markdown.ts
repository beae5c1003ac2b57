/**
 * The Markdown report, for a ticket or a pull request comment.
 *
 * Every text that can hold a name from Azure goes through `escapeMarkdown`, so Markdown and HTML
 * in a name are shown, not interpreted. Commands go into fenced code blocks whose fence is longer
 * than any backtick run inside them.
 */
import { hasInvisibleCharacters, showInvisibleCharacters } from '../fixes/quote';
import type { RenderedFix } from '../fixes/types';
import { editSteps, familyTitle, groupByFamily, needsAction, SEVERITY_LABELS, VERDICT_SENTENCES } from './labels';
import type { DiagnosisOutput, FindingOutput } from './output';

/** Characters with a Markdown meaning anywhere in a line, escaped with a backslash. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|#~!@]/g;
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Escapes text for inline use in CommonMark and GitHub Flavored Markdown: HTML characters become
 * entities, Markdown punctuation gets a backslash, line breaks become spaces, and invisible
 * characters (bidirectional controls, zero-width and control characters) become visible `<U+XXXX>`
 * markers. A list or heading marker at the start, leading white space (which would start a code
 * block) and the `://` and `www.` of autolinks are escaped too (`www.` also after `_` or `*`,
 * where GitHub Flavored Markdown starts an autolink as well), so the text stays one plain
 * paragraph or cell.
 */
export function escapeMarkdown(text: string): string {
  const visible = showInvisibleCharacters(String(text).replace(/\r\n?|\n/g, ' '));
  return visible
    .replace(/[&<>"]/g, (character) => HTML_ENTITIES[character])
    .replace(MARKDOWN_PUNCTUATION, (character) => `\\${character}`)
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/(www)\./gi, '$1\\.')
    .replace(/^(\s*)([-+=]|\d+(?=[.)]))/, (_match, space: string, marker: string) => `${space}${/^\d/.test(marker) ? `${marker}\\` : `\\${marker}`}`)
    .replace(/^[ \t]+/, (space) => space.replace(/ /g, '&#32;').replace(/\t/g, '&#9;'));
}

/**
 * Wraps text in a fenced code block whose fence is one backtick longer than the longest run of
 * backticks inside (at least three), so the content cannot close it. Invisible characters are made
 * visible first: a code block shows them raw, where they could reorder the command on screen.
 */
export function fencedBlock(content: string, language = ''): string {
  const body = hasInvisibleCharacters(content.replace(/\n/g, '')) ? content.split('\n').map(showInvisibleCharacters).join('\n') : content;
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}

/** Formats a rendered diagnosis as Markdown. */
export function formatMarkdown(output: DiagnosisOutput): string {
  const blocks: string[] = [];

  blocks.push('# Key Vault access diagnosis');
  blocks.push(`**Verdict:** ${escapeMarkdown(VERDICT_SENTENCES[output.verdict] ?? String(output.verdict))}`);
  blocks.push(
    [
      `- Vault: ${escapeMarkdown(output.vaultId)}`,
      `- Caller principal id: ${output.principalId ? escapeMarkdown(output.principalId) : 'not resolved'}`,
      `- Facts taken at: ${escapeMarkdown(output.now)}`,
    ].join('\n'),
  );

  blocks.push('## Checks');
  for (const group of groupByFamily(output.findings)) {
    blocks.push(`### ${escapeMarkdown(familyTitle(group.family))}`);
    blocks.push(checkTable(group.findings));
  }

  const actionable = output.findings.filter(needsAction);
  if (actionable.length > 0) {
    blocks.push('## Findings');
    for (const finding of actionable) {
      blocks.push(...findingBlocks(finding));
    }
  }

  return `${blocks.join('\n\n')}\n`;
}

function checkTable(findings: FindingOutput[]): string {
  const rows = findings.map(
    (finding) => `| ${escapeMarkdown(SEVERITY_LABELS[finding.severity] ?? String(finding.severity))} | ${escapeMarkdown(finding.title)} | ${escapeMarkdown(finding.code)} |`,
  );
  return ['| Status | Check | Code |', '| --- | --- | --- |', ...rows].join('\n');
}

function findingBlocks(finding: FindingOutput): string[] {
  const blocks = [`### ${escapeMarkdown(SEVERITY_LABELS[finding.severity] ?? String(finding.severity))}: ${escapeMarkdown(finding.title)}`];

  blocks.push(`Code: ${escapeMarkdown(finding.code)}\n\n${escapeMarkdown(finding.detail)}`);
  if (finding.missing && finding.missing.length > 0) {
    blocks.push(`Missing facts: ${finding.missing.map(escapeMarkdown).join(', ')}`);
  }
  if (finding.evidence.length > 0) {
    blocks.push(['Evidence:', '', ...finding.evidence.map((item) => `- ${escapeMarkdown(item)}`)].join('\n'));
  }

  finding.fixes.forEach((fix, index) => blocks.push(...fixBlocks(fix, index + 1)));

  if (finding.verify && finding.verify.length > 0) {
    blocks.push('#### Check by hand (read-only)');
    for (const check of finding.verify) {
      blocks.push(escapeMarkdown(check.title), fencedBlock(check.az, 'bash'));
    }
  }
  return blocks;
}

function fixBlocks(fix: RenderedFix, number: number): string[] {
  const blocks = [`#### Fix ${number}: ${escapeMarkdown(fix.title)}`];

  if (fix.note) {
    blocks.push(escapeMarkdown(fix.note));
  }
  if (fix.az) {
    blocks.push('bash:', fencedBlock(fix.az, 'bash'));
  }
  if (fix.powershell) {
    blocks.push('PowerShell:', fencedBlock(fix.powershell, 'powershell'));
  }
  for (const write of fix.arm ?? []) {
    const request = `${write.method} ${write.path}?api-version=${write.apiVersion}`;
    const body = write.body === undefined ? '' : `\n\n${JSON.stringify(write.body, null, 2)}`;
    blocks.push(`ARM request: ${escapeMarkdown(write.description)}`, fencedBlock(`${request}${body}`, 'http'));
  }
  if (fix.edit) {
    for (const step of editSteps(fix.edit)) {
      blocks.push(escapeMarkdown(step.heading), ...(step.newText === '' ? [] : [fencedBlock(step.newText)]));
    }
  }
  return blocks;
}
