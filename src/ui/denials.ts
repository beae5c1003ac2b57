/**
 * Recent denials from Key Vault's audit log as the report and the Key Vaults view show them, and
 * the Diagnose 403 arguments that start a diagnosis for a denial's real caller and operation. No
 * `vscode` import, so it is unit-tested in plain Node.
 */
import { lookupOperation } from '../diagnosis/catalogue';
import type { AuditDenialGroup } from '../diagnosis/facts';
import type { RecentDenials } from '../diagnosis/finding';
import { denialCallerLabel, denialOperationLabel } from '../report/denialLabels';
import type { ReportDenial, ReportDenials } from './report/protocol';

export { denialCallerLabel, denialOperationLabel };

/**
 * Builds the arguments of `kvDoctor.diagnose` for a denial: the logged caller (object id, else
 * client id), the logged operation (else `fallbackOperations`) and the logged object. Returns
 * undefined when the log names no caller or no operation is known.
 */
export function denialDiagnoseArguments(vaultId: string, group: AuditDenialGroup, fallbackOperations: readonly string[] = []): Record<string, unknown> | undefined {
  const caller = group.callerObjectId ? { objectId: group.callerObjectId } : group.callerClientId ? { clientId: group.callerClientId } : undefined;
  const operations = group.operation && lookupOperation(group.operation) ? [group.operation] : [...fallbackOperations];
  if (!caller || operations.length === 0) {
    return undefined;
  }
  return { vaultId, caller, operations, objects: group.object ? [group.object] : [], showReport: true };
}

/** Builds the report's view of the recent denials. */
export function reportDenials(denials: RecentDenials, fallbackOperations: readonly string[]): ReportDenials {
  return {
    workspaceId: denials.workspaceId,
    window: `${denials.window.start} - ${denials.window.end}`,
    truncated: denials.truncated,
    groups: denials.groups.map((group, index): ReportDenial => {
      const denial: ReportDenial = {
        id: String(index),
        caller: denialCallerLabel(group),
        operation: denialOperationLabel(group),
        reason: group.reason,
        count: group.count,
        firstSeen: group.firstSeen,
        lastSeen: group.lastSeen,
        canDiagnose: denialDiagnoseArguments('', group, fallbackOperations) !== undefined,
      };
      if (group.clientAddress) {
        denial.clientAddress = group.clientAddress;
      }
      return denial;
    }),
  };
}
