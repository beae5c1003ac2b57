/** Builds network findings. */
import type { Finding } from '../../finding';
import { capitalize, type FindingInput } from '../identity/findings';

export function networkFinding(input: FindingInput): Finding {
  const finding: Finding = {
    code: input.code,
    family: 'network',
    severity: input.severity,
    title: capitalize(input.title),
    detail: capitalize(input.detail),
    evidence: input.evidence ?? [],
    fixes: input.fixes ?? [],
  };
  if (input.missing) finding.missing = input.missing;
  return finding;
}

/**
 * Turns a blocker that holds only under `condition` into an `unknown` finding without fixes,
 * because unread facts leave the condition undecided. A gap proves no block, and a fix (such as
 * opening public network access) could weaken a setup that already works. `because` names the
 * unread facts. Other severities pass through unchanged.
 */
export function undecided(finding: Finding, missing: string[], condition: string, because: string): Finding {
  if (finding.severity !== 'blocker' || missing.length === 0) {
    return finding;
  }
  return {
    ...finding,
    severity: 'unknown',
    title: `If ${condition}: ${lowerFirst(finding.title)}`,
    detail: `${finding.detail} Whether ${condition} is unknown because ${because}.`,
    fixes: [],
    missing: [...new Set([...(finding.missing ?? []), ...missing])],
  };
}

/** Lower-cases the first letter of a sentence that starts with an ordinary word ("The", "Public"). */
function lowerFirst(title: string): string {
  return /^[A-Z][a-z]+\b/.test(title) && !/^[A-Z][a-z]+[A-Z]/.test(title) ? `${title[0].toLowerCase()}${title.slice(1)}` : title;
}
