/**
 * The JSON contract of a rendered diagnosis: what `kv-doctor diagnose --format json` prints and
 * what the text and Markdown reports are made from.
 *
 * Fields are never removed or renamed; new ones may be added.
 */
import type { AccessFacts } from '../diagnosis/facts';
import type { CauseCode, CheckFamily, Diagnosis, Finding, RecentDenials, Severity, Verdict } from '../diagnosis/finding';
import { renderClusterChecks } from '../fixes/clusterChecks';
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
  /**
   * Read-only commands to confirm the finding by hand; only for blockers, warnings and unknowns.
   * The Azure commands come first, then the `kubectl exec` checks inside the cluster, which add
   * what their output should show (`expect`) and a `note`.
   */
  verify?: VerifyCommand[];
}

export type VerifyCommand = RenderedCommand & { expect?: string; note?: string };

export interface DiagnosisOutput {
  schema: Diagnosis['schema'];
  verdict: Verdict;
  findings: FindingOutput[];
  now: string;
  vaultId: string;
  principalId?: string;
  /** The caller's display name, when known. */
  callerName?: string;
  /** One condition that explains the whole diagnosis, such as a vault id that names no vault. */
  notice?: string;
  /** Denials from Key Vault's audit log, grouped by caller, operation, reason and client address, when the log was read. */
  recentDenials?: RecentDenials;
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
  if (diagnosis.callerName !== undefined) {
    output.callerName = diagnosis.callerName;
  }
  if (diagnosis.notice !== undefined) {
    output.notice = diagnosis.notice;
  }
  if (diagnosis.recentDenials !== undefined) {
    output.recentDenials = diagnosis.recentDenials;
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
    const verify: VerifyCommand[] = [...verificationCommands(finding, facts), ...renderClusterChecks(finding.verify)];
    if (verify.length > 0) {
      output.verify = verify;
    }
  }
  return output;
}
