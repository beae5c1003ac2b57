/** Validation of the audit log and cloud facts (`facts.auditLog`, `facts.cloud`). */
import type { AuditDenialGroup, AuditLogFacts, AuditLogTable, CloudFacts } from '../facts';
import {
  assignDefined,
  FactsValidationError,
  readArray,
  readEnum,
  readObject,
  readOptionalBoolean,
  readOptionalNumber,
  readOptionalString,
  readString,
  readTimestamp,
} from './reader';

const DESTINATIONS = ['none', 'not-log-analytics', 'log-analytics'] as const;
const TABLES: readonly AuditLogTable[] = ['AzureDiagnostics', 'AZKVAuditLogs'];

function readDenial(value: unknown, path: string): AuditDenialGroup {
  const object = readObject(value, path);
  const count = readOptionalNumber(object, 'count', path);
  if (count === undefined || !Number.isInteger(count) || count < 1) {
    throw new FactsValidationError(`${path}.count`, 'a whole number of at least 1', object.count);
  }

  const denial: AuditDenialGroup = {
    operationName: readString(object, 'operationName', path),
    reason: readString(object, 'reason', path),
    count,
    firstSeen: readTimestamp(object, 'firstSeen', path),
    lastSeen: readTimestamp(object, 'lastSeen', path),
  };
  for (const key of ['callerObjectId', 'callerClientId', 'managedIdentityResourceId', 'callerTenantId', 'operation', 'description', 'clientAddress', 'object'] as const) {
    assignDefined(denial, key, readOptionalString(object, key, path));
  }
  assignDefined(denial, 'status', readOptionalNumber(object, 'status', path));
  return denial;
}

/** Reads `facts.auditLog`. */
export function readAuditLog(value: unknown, path: string): AuditLogFacts {
  const object = readObject(value, path);
  const auditLog: AuditLogFacts = { destination: readEnum(object, 'destination', path, DESTINATIONS) };

  for (const key of ['settingName', 'workspaceId', 'candidateWorkspaceId'] as const) {
    assignDefined(auditLog, key, readOptionalString(object, key, path));
  }
  if (object.table !== undefined && object.table !== null) {
    auditLog.table = readEnum(object, 'table', path, TABLES);
  }
  if (object.window !== undefined && object.window !== null) {
    const window = readObject(object.window, `${path}.window`);
    auditLog.window = { start: readTimestamp(window, 'start', `${path}.window`), end: readTimestamp(window, 'end', `${path}.window`) };
  }
  assignDefined(auditLog, 'rowLimit', readOptionalNumber(object, 'rowLimit', path));
  assignDefined(auditLog, 'truncated', readOptionalBoolean(object, 'truncated', path));
  if (object.denials !== undefined && object.denials !== null) {
    auditLog.denials = readArray(object, 'denials', path, readDenial);
  }
  return auditLog;
}

/** Reads `facts.cloud`. */
export function readCloud(value: unknown, path: string): CloudFacts {
  const object = readObject(value, path);
  return { name: readString(object, 'name', path), keyVaultDnsSuffix: readString(object, 'keyVaultDnsSuffix', path) };
}
