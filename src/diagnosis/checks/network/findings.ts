/** Builds network findings. */
import type { Finding } from '../../finding';
import { capitalize, type FindingInput } from '../identity/findings';

export function networkFinding(input: FindingInput): Finding {
  const finding: Finding = {
    code: input.code,
    family: 'network',
    severity: input.severity,
    title: capitalize(input.title),
    detail: input.detail,
    evidence: input.evidence ?? [],
    fixes: input.fixes ?? [],
  };
  if (input.missing) finding.missing = input.missing;
  return finding;
}
