/**
 * The Markdown report, for a ticket or a pull request comment.
 *
 * Every text that can hold a name from Azure goes through `escapeMarkdown`, so Markdown and HTML
 * in a name are shown, not interpreted. Commands go into fenced code blocks whose fence is longer
 * than any backtick run inside them.
 */
import { hasInvisibleCharacters, showInvisibleCharacters } from '../fixes/quote';
import type { RenderedFix } from '../fixes/types';
import type { RecentDenials } from '../diagnosis/finding';
import { denialCallerLabel, denialOperationLabel } from './denialLabels';
import { DENIALS_TRUNCATED, editSteps, familyTitle, groupByFamily, needsAction, NO_DENIALS, SEVERITY_LABELS } from './labels';
import type { DiagnosisOutput, FindingOutput } from './output';
import { summarize, type SummaryItem } from './summary';
import { callerText } from './text';

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
  const summary = summarize(output.verdict, output.findings, output.notice);
  const blocks: string[] = [];

  blocks.push('# Key Vault access diagnosis');
  blocks.push(`**Verdict:** ${escapeMarkdown(summary.sentence)}`);
  if (summary.notice) {
    blocks.push(`**${escapeMarkdown(summary.notice)}**`);
  }
  if (summary.items.length > 0) {
    blocks.push('## Summary', summary.items.map(summaryLine).join('\n'));
  }
  blocks.push(
    [
      `- Vault: ${escapeMarkdown(output.vaultId)}`,
      `- Caller: ${escapeMarkdown(callerText(output))}`,
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

  if (output.recentDenials) {
    blocks.push(...denialBlocks(output.recentDenials));
  }
  return `${blocks.join('\n\n')}\n`;
}

function summaryLine(item: SummaryItem): string {
  const fix = item.firstFix ? `. First fix: ${escapeMarkdown(item.firstFix)}` : '';
  return `- **${escapeMarkdown(SEVERITY_LABELS[item.severity])}** ${escapeMarkdown(item.title)} (${escapeMarkdown(item.code)})${fix}`;
}

/** Lists the logged denials as a table: caller, operation, reason, client address, count and last seen. */
function denialBlocks(denials: RecentDenials): string[] {
  const blocks = ['## Recent denials in the audit log', escapeMarkdown(`${denials.window.start} to ${denials.window.end}, workspace ${denials.workspaceId}, table ${denials.table}.`)];
  if (denials.groups.length === 0) {
    blocks.push(escapeMarkdown(NO_DENIALS));
  } else {
    const rows = denials.groups.map((group) =>
      [denialCallerLabel(group), denialOperationLabel(group), group.reason, group.clientAddress ?? '', String(group.count), group.lastSeen].map(escapeMarkdown).join(' | '),
    );
    blocks.push(['| Caller | Operation | Reason | Client address | Count | Last seen |', '| --- | --- | --- | --- | --- | --- |', ...rows.map((row) => `| ${row} |`)].join('\n'));
  }
  if (denials.truncated) {
    blocks.push(escapeMarkdown(DENIALS_TRUNCATED));
  }
  return blocks;
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
      if (check.expect) {
        blocks.push(`Expect: ${escapeMarkdown(check.expect)}`);
      }
      if (check.note) {
        blocks.push(escapeMarkdown(check.note));
      }
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
