/**
 * Recent denials of one vault without a full diagnosis, for the Key Vaults view: the vault's
 * diagnostic settings, then the Log Analytics query, through the same readers `collect` uses.
 */
import type { AuditLogFacts, Gap } from '../diagnosis/facts';
import { AzureClients } from './clients';
import { readAuditLog, readDiagnosticSettings, type AuditLogOptions } from './collect/auditLog';
import type { CollectContext } from './collect/context';
import type { AzureEnv } from './env';
import { validateAccessRequest } from './request';

export interface RecentDenialsResult {
  /** Absent when the diagnostic settings could not be read, in which case `gaps` gives the reason. */
  auditLog?: AuditLogFacts;
  gaps: Gap[];
}

/**
 * Reads the audit log facts of the vault. Throws InvalidRequestError for an invalid vault id;
 * Azure errors become gaps.
 */
export async function readRecentDenials(
  vaultId: string,
  env: AzureEnv,
  options: AuditLogOptions & { now?: string; location?: string; signal?: AbortSignal } = {},
): Promise<RecentDenialsResult> {
  // The caller is not part of this read; a placeholder object id satisfies the request check.
  const request = { vaultId, caller: { objectId: '00000000-0000-0000-0000-000000000000' }, operations: [], objects: [] };
  const vault = validateAccessRequest(request);

  const context: CollectContext = { clients: new AzureClients(env), request, vault, signal: options.signal, log: env.log, gaps: [] };
  const settings = await readDiagnosticSettings(context);
  const auditLog = await readAuditLog(context, settings, {
    now: options.now ?? new Date().toISOString(),
    vaultLocation: options.location,
    hours: options.hours,
    maxRows: options.maxRows,
  });
  return auditLog ? { auditLog, gaps: context.gaps } : { gaps: context.gaps };
}
