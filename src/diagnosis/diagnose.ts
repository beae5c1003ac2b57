/**
 * The diagnosis: runs every check family on the facts in the order Key Vault and Entra ID
 * evaluate a request (network, identity, permission model, authorization, object state,
 * collection) and turns the findings into a verdict. Pure and deterministic for given facts.
 */
import { errorFromDenial, relevantDenial } from './audit/denialError';
import { recentDenialsOf, withAuditEvidence } from './audit/evidence';
import { lookupOperation, OPERATIONS } from './catalogue';
import { auditLogChecks } from './checks/auditLog';
import { missingCaller } from './checks/identity/callerExists';
import { collectionChecks } from './checks/collection';
import { identityChecks } from './checks/identity';
import { modelChecks, usesRbac } from './checks/model';
import { networkChecks } from './checks/network';
import { objectChecks } from './checks/objects';
import { policyChecks } from './checks/policy';
import { rbacChecks } from './checks/rbac';
import type { Check, CheckContext, OperationSpec } from './context';
import { parseObservedError } from './errors/parse';
import { withoutDuplicateFixes } from './dedupeFixes';
import type { AccessFacts, Gap } from './facts';
import { DIAGNOSIS_SCHEMA, FAMILY_ORDER, type Diagnosis, type Finding, type Severity, type Verdict } from './finding';
import { noticeOf } from './notice';
import { withClusterChecks } from './verify/clusterChecks';

/** An invalid request: the message names the field and the accepted values. */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

const SEVERITY_ORDER: readonly Severity[] = ['blocker', 'warning', 'unknown', 'info', 'ok'];

/** Resolves the requested operation names from the catalogue; throws InvalidRequestError for an unknown name. */
export function resolveOperations(names: readonly string[]): OperationSpec[] {
  if (names.length === 0) {
    throw new InvalidRequestError('request.operations is empty; name at least one operation, such as secrets/get.');
  }
  return names.map((name, index) => {
    const operation = lookupOperation(name);
    if (!operation) {
      throw new InvalidRequestError(
        `request.operations[${index}]: unknown operation "${name}"; expected one of ${OPERATIONS.map((known) => known.name).join(', ')}.`,
      );
    }
    return operation;
  });
}

/**
 * Builds the context every check receives: the facts, the resolved operations and the error. The
 * error is the pasted one when the request carries it. Otherwise the most relevant recent denial
 * from Key Vault's audit log takes its place, so the logged caller is compared with the
 * diagnosed identity just as a pasted error's caller is.
 */
export function buildContext(facts: AccessFacts): CheckContext {
  const observed = facts.request.observedError;
  const gapOf = (fact: string): Gap | undefined => facts.gaps.find((gap) => gap.fact === fact || gap.fact.startsWith(`${fact}:`));
  const operations = resolveOperations(facts.request.operations);
  const context: CheckContext = { facts, operations, gap: gapOf };

  if (observed !== undefined) {
    context.error = parseObservedError(observed);
    context.errorSource = 'pasted';
    return context;
  }

  const denial = relevantDenial(facts, operations);
  if (denial) {
    context.error = errorFromDenial(denial, facts.vault ? { id: facts.vault.id, name: facts.vault.name } : undefined);
    context.errorSource = 'audit-log';
  }
  return context;
}

/** Runs the authorization check of the vault's model. Without the vault the model, and so the check, is unknown. */
const authorizationChecks: Check = (context) => {
  const rbac = usesRbac(context.facts);
  if (rbac === undefined) {
    const gap = context.gap('vault');
    return [
      {
        code: 'rbac-no-assignment',
        family: 'authorization',
        severity: 'unknown',
        title: 'Authorization could not be checked',
        detail: `The vault could not be read${gap ? `: ${gap.error}` : ''}, so neither its role assignments nor its access policies could be evaluated.`,
        evidence: [context.facts.request.vaultId],
        fixes: [],
        missing: ['vault'],
      },
    ];
  }

  // A grant for a principal that does not exist gives no access, so none is evaluated or offered.
  const missing = missingCaller(context.facts);
  if (missing) {
    return [
      {
        code: rbac ? 'rbac-no-assignment' : 'policy-no-entry',
        family: 'authorization',
        severity: 'unknown',
        title: 'Authorization was not checked for a caller that does not exist',
        detail: `${missing.id} names no ${missing.kind === 'object-id' ? 'directory object' : 'managed identity'} (see caller-not-found), so no ${rbac ? 'role assignment' : 'access policy'} is evaluated or offered for it. Diagnose again with the caller's correct id.`,
        evidence: [missing.id],
        fixes: [],
        missing: ['caller'],
      },
    ];
  }
  return rbac ? rbacChecks(context) : policyChecks(context);
};

/** The check families in evaluation order. */
const CHECKS: readonly Check[] = [networkChecks, identityChecks, modelChecks, authorizationChecks, objectChecks, collectionChecks, auditLogChecks];

/** Orders findings by family, then blockers first, keeping the checks' order otherwise. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        FAMILY_ORDER.indexOf(a.finding.family) - FAMILY_ORDER.indexOf(b.finding.family) ||
        SEVERITY_ORDER.indexOf(a.finding.severity) - SEVERITY_ORDER.indexOf(b.finding.severity) ||
        a.index - b.index,
    )
    .map((entry) => entry.finding);
}

/**
 * Computes the verdict: `blocked` when any finding is a blocker; `unknown` when none is but a check could
 * not run (an `unknown` finding); `should-work` otherwise. Warnings and infos never change it.
 */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((finding) => finding.severity === 'blocker')) {
    return 'blocked';
  }
  return findings.some((finding) => finding.severity === 'unknown') ? 'unknown' : 'should-work';
}

/**
 * Removes propagation warnings when a blocker explains the failure: a recent role change is
 * blamed only when every static check passes.
 */
function withoutPropagationBlame(findings: readonly Finding[]): Finding[] {
  if (!findings.some((finding) => finding.severity === 'blocker')) {
    return [...findings];
  }
  return findings.filter((finding) => finding.code !== 'rbac-recent-change');
}

/**
 * Diagnoses facts that parseAccessFacts validated or the collector built. Throws
 * InvalidRequestError when the request names no operation or an unknown one.
 */
export function diagnose(facts: AccessFacts): Diagnosis {
  const context = buildContext(facts);
  let checked = withoutPropagationBlame(CHECKS.flatMap((check) => check(context)));
  const denial = context.errorSource === 'audit-log' ? relevantDenial(facts, context.operations) : undefined;
  if (denial) {
    checked = withAuditEvidence(checked, denial, facts.auditLog?.workspaceId);
  }
  // Deduplicating after sorting keeps the fix under the finding that is listed first.
  const findings = withoutDuplicateFixes(sortFindings(withClusterChecks(checked, facts)));

  const diagnosis: Diagnosis = {
    schema: DIAGNOSIS_SCHEMA,
    verdict: verdictOf(findings),
    findings,
    now: facts.now,
    vaultId: facts.vault?.id ?? facts.request.vaultId,
  };
  if (facts.caller.principalId) {
    diagnosis.principalId = facts.caller.principalId;
  }
  const callerName = facts.caller.displayName ?? facts.identities.find((identity) => identity.id.toLowerCase() === facts.caller.identityId?.toLowerCase())?.name;
  if (callerName) {
    diagnosis.callerName = callerName;
  }
  const notice = noticeOf(facts);
  if (notice) {
    diagnosis.notice = notice;
  }
  const recentDenials = recentDenialsOf(facts);
  if (recentDenials) {
    diagnosis.recentDenials = recentDenials;
  }
  return diagnosis;
}
