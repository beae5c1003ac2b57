/**
 * Marks the findings that rest on a denial from Key Vault's audit log, so the user sees that the
 * evidence is the service's own record and not a pasted error, and copies the denials into the
 * diagnosis for the report.
 */
import type { AccessFacts, AuditDenialGroup } from '../facts';
import type { Finding, RecentDenials } from '../finding';

/** Codes whose verdict comes from the request's error when it has one. */
const ERROR_DRIVEN_CODES = new Set<string>(['caller-mismatch', 'network-firewall', 'network-public-access-disabled', 'tenant-mismatch']);

/** Describes one denial group in a line, such as `3× SecretGet by oid=… appid=… from 10.0.0.4 (ForbiddenByRbac), 2026-12-04T11:00:00Z to 2026-12-04T11:40:00Z`. */
export function describeDenial(denial: AuditDenialGroup): string {
  const caller = [
    denial.callerObjectId && `oid=${denial.callerObjectId}`,
    denial.callerClientId && `appid=${denial.callerClientId}`,
    denial.managedIdentityResourceId && `xms_mirid=${denial.managedIdentityResourceId}`,
  ].filter(Boolean);
  const from = denial.clientAddress ? ` from ${denial.clientAddress}` : '';
  const span = denial.firstSeen === denial.lastSeen ? `at ${denial.lastSeen}` : `${denial.firstSeen} to ${denial.lastSeen}`;
  return `${denial.count}× ${denial.operationName} by ${caller.length > 0 ? caller.join(' ') : 'an unnamed caller'}${from} (${denial.reason}), ${span}`;
}

/**
 * Adds the logged denial to the evidence of the findings the error decided, with a sentence that
 * names its source. Findings that passed are left as they are.
 */
export function withAuditEvidence(findings: readonly Finding[], denial: AuditDenialGroup, workspaceId: string | undefined): Finding[] {
  const line = `audit log: ${describeDenial(denial)}`;
  const source =
    ` The error here is not pasted: it is Key Vault's audit record of ${denial.count} refused ${denial.operationName} ${denial.count === 1 ? 'request' : 'requests'}` +
    `${workspaceId ? ` in the Log Analytics workspace ${workspaceId}` : ''}.`;

  return findings.map((finding) => {
    if (!ERROR_DRIVEN_CODES.has(finding.code) || finding.severity === 'ok' || finding.severity === 'info') {
      return finding;
    }
    return { ...finding, detail: `${finding.detail}${source}`, evidence: [...finding.evidence, line] };
  });
}

/** Returns the denials for the diagnosis, or undefined when the audit log was not queried. */
export function recentDenialsOf(facts: AccessFacts): RecentDenials | undefined {
  const auditLog = facts.auditLog;
  if (!auditLog || !auditLog.denials || !auditLog.workspaceId || !auditLog.table || !auditLog.window) {
    return undefined;
  }
  return {
    workspaceId: auditLog.workspaceId,
    table: auditLog.table,
    window: auditLog.window,
    truncated: auditLog.truncated ?? false,
    groups: auditLog.denials,
  };
}
