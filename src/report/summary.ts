/**
 * The top of every report (text, Markdown and the webview). It contains the verdict in one
 * sentence with counts, a notice when one condition explains the whole diagnosis (a vault that
 * does not exist), and each blocker, unknown check and warning with its first fix. The
 * per-family list of checks follows it.
 */
import type { Severity, Verdict } from '../diagnosis/finding';

/** The fields of a finding that the summary reads, which `Finding` and `FindingOutput` both have. */
export interface SummarySource {
  severity: Severity;
  code: string;
  title: string;
  fixes: readonly { title: string }[];
}

export interface SummaryItem {
  /** Index of the finding in the list given to `summarize`. */
  findingIndex: number;
  severity: 'blocker' | 'warning' | 'unknown';
  code: string;
  title: string;
  /** Title of the finding's first fix, when it has one. */
  firstFix?: string;
}

export interface ReportSummary {
  /** The verdict as one sentence, such as "BLOCKED: 1 blocker stops the request.". */
  sentence: string;
  notice?: string;
  items: SummaryItem[];
}

const SUMMARY_SEVERITIES: readonly SummaryItem['severity'][] = ['blocker', 'warning', 'unknown'];

/** Writes `1 blocker` or `2 blockers`. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** Writes the verdict sentence with the number of blockers, unknown checks and warnings. */
export function verdictSentence(verdict: Verdict, findings: readonly Pick<SummarySource, 'severity'>[]): string {
  const count = (severity: Severity): number => findings.filter((finding) => finding.severity === severity).length;
  const warnings = count('warning');
  const withWarnings = warnings > 0 ? `, with ${countOf(warnings, 'warning')}` : '';

  switch (verdict) {
    case 'blocked': {
      const blockers = count('blocker');
      return `BLOCKED: ${countOf(blockers, 'blocker')} ${blockers === 1 ? 'stops' : 'stop'} the request${withWarnings}.`;
    }
    case 'unknown': {
      const unknown = count('unknown');
      return `UNKNOWN: no blocker was found, but ${countOf(unknown, 'check')} could not run${withWarnings}.`;
    }
    case 'should-work':
      return warnings > 0 ? `SHOULD WORK${withWarnings}: no check found a blocker.` : 'SHOULD WORK: every check passed.';
    default:
      return String(verdict).toUpperCase();
  }
}

/** Builds the summary: blockers first, then unknown checks, then warnings, each in the findings' order. */
export function summarize(verdict: Verdict, findings: readonly SummarySource[], notice?: string): ReportSummary {
  const order: readonly SummaryItem['severity'][] = ['blocker', 'unknown', 'warning'];
  const items = findings
    .map((finding, index) => ({ finding, index }))
    .filter((entry): entry is { finding: SummarySource & { severity: SummaryItem['severity'] }; index: number } => SUMMARY_SEVERITIES.includes(entry.finding.severity as SummaryItem['severity']))
    .sort((a, b) => order.indexOf(a.finding.severity) - order.indexOf(b.finding.severity) || a.index - b.index)
    .map(({ finding, index }): SummaryItem => {
      const item: SummaryItem = { findingIndex: index, severity: finding.severity, code: finding.code, title: finding.title };
      if (finding.fixes[0]) {
        item.firstFix = finding.fixes[0].title;
      }
      return item;
    });

  const summary: ReportSummary = { sentence: verdictSentence(verdict, findings), items };
  if (notice) {
    summary.notice = notice;
  }
  return summary;
}
