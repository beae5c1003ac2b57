/**
 * The JSON contract of a rendered diagnosis: what `kv-doctor diagnose --format json` prints and
 * what the text and Markdown reports are made from.
 *
 * Fields are never removed or renamed; new ones may be added.
 */
import type { AccessFacts } from '../diagnosis/facts';
import type { CauseCode, CheckFamily, Diagnosis, Finding, Severity, Verdict } from '../diagnosis/finding';
import { renderFix } from '../fixes/render';
import type { RenderedCommand, RenderedFix } from '../fixes/types';
import { verificationCommands } from '../fixes/verification';

export interface FindingOutput {
  code: CauseCode;
  severity: Severity;
  family: CheckFamily;
  title: string;
  detail: string;
  evidence: string[];
  fixes: RenderedFix[];
  /** For `unknown` findings: the facts that were missing. */
  missing?: string[];
  /** Read-only commands to confirm the finding by hand; only for blockers, warnings and unknowns. */
  verify?: RenderedCommand[];
}

export interface DiagnosisOutput {
  schema: Diagnosis['schema'];
  verdict: Verdict;
  findings: FindingOutput[];
  now: string;
  vaultId: string;
  principalId?: string;
}

const VERIFIED_SEVERITIES: readonly Severity[] = ['blocker', 'warning', 'unknown'];

/**
 * Renders every fix of every finding and adds the check-by-hand commands. `facts`, when given,
 * supply ids the findings' evidence may not hold (the caller's principal id, the cluster).
 */
export function renderDiagnosis(diagnosis: Diagnosis, facts?: AccessFacts): DiagnosisOutput {
  const output: DiagnosisOutput = {
    schema: diagnosis.schema,
    verdict: diagnosis.verdict,
    findings: diagnosis.findings.map((finding) => renderFinding(finding, facts)),
    now: diagnosis.now,
    vaultId: diagnosis.vaultId,
  };
  if (diagnosis.principalId !== undefined) {
    output.principalId = diagnosis.principalId;
  }
  return output;
}

function renderFinding(finding: Finding, facts?: AccessFacts): FindingOutput {
  const output: FindingOutput = {
    code: finding.code,
    severity: finding.severity,
    family: finding.family,
    title: finding.title,
    detail: finding.detail,
    evidence: finding.evidence,
    fixes: finding.fixes.map(renderFix),
  };
  if (finding.missing !== undefined) {
    output.missing = finding.missing;
  }

  if (VERIFIED_SEVERITIES.includes(finding.severity)) {
    const verify = verificationCommands(finding, facts);
    if (verify.length > 0) {
      output.verify = verify;
    }
  }
  return output;
}
