/**
 * Key Vault audit events from Log Analytics -> denial groups. Both layouts are read:
 * - `AzureDiagnostics` (the legacy shared table): flattened claims such as `identity_claim_oid_g`,
 *   `identity_claim_appid_g`, `identity_claim_xms_mirid_s`, `CallerIPAddress`, `httpStatusCode_d`;
 * - `AZKVAuditLogs` (resource-specific): the claims in the `Identity` column (`claim.oid`,
 *   `claim.appid`, `claim.xms_mirid`), `CallerIpAddress`, `HttpStatusCode`, and the flags
 *   `IsRbacAuthorized`, `IsAccessPolicyMatch` and `IsAddressAuthorized`.
 * Column names are matched case-insensitively because the two layouts spell some differently.
 */
import { operationOfLoggedName } from '../../diagnosis/audit/operationNames';
import type { AuditDenialGroup } from '../../diagnosis/facts';

/** A query result table: column names and rows of values in the same order. */
export interface AuditTable {
  columns: string[];
  rows: unknown[][];
}

/** One refused request, read from one row. */
export interface AuditDenial {
  time: string;
  operationName: string;
  status?: number;
  reason: string;
  description?: string;
  callerObjectId?: string;
  callerClientId?: string;
  managedIdentityResourceId?: string;
  callerTenantId?: string;
  clientAddress?: string;
  object?: string;
}

const OBJECT_ID_CLAIM = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
const TENANT_ID_CLAIM = 'http://schemas.microsoft.com/identity/claims/tenantid';

/** Looks a column up by any of its spellings, ignoring case. */
function field(row: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    const key = Object.keys(row).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (key !== undefined && row[key] !== null && row[key] !== undefined && row[key] !== '') {
      return row[key];
    }
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  }
  if (typeof value === 'string' || typeof value === 'number') {
    const result = String(value).trim();
    return result === '' ? undefined : result;
  }
  return undefined;
}

function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
    return value.trim().toLowerCase() === 'true';
  }
  return undefined;
}

function integer(value: unknown): number | undefined {
  let number = NaN;
  if (typeof value === 'number') {
    number = value;
  } else if (typeof value === 'string' && value.trim() !== '') {
    number = Number(value);
  }
  return Number.isFinite(number) ? Math.trunc(number) : undefined;
}

/** Reads the `Identity` column of AZKVAuditLogs: an object or its JSON text, with the claims under `claim`. */
function identityClaims(value: unknown): Record<string, unknown> {
  let identity = value;
  if (typeof identity === 'string') {
    try {
      identity = JSON.parse(identity) as unknown;
    } catch {
      return {};
    }
  }
  if (typeof identity !== 'object' || identity === null) {
    return {};
  }
  const claims = (identity as Record<string, unknown>).claim ?? (identity as Record<string, unknown>).claims;
  return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
}

/** `secrets/<name>` from an object URI such as `https://kv1.vault.azure.net/secrets/db-password/<version>`. */
function objectOf(uri: string | undefined): string | undefined {
  const match = uri ? /^https:\/\/[^/]+\/(secrets|keys|certificates)\/([^/?#]+)/i.exec(uri) : null;
  return match ? `${(match[1] as string).toLowerCase()}/${decodeURIComponent(match[2] as string)}` : undefined;
}

/**
 * Names why Key Vault refused the request. The code in the description wins, then its wording,
 * then the record's flags in the order Key Vault checks them (network before authorization).
 */
export function denialReason(status: number | undefined, description: string | undefined, flags: { rbac?: boolean; policy?: boolean; address?: boolean }): string {
  const described = description ?? '';
  const code = /\b(ForbiddenBy[A-Za-z]+|AccessDenied|SecretDisabled)\b/.exec(described);
  if (code) {
    return code[1] as string;
  }
  if (status === 401) {
    return 'Unauthorized';
  }
  if (/public network access|private link|not through an approved private endpoint/i.test(described)) {
    return 'ForbiddenByConnection';
  }
  if (/client address|firewall|not a trusted service/i.test(described)) {
    return 'ForbiddenByFirewall';
  }
  if (/is not authorized to perform action/i.test(described)) {
    return 'ForbiddenByRbac';
  }
  if (/does not have .* permission|not found on any access policy|access polic/i.test(described)) {
    return 'ForbiddenByPolicy';
  }
  if (/disabled/i.test(described)) {
    return 'SecretDisabled';
  }

  if (flags.address === false) {
    return 'ForbiddenByFirewall';
  }
  // Both authorization flags are false when the record does not say which model decided, so only
  // one false flag names the model.
  if (flags.rbac === false && flags.policy !== false) {
    return 'ForbiddenByRbac';
  }
  if (flags.policy === false && flags.rbac !== false) {
    return 'ForbiddenByPolicy';
  }
  return 'Forbidden';
}

const STATUS_BY_SIGNATURE: Record<string, number> = { forbidden: 403, unauthorized: 401 };

/**
 * Reads one row of either layout as a denial. Returns undefined for a row that is not a 401 or
 * 403, or that has no time or operation name.
 */
export function readAuditRow(row: Record<string, unknown>): AuditDenial | undefined {
  const time = text(field(row, 'TimeGenerated'));
  const operationName = text(field(row, 'OperationName'));
  const signature = text(field(row, 'ResultSignature'));
  const status = integer(field(row, 'HttpStatusCode', 'httpStatusCode_d')) ?? (signature ? (STATUS_BY_SIGNATURE[signature.toLowerCase()] ?? integer(signature)) : undefined);
  if (!time || Number.isNaN(Date.parse(time)) || !operationName || (status !== 401 && status !== 403)) {
    return undefined;
  }

  const claims = identityClaims(field(row, 'Identity'));
  const description = text(field(row, 'ResultDescription'));
  const denial: AuditDenial = {
    time: new Date(Date.parse(time)).toISOString(),
    operationName,
    status,
    reason: denialReason(status, description, {
      rbac: flag(field(row, 'IsRbacAuthorized', 'isRbacAuthorized_b')),
      policy: flag(field(row, 'IsAccessPolicyMatch', 'isAccessPolicyMatch_b')),
      address: flag(field(row, 'IsAddressAuthorized', 'isAddressAuthorized_b')),
    }),
  };

  const values: Partial<AuditDenial> = {
    description,
    callerObjectId: text(claims.oid ?? claims[OBJECT_ID_CLAIM] ?? field(row, 'identity_claim_oid_g', 'identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g')),
    callerClientId: text(claims.appid ?? claims.azp ?? field(row, 'identity_claim_appid_g', 'identity_claim_azp_g')),
    managedIdentityResourceId: text(claims.xms_mirid ?? field(row, 'identity_claim_xms_mirid_s')),
    callerTenantId: text(claims.tid ?? claims[TENANT_ID_CLAIM] ?? field(row, 'identity_claim_tid_g', 'identity_claim_http_schemas_microsoft_com_identity_claims_tenantid_g')),
    clientAddress: text(field(row, 'CallerIpAddress', 'CallerIPAddress')),
    object: objectOf(text(field(row, 'Id', 'id_s'))) ?? objectOf(text(field(row, 'RequestUri', 'requestUri_s'))),
  };
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) {
      (denial as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return denial;
}

/** Turns a result table into one record per row, keyed by column name. */
export function tableRecords(table: AuditTable): Record<string, unknown>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column, index) => [column, row[index]])));
}

/** Groups denials by caller, operation, reason and client address, newest group first. */
export function groupDenials(denials: readonly AuditDenial[]): AuditDenialGroup[] {
  const groups = new Map<string, AuditDenialGroup>();

  for (const denial of [...denials].sort((a, b) => Date.parse(b.time) - Date.parse(a.time))) {
    const key = [denial.callerObjectId, denial.callerClientId, denial.managedIdentityResourceId, denial.operationName, denial.reason, denial.clientAddress]
      .map((part) => (part ?? '').toLowerCase())
      .join('|');
    const group = groups.get(key);
    if (group) {
      group.count += 1;
      group.firstSeen = denial.time;
      continue;
    }

    // The first denial of a group is its newest, so it gives the description and the object.
    const created: AuditDenialGroup = { operationName: denial.operationName, reason: denial.reason, count: 1, firstSeen: denial.time, lastSeen: denial.time };
    const operation = operationOfLoggedName(denial.operationName);
    if (operation) created.operation = operation.name;
    if (denial.status !== undefined) created.status = denial.status;
    if (denial.description) created.description = denial.description;
    if (denial.callerObjectId) created.callerObjectId = denial.callerObjectId;
    if (denial.callerClientId) created.callerClientId = denial.callerClientId;
    if (denial.managedIdentityResourceId) created.managedIdentityResourceId = denial.managedIdentityResourceId;
    if (denial.callerTenantId) created.callerTenantId = denial.callerTenantId;
    if (denial.clientAddress) created.clientAddress = denial.clientAddress;
    if (denial.object) created.object = denial.object;
    groups.set(key, created);
  }
  return [...groups.values()];
}

/** Reads every denial of a result table and groups them. */
export function mapAuditTable(table: AuditTable): AuditDenialGroup[] {
  return groupDenials(tableRecords(table).flatMap((row) => readAuditRow(row) ?? []));
}
