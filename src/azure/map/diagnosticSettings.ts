/**
 * A vault's diagnostic settings -> where its `AuditEvent` logs go. A setting sends them when one of
 * its enabled `logs` entries names the category `AuditEvent` or the category group `audit` or
 * `allLogs` (category groups of Microsoft.Insights diagnostic settings, api-version 2021-05-01-preview).
 */
import type { AuditLogDestination, AuditLogTable } from '../../diagnosis/facts';
import { isRecord } from './values';

export interface AuditDestination {
  destination: AuditLogDestination;
  settingName?: string;
  /** Log Analytics workspace resource id. */
  workspaceId?: string;
  /** The table the workspace keeps the events in, when the setting names it (`logAnalyticsDestinationType`). */
  table?: AuditLogTable;
}

const AUDIT_CATEGORY = 'auditevent';
const AUDIT_GROUPS = new Set(['audit', 'alllogs']);

function sendsAuditEvents(properties: Record<string, unknown>): boolean {
  const logs = Array.isArray(properties.logs) ? properties.logs.filter(isRecord) : [];
  return logs.some((entry) => {
    if (entry.enabled !== true) {
      return false;
    }
    const category = typeof entry.category === 'string' ? entry.category.toLowerCase() : '';
    const group = typeof entry.categoryGroup === 'string' ? entry.categoryGroup.toLowerCase() : '';
    return category === AUDIT_CATEGORY || AUDIT_GROUPS.has(group);
  });
}

/**
 * `logAnalyticsDestinationType` `Dedicated` means the resource-specific table; `AzureDiagnostics`
 * the shared one. Anything else (null is common) leaves the table unknown.
 */
function tableOf(destinationType: unknown): AuditLogTable | undefined {
  if (typeof destinationType !== 'string') {
    return undefined;
  }
  if (destinationType.toLowerCase() === 'dedicated') {
    return 'AZKVAuditLogs';
  }
  return destinationType.toLowerCase() === 'azurediagnostics' ? 'AzureDiagnostics' : undefined;
}

/** Finds where the audit events go; a setting with a Log Analytics workspace wins over one without. */
export function auditDestination(settings: readonly Record<string, unknown>[]): AuditDestination {
  const sending = settings.filter((setting) => isRecord(setting.properties) && sendsAuditEvents(setting.properties));
  const toWorkspace = sending.find((setting) => isRecord(setting.properties) && typeof setting.properties.workspaceId === 'string' && setting.properties.workspaceId !== '');

  if (toWorkspace && isRecord(toWorkspace.properties)) {
    const result: AuditDestination = { destination: 'log-analytics', workspaceId: toWorkspace.properties.workspaceId as string };
    if (typeof toWorkspace.name === 'string') {
      result.settingName = toWorkspace.name;
    }
    const table = tableOf(toWorkspace.properties.logAnalyticsDestinationType);
    if (table) {
      result.table = table;
    }
    return result;
  }
  return { destination: sending.length > 0 ? 'not-log-analytics' : 'none' };
}
