/**
 * Audit log check: reports when Key Vault's own record of refused requests could not be read, and
 * how to start keeping it. The denials themselves feed the other checks as the request's error
 * (see `buildContext`), so this check never turns an empty log into a reason to expect success:
 * every finding it makes is `info`.
 */
import type { Check, CheckContext } from '../context';
import type { AuditLogFacts } from '../facts';
import type { Finding, Fix, FixSpec } from '../finding';

/** Name of the diagnostic setting the enable command creates. */
export const AUDIT_SETTING_NAME = 'kv-doctor-audit';

/** Key Vault's log category that records every data-plane request with its caller and result. */
export const AUDIT_CATEGORY = 'AuditEvent';

function auditFinding(title: string, detail: string, evidence: string[], fixes: Fix[], missing?: string[]): Finding {
  const finding: Finding = {
    code: 'audit-log-unavailable',
    family: 'collection',
    severity: 'info',
    title,
    detail,
    evidence,
    fixes,
  };
  if (missing) {
    finding.missing = missing;
  }
  return finding;
}

function enableFix(context: CheckContext, auditLog: AuditLogFacts | undefined): Fix {
  const vaultId = context.facts.vault?.id ?? context.facts.request.vaultId;
  const workspaceId = auditLog?.candidateWorkspaceId;
  const spec: FixSpec = { kind: 'diagnostic-setting-create', vaultId, name: AUDIT_SETTING_NAME, categories: [AUDIT_CATEGORY] };
  if (workspaceId) {
    spec.workspaceId = workspaceId;
  }

  return {
    title: workspaceId
      ? `Send the vault's audit events to the Log Analytics workspace ${workspaceId.split('/').pop() ?? workspaceId}`
      : "Send the vault's audit events to a Log Analytics workspace (fill in the workspace)",
    spec,
  };
}

/** Findings of the audit log check. */
export const auditLogChecks: Check = (context) => {
  const auditLog = context.facts.auditLog;
  const gap = context.gap('auditLog');
  const vaultId = context.facts.vault?.id ?? context.facts.request.vaultId;

  if (gap) {
    const denied = gap.status === 401 || gap.status === 403;
    const access = auditLog?.workspaceId
      ? `The signed-in account needs read access to the Log Analytics workspace ${auditLog.workspaceId} (Log Analytics Reader). `
      : "The signed-in account needs read access to the vault's diagnostic settings (Reader on the vault). ";
    return [
      auditFinding(
        'Recent denials could not be read from the audit log',
        `${gap.error.replace(/\.+$/, '')}. ${denied ? access : ''}` +
          "The diagnosis therefore rests on Azure Resource Manager's facts alone; the absence of logged denials proves nothing here.",
        [auditLog?.workspaceId ?? vaultId],
        [],
        ['auditLog'],
      ),
    ];
  }

  if (!auditLog || auditLog.destination === 'log-analytics') {
    return [];
  }

  const detail =
    auditLog.destination === 'none'
      ? `No diagnostic setting of the vault sends the ${AUDIT_CATEGORY} category to Log Analytics or anywhere else, so Key Vault's record of who was refused, from which address and why cannot be read. `
      : `The vault's ${AUDIT_CATEGORY} logs go to a storage account or an event hub but to no Log Analytics workspace, so they cannot be queried here. `;
  return [
    auditFinding(
      'Key Vault audit events are not sent to Log Analytics',
      `${detail}Enable it to see the caller, client address and reason of each denial from then on; events from before are not recovered.`,
      [vaultId],
      [enableFix(context, auditLog)],
    ),
  ];
};
