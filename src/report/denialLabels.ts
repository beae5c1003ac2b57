/**
 * Names of a logged denial's caller and operation, shared by the command line reports, the report
 * webview and the Key Vaults view.
 */
import type { AuditDenialGroup } from '../diagnosis/facts';

/** Names the logged caller: object id and client id, or the managed identity resource when that is all the log has. */
export function denialCallerLabel(group: AuditDenialGroup): string {
  const ids = [group.callerObjectId && `oid ${group.callerObjectId}`, group.callerClientId && `appid ${group.callerClientId}`].filter(Boolean);
  if (group.managedIdentityResourceId) {
    ids.push(`(${group.managedIdentityResourceId.split('/').pop() ?? group.managedIdentityResourceId})`);
  }
  return ids.length > 0 ? ids.join(' ') : 'caller not logged';
}

/** Names the operation as logged, with the catalogue name when the log's name maps to one. */
export function denialOperationLabel(group: AuditDenialGroup): string {
  return group.operation ? `${group.operationName} (${group.operation})` : group.operationName;
}
