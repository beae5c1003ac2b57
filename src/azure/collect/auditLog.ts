/**
 * Key Vault's own record of recent denials. Wave 1 reads the vault's diagnostic settings. The last
 * wave then queries the Log Analytics workspace that receives `AuditEvent`, through the query API
 * and bounded in time and rows. When no setting sends the events there, it lists the workspaces
 * of the vault's subscription instead, to offer one as the target of a new setting.
 *
 * The query reads audit records only: who called, from where, which operation and the result.
 * Audit records never carry secret values.
 */
import type { LogsQueryResult, LogsTable } from '@azure/monitor-query-logs';
import type { AuditLogFacts, AuditLogTable } from '../../diagnosis/facts';
import { describeError } from '../errors';
import { mapAuditTable, type AuditTable } from '../map/auditLog';
import { auditDestination } from '../map/diagnosticSettings';
import { text } from '../map/values';
import { guarded, recordGap, type CollectContext } from './context';

/** API version of Microsoft.Insights/diagnosticSettings reads (the first with category groups). */
const DIAGNOSTIC_SETTINGS_API_VERSION = '2021-05-01-preview';

/** API version of Microsoft.OperationalInsights/workspaces list reads. */
const WORKSPACES_API_VERSION = '2023-09-01';

export interface AuditLogOptions {
  /** How far back the query reaches, in hours (default 24). */
  hours?: number;
  /** Maximum rows the query returns (default 200); the denials are grouped from these. */
  maxRows?: number;
}

export const DEFAULT_AUDIT_HOURS = 24;
export const DEFAULT_AUDIT_ROWS = 200;

/** Reads the vault's diagnostic settings; undefined (with an `auditLog` gap) when they cannot be read. */
export function readDiagnosticSettings(context: CollectContext): Promise<Record<string, unknown>[] | undefined> {
  return guarded(context, 'auditLog', `Reading the diagnostic settings of the vault ${context.request.vaultId}`, () =>
    context.clients.armList(`${context.request.vaultId}/providers/Microsoft.Insights/diagnosticSettings`, DIAGNOSTIC_SETTINGS_API_VERSION, { abortSignal: context.signal }),
  );
}

/** Quotes a value as a KQL string literal. */
function kqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Builds the query for one table layout: the vault's refused requests, newest first, at most `maxRows`. */
export function auditQuery(table: AuditLogTable, vaultId: string, maxRows: number): string {
  const vault = kqlString(vaultId);
  if (table === 'AZKVAuditLogs') {
    return [
      'AZKVAuditLogs',
      `| where _ResourceId =~ ${vault}`,
      "| where ResultSignature in~ ('Forbidden', 'Unauthorized') or HttpStatusCode in (401, 403)",
      '| order by TimeGenerated desc',
      `| take ${maxRows}`,
    ].join('\n');
  }
  return [
    'AzureDiagnostics',
    "| where ResourceProvider == 'MICROSOFT.KEYVAULT' and Category == 'AuditEvent'",
    `| where ResourceId =~ ${vault}`,
    "| where ResultSignature in~ ('Forbidden', 'Unauthorized') or httpStatusCode_d in (401, 403)",
    '| order by TimeGenerated desc',
    `| take ${maxRows}`,
  ].join('\n');
}

function auditTable(table: LogsTable): AuditTable {
  return { columns: table.columnDescriptors.map((column) => column.name ?? ''), rows: table.rows as unknown[][] };
}

/** Returns true for a 400 from the query API, which means the table (or a column) does not exist in this workspace. */
function isQueryRejected(error: unknown): boolean {
  return describeError(error).status === 400;
}

interface QueryOutcome {
  table: AuditLogTable;
  result: LogsQueryResult;
}

/**
 * Queries the tables in order and returns the first result with rows, or the last result. A table
 * the workspace rejects (400, as for a table it does not have) moves on to the next one; other
 * errors are thrown.
 */
async function queryTables(context: CollectContext, workspaceId: string, tables: AuditLogTable[], window: { start: Date; end: Date }, maxRows: number): Promise<QueryOutcome> {
  const client = await context.clients.logsQuery();
  if (!client) {
    throw new Error(`The cloud ${context.clients.env.cloud.name} has no Log Analytics query endpoint.`);
  }

  let last: QueryOutcome | undefined;
  for (const [index, table] of tables.entries()) {
    const isLast = index === tables.length - 1;
    try {
      // The query API takes the workspace's resource id after `/v1/`, without the leading slash,
      // which saves reading the workspace for its customerId first.
      // NOTE: this resource-centric form was run against the local sandbox only, not against Azure.
      const result = await client.queryResource(workspaceId.replace(/^\/+/, ''), auditQuery(table, context.request.vaultId, maxRows), { startTime: window.start, endTime: window.end }, { abortSignal: context.signal });
      last = { table, result };
      const tableRows = result.status === 'Success' ? result.tables[0]?.rows : result.partialTables[0]?.rows;
      if ((tableRows?.length ?? 0) > 0 || isLast) {
        return last;
      }
      context.log?.info(`The ${table} table of ${workspaceId} holds no denial for the vault; trying the next layout.`);
    } catch (error) {
      if (isLast || !isQueryRejected(error) || context.signal?.aborted) {
        throw error;
      }
      context.log?.info(`The workspace ${workspaceId} rejected the ${table} query (${describeError(error).message}); trying the next layout.`);
    }
  }
  return last as QueryOutcome;
}

/** Lists the Log Analytics workspaces of the vault's subscription and picks one, preferring the vault's region. */
async function candidateWorkspace(context: CollectContext, location: string | undefined): Promise<string | undefined> {
  const path = `/subscriptions/${context.vault.subscriptionId}/providers/Microsoft.OperationalInsights/workspaces`;
  try {
    const workspaces = await context.clients.armList(path, WORKSPACES_API_VERSION, { abortSignal: context.signal });
    const ids = workspaces
      .map((workspace) => ({ id: text(workspace.id), location: text(workspace.location)?.toLowerCase() }))
      .filter((workspace): workspace is { id: string; location: string | undefined } => workspace.id !== undefined)
      .sort((a, b) => a.id.localeCompare(b.id));
    const sameRegion = location ? ids.find((workspace) => workspace.location === location.toLowerCase()) : undefined;
    return (sameRegion ?? ids[0])?.id;
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    // The workspace only fills in the suggested command, so a failed list leaves a placeholder instead of a gap.
    context.log?.warn(`Listing the Log Analytics workspaces of the subscription ${context.vault.subscriptionId} failed, so the enable command names none: ${describeError(error).message}`);
    return undefined;
  }
}

/**
 * Reads the audit log facts from the diagnostic settings read in wave 1. Returns undefined when
 * the settings could not be read (their gap gives the reason). A failed query adds an `auditLog` gap and
 * returns the facts without `denials`.
 */
export async function readAuditLog(
  context: CollectContext,
  settings: Record<string, unknown>[] | undefined,
  options: { now: string; vaultLocation?: string } & AuditLogOptions,
): Promise<AuditLogFacts | undefined> {
  if (!settings) {
    return undefined;
  }

  const destination = auditDestination(settings);
  if (destination.destination !== 'log-analytics' || !destination.workspaceId) {
    const facts: AuditLogFacts = { destination: destination.destination };
    const candidate = await candidateWorkspace(context, options.vaultLocation);
    if (candidate) {
      facts.candidateWorkspaceId = candidate;
    }
    return facts;
  }

  const hours = options.hours ?? DEFAULT_AUDIT_HOURS;
  const maxRows = options.maxRows ?? DEFAULT_AUDIT_ROWS;
  const end = new Date(Date.parse(options.now));
  const start = new Date(end.getTime() - hours * 3_600_000);
  const facts: AuditLogFacts = {
    destination: 'log-analytics',
    workspaceId: destination.workspaceId,
    window: { start: start.toISOString(), end: end.toISOString() },
    rowLimit: maxRows,
  };
  if (destination.settingName) {
    facts.settingName = destination.settingName;
  }

  const tables: AuditLogTable[] = destination.table ? [destination.table] : ['AZKVAuditLogs', 'AzureDiagnostics'];
  try {
    const outcome = await queryTables(context, destination.workspaceId, tables, { start, end }, maxRows);
    const result = outcome.result;
    const table = result.status === 'Success' ? result.tables[0] : result.partialTables[0];
    facts.table = outcome.table;
    facts.denials = table ? mapAuditTable(auditTable(table)) : [];
    facts.truncated = (table?.rows.length ?? 0) >= maxRows;
    if (result.status !== 'Success') {
      recordGap(context, 'auditLog', new Error(result.partialError.message ?? 'The query returned partial results.'), `Querying ${destination.workspaceId} for the vault's denials returned only part of the rows`);
    }
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    recordGap(context, 'auditLog', error, `Querying the Log Analytics workspace ${destination.workspaceId} for the vault's denials`);
  }
  return facts;
}
