/**
 * A denial from Key Vault's audit log, read as if the user had pasted the error it returned. The
 * log names the caller exactly as the error does (`oid`, `appid`, `xms_mirid`), so the checks that
 * read a pasted error (the caller comparison first of all) work on it unchanged.
 */
import type { OperationSpec } from '../context';
import type { AccessFacts, AuditDenialGroup } from '../facts';
import type { ErrorKind, ParsedError } from '../observedError';
import { operationOfLoggedName } from './operationNames';

const KIND_BY_REASON: Record<string, ErrorKind> = {
  forbiddenbyrbac: 'forbidden-by-rbac',
  forbiddenbypolicy: 'access-policy-denied',
  accessdenied: 'access-policy-denied',
  forbiddenbyfirewall: 'forbidden-by-firewall',
  forbiddenbyconnection: 'forbidden-by-connection',
  secretdisabled: 'secret-disabled',
};

/**
 * Picks the denial that best stands for the request being diagnosed. Candidates are the denials
 * of a requested operation, else those in a requested collection, else all. Among them it prefers
 * one whose caller is the diagnosed identity, because its own denial is the most direct evidence,
 * then the newest, then the most frequent. Returns undefined when the log holds no denial.
 */
export function relevantDenial(facts: AccessFacts, operations: readonly OperationSpec[]): AuditDenialGroup | undefined {
  const denials = facts.auditLog?.denials ?? [];
  if (denials.length === 0) {
    return undefined;
  }

  const names = new Set(operations.map((operation) => operation.name));
  const collections = new Set(operations.map((operation) => operation.collection));
  const byOperation = denials.filter((denial) => denial.operation !== undefined && names.has(denial.operation));
  const byCollection = denials.filter((denial) => {
    const operation = operationOfLoggedName(denial.operationName);
    return operation !== undefined && collections.has(operation.collection);
  });
  let candidates = denials;
  if (byOperation.length > 0) {
    candidates = byOperation;
  } else if (byCollection.length > 0) {
    candidates = byCollection;
  }

  const isDiagnosedCaller = (denial: AuditDenialGroup) =>
    sameId(denial.callerObjectId, facts.caller.principalId) || sameId(denial.callerClientId, facts.caller.clientId);

  return [...candidates].sort(
    (a, b) =>
      Number(isDiagnosedCaller(b)) - Number(isDiagnosedCaller(a)) ||
      Date.parse(b.lastSeen) - Date.parse(a.lastSeen) ||
      b.count - a.count,
  )[0];
}

/** Builds the error Key Vault returned for a logged denial, with the caller, operation and address the log recorded. */
export function errorFromDenial(denial: AuditDenialGroup, vault?: { id: string; name: string }): ParsedError {
  const kind = KIND_BY_REASON[denial.reason.toLowerCase()] ?? 'unrecognised';
  const operation = operationOfLoggedName(denial.operationName);

  const error: ParsedError = {
    kind,
    message:
      denial.description ??
      `Key Vault refused ${denial.operationName} ${denial.count} ${denial.count === 1 ? 'time' : 'times'} between ${denial.firstSeen} and ${denial.lastSeen} (${denial.reason}).`,
  };
  if (denial.status !== undefined) {
    error.status = denial.status;
  }
  error.code = denial.status === 401 ? 'Unauthorized' : 'Forbidden';
  if (kind !== 'unrecognised') {
    error.innerCode = denial.reason;
  }

  const caller: NonNullable<ParsedError['caller']> = {};
  if (denial.callerObjectId) caller.objectId = denial.callerObjectId;
  if (denial.callerClientId) caller.appId = denial.callerClientId;
  if (denial.managedIdentityResourceId) caller.managedIdentityResourceId = denial.managedIdentityResourceId;
  if (denial.callerTenantId) caller.tenantId = denial.callerTenantId;
  if (Object.keys(caller).length > 0) {
    error.caller = caller;
  }

  if (operation && kind === 'forbidden-by-rbac') {
    error.action = operation.dataAction;
    // ForbiddenByRbac messages name the object as `Resource:`; the rules that read them expect the same.
    error.resource = vault && denial.object ? `${vault.id}/${denial.object}`.toLowerCase() : vault?.id.toLowerCase();
  }
  if (operation && kind === 'access-policy-denied') {
    error.permission = { collection: operation.collection, name: operation.policyPermission };
  }
  if (operation && kind === 'secret-disabled') {
    error.operation = operation.name;
  }
  if (denial.clientAddress) {
    error.clientAddress = denial.clientAddress;
  }
  if (vault) {
    error.vaultName = vault.name;
  }
  return error;
}

function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
