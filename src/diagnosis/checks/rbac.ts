/**
 * Azure RBAC check for vaults with `enableRbacAuthorization: true`: decides every requested
 * operation on every named object, explains each denial with the role, scope and ids involved,
 * and proposes the least-privilege fix.
 */
import type { Check, CheckContext, OperationSpec } from '../context';
import type { AccessFacts } from '../facts';
import type { CauseCode, Finding, Fix } from '../finding';
import { OPERATIONS } from '../catalogue';
import { ROLE_GUIDS } from '../builtinRoles';
import { classifyTarget, type TargetClassification } from '../rbac/classify';
import { describeAssignment, describeCaller, joinWords, unique } from '../rbac/describe';
import { callerAssignments, evaluateTarget, type AssignmentView, type TargetDecision } from '../rbac/evaluate';
import { customRoleFix, roleAssignmentFixes } from '../rbac/fixes';
import { callerPrincipalType } from '../rbac/membership';
import { orphanedAssignments, type OrphanedAssignment } from '../rbac/orphans';
import { isBelowVault } from '../rbac/scope';
import { operationFromError } from '../rbac/errorOperation';
import { describeTarget, errorTarget, requestTargets, vaultIdOf } from '../rbac/targets';
import { propagationFindings } from '../rbac/propagation';
import { otherRoleHolders } from './otherHolders';

const KNOWN_DATA_ACTIONS = [...new Set(OPERATIONS.map((operation) => operation.dataAction))];

interface Classified {
  decision: TargetDecision;
  result: TargetClassification;
}

function finding(code: CauseCode, severity: Finding['severity'], title: string, detail: string, evidence: string[], fixes: Fix[] = [], missing?: string[]): Finding {
  const result: Finding = { code, family: 'authorization', severity, title, detail, evidence: unique(evidence), fixes };
  if (missing && missing.length > 0) {
    result.missing = missing;
  }
  return result;
}

/** Returns the requested operations of every collection a denied target belongs to, so one fix covers what the client does. */
function operationsToGrant(context: CheckContext, items: readonly Classified[]): OperationSpec[] {
  const collections = new Set(items.map((item) => item.decision.target.operation.collection));
  const fromError = items.filter((item) => item.decision.target.fromError).map((item) => item.decision.target.operation);
  return [...context.operations, ...fromError].filter((operation) => collections.has(operation.collection));
}

function targetsText(items: readonly Classified[]): string {
  return joinWords(unique(items.map((item) => describeTarget(item.decision.target))));
}

/** Explains the usual near misses: Key Vault Reader reads no values, and Certificates Officer no private keys. */
function missingDataActionHint(views: readonly AssignmentView[], items: readonly Classified[]): string {
  const readsSecret = items.some((item) => item.decision.target.operation.readsSecretValue);
  const held = new Set(views.map((view) => view.role?.guid));
  const hints: string[] = [];
  if (readsSecret && held.has(ROLE_GUIDS.keyVaultReader)) {
    hints.push(' Key Vault Reader lists secrets and reads their attributes, never their values.');
  }
  if (readsSecret && held.has(ROLE_GUIDS.keyVaultCertificatesOfficer)) {
    hints.push(' Key Vault Certificates Officer manages certificates but cannot read a certificate\'s private key, which the secret endpoint serves.');
  }
  if (readsSecret && held.has(ROLE_GUIDS.keyVaultCryptoOfficer)) {
    hints.push(' Key Vault Crypto Officer covers keys only, not secrets.');
  }
  return hints.join('');
}

function deniedFinding(context: CheckContext, code: CauseCode, items: Classified[]): Finding {
  const facts = context.facts;
  const caller = describeCaller(facts);
  const targets = targetsText(items);
  const dataActions = joinWords(unique(items.map((item) => item.decision.target.operation.dataAction)));
  const vaultId = vaultIdOf(facts);
  const views = unique(
    items.flatMap((item) => item.decision.inScope),
    (view) => view.assignment.id,
  );
  const held = views.length > 0 ? joinWords(views.map(describeAssignment)) : 'no role';
  const evidence = [vaultId, ...views.map((view) => view.assignment.id)];
  const grantFixes = () => roleAssignmentFixes(facts, operationsToGrant(context, items));

  switch (code) {
    case 'rbac-deny-assignment': {
      const denies = unique(
        items.flatMap((item) => item.decision.denying),
        (deny) => deny.id,
      );
      const names = denies.map((deny) => `${deny.denyAssignmentName ?? deny.name ?? deny.id} at ${deny.scope}`);
      return finding(
        code,
        'blocker',
        `A deny assignment blocks ${targets}`,
        `${joinWords(names)} denies ${dataActions} to ${caller}. Deny assignments win over every role assignment. Azure creates them for Blueprints, managed applications and deployment stacks, and they cannot be edited directly. Remove the caller from the deny assignment (or add it to excludePrincipals) in the resource that manages it.`,
        [...evidence, ...denies.map((deny) => deny.id)],
      );
    }

    case 'rbac-condition': {
      const grants = unique(
        items.flatMap((item) => item.decision.conditional.filter((grant) => grant.condition.value === false)),
        (grant) => grant.assignment.id,
      );
      const notes = unique(grants.flatMap((grant) => grant.condition.notes));
      const deniedOperations = unique(
        items.map((item) => item.decision.target.operation),
        (operation) => operation.name,
      );
      const fixes = roleAssignmentFixes(facts, deniedOperations).map((fix) => ({
        ...fix,
        note: `${fix.note ?? ''} Alternatively, widen the condition on the existing assignment so it admits this request.`.trim(),
      }));
      return finding(
        code,
        'blocker',
        `The role assignment's condition denies ${targets}`,
        `${joinWords(grants.map(describeAssignment))} would allow ${dataActions}, but its condition evaluates to false for this request${notes.length > 0 ? `: ${notes.join('; ')}` : ''}. Key Vault compares names case-sensitively, and a list call names no secret, so a condition on secret names always denies listing.`,
        [...evidence, ...grants.map((grant) => grant.assignment.id)],
        fixes,
      );
    }

    case 'rbac-orphaned-assignment':
      return orphanedFinding(context, items);

    case 'rbac-not-data-actions': {
      const excluded = unique(
        items.flatMap((item) => item.decision.excluded),
        (view) => view.assignment.id,
      );
      return finding(
        code,
        'blocker',
        `The caller's role excludes ${dataActions} with notDataActions`,
        `${joinWords(excluded.map(describeAssignment))} lists ${dataActions} under dataActions but removes it again under notDataActions, and no other role of ${caller} grants it for ${targets}. notDataActions only subtract inside their own role, so a second role that grants the action is enough.`,
        [...evidence, ...excluded.map((view) => view.assignment.id)],
        grantFixes(),
      );
    }

    case 'rbac-scope-mismatch': {
      const elsewhere = unique(
        items.flatMap((item) => item.decision.outOfScope),
        (view) => view.assignment.id,
      );
      const unnamedOnly = items.every((item) => item.decision.target.unnamedObject) && elsewhere.every((view) => isBelowVault(view.assignment.scope, vaultId));
      const listing = items.some((item) => item.decision.target.operation.listsCollection);
      const why = listing
        ? ' A list call acts on the whole vault, so only a role at the vault or above allows it.'
        : ' A role on one object covers only that object, and a certificate, its key and its secret are three separate objects.';
      return finding(
        code,
        unnamedOnly ? 'warning' : 'blocker',
        `The role that would allow ${targets} is assigned at another scope`,
        `${joinWords(elsewhere.map(describeAssignment))} would grant ${dataActions}, but that scope does not contain the resource Key Vault checks for ${targets}.${why}${unnamedOnly ? ' The request names no object, so whether the object-level assignment covers it cannot be told.' : ''}`,
        [...evidence, ...elsewhere.map((view) => view.assignment.id)],
        grantFixes(),
      );
    }

    case 'rbac-control-plane-only': {
      const mistakes = items.flatMap((item) => (item.result.kind === 'denied' ? item.result.mistakes : []));
      const customFixes = unique(
        mistakes.flatMap((mistake) => (mistake.view.role?.definition ? [mistake.view.role.definition] : [])),
        (definition) => definition.id,
      ).flatMap((definition) => customRoleFix(definition, KNOWN_DATA_ACTIONS) ?? []);
      const mistakeText =
        mistakes.length > 0
          ? ` ${joinWords(unique(mistakes.map((mistake) => `${mistake.view.role?.roleName ?? 'the role'} lists ${joinWords(mistake.actions)} under actions`)))}. Under actions these authorize only Azure Resource Manager calls, and the data plane needs the same permission under dataActions.`
          : ' Roles such as Owner, Contributor, Reader and Key Vault Contributor manage the vault through Azure Resource Manager but grant nothing on secrets, keys or certificates themselves.';
      return finding(
        code,
        'blocker',
        `${caller} has only control-plane access, so ${targets} is denied`,
        `${caller} has ${held}, which grants no data action ${dataActions}.${mistakeText}`,
        evidence,
        customFixes.length > 0 ? customFixes : grantFixes(),
      );
    }

    case 'rbac-missing-data-action':
      return finding(
        code,
        'blocker',
        `No role of ${caller} includes ${dataActions}`,
        `${caller} has ${held}, which does not grant ${dataActions}, so Key Vault denies ${targets}.${missingDataActionHint(views, items)}`,
        evidence,
        grantFixes(),
      );

    default:
      return finding(
        'rbac-no-assignment',
        'blocker',
        `No role assignment gives ${caller} access to the vault`,
        `No role assignment for ${caller}${facts.caller.groupIds && facts.caller.groupIds.length > 0 ? ' or its groups' : ''} exists at the vault, above it or on the requested objects, so Key Vault denies ${targets} (${dataActions}). Role assignments name the principal (object) id, not the client id.${otherRoleHolders(facts)}`,
        evidence,
        grantFixes(),
      );
  }
}

function orphanedFinding(context: CheckContext, items: Classified[]): Finding {
  const facts = context.facts;
  const caller = describeCaller(facts);
  const principalId = facts.caller.principalId as string;
  const { principalType } = callerPrincipalType(facts);
  const orphans = unique(
    items.flatMap((item) => (item.result.kind === 'denied' ? item.result.orphans : [])),
    (orphan) => orphan.assignment.id,
  );

  const fixes: Fix[] = [];
  for (const orphan of orphans) {
    if (orphan.role) {
      fixes.push({
        title: `Assign ${orphan.role.roleName} to the current principal ${principalId} at ${orphan.assignment.scope}`,
        spec: {
          kind: 'role-assignment-create',
          principalId,
          principalType,
          roleDefinitionGuid: orphan.role.guid,
          roleName: orphan.role.roleName,
          scope: orphan.assignment.scope,
        },
        note: 'Recreates the access the stale assignment gave. Role assignments can take up to 10 minutes to apply.',
      });
    }
    fixes.push({
      title: `Delete the stale assignment ${orphan.assignment.name ?? orphan.assignment.id}`,
      spec: { kind: 'role-assignment-delete', assignmentId: orphan.assignment.id },
      note: `It names ${orphan.assignment.principalId}, which no longer exists.`,
    });
  }

  return finding(
    'rbac-orphaned-assignment',
    'blocker',
    `The vault's role assignment names a deleted principal, not ${caller}`,
    `${joinWords(orphans.map((orphan) => `${orphan.role ? `${orphan.role.roleName} (${orphan.role.guid})` : 'a role'} at ${orphan.assignment.scope} is assigned to ${orphan.assignment.principalId}: ${orphan.reason}`))}. The identity was most likely deleted and recreated under the same name, which gives it a new principal id (${principalId}); assignments are never moved to the new id, so Key Vault denies ${targetsText(items)}.`,
    [vaultIdOf(facts), ...orphans.map((orphan) => orphan.assignment.id)],
    fixes,
  );
}

function unknownFinding(items: Classified[]): Finding {
  const first = items[0]?.result;
  const code = first?.kind === 'unknown' ? first.code : 'rbac-no-assignment';
  const severity = first?.kind === 'unknown' ? first.severity : 'unknown';
  const reasons = unique(items.flatMap((item) => (item.result.kind === 'unknown' ? item.result.reasons : [])));
  const missing = unique(items.flatMap((item) => (item.result.kind === 'unknown' ? item.result.missing : [])));
  const targets = targetsText(items);
  const title =
    code === 'rbac-condition'
      ? `A role assignment condition for ${targets} could not be evaluated`
      : code === 'rbac-deny-assignment'
        ? `Deny assignments could not be checked for ${targets}`
        : `Whether Azure RBAC allows ${targets} is unknown`;
  return finding(code, severity, title, `${reasons.join('. ')}.`, [], [], missing);
}

function allowedFinding(facts: AccessFacts, items: Classified[]): Finding {
  const lines = items.map((item) => `${describeTarget(item.decision.target)}: ${joinWords(item.decision.granting.map(describeAssignment))}`);
  return finding(
    'rbac-missing-data-action',
    'ok',
    `Azure RBAC allows ${targetsText(items)}`,
    `Roles of ${describeCaller(facts)} grant the needed data actions. ${lines.join('. ')}.`,
    unique(items.flatMap((item) => item.decision.granting.map((view) => view.assignment.id))),
  );
}

function preconditionFindings(context: CheckContext): Finding[] | undefined {
  const facts = context.facts;

  if (!facts.caller.principalId) {
    const gap = context.gap('caller') ?? context.gap('identity');
    return [
      finding(
        'rbac-no-assignment',
        'unknown',
        'Role assignments could not be checked: the caller\'s principal id is unknown',
        `Role assignments name principal ids, and the caller's could not be resolved${gap ? `: ${gap.error}` : ''}.`,
        [],
        [],
        ['caller'],
      ),
    ];
  }

  const gap = context.gap('roleAssignments');
  if (gap) {
    return [
      finding(
        'rbac-no-assignment',
        'unknown',
        'Role assignments could not be read',
        `Role assignments could not be read: ${gap.error}. Without them Azure RBAC cannot be evaluated.`,
        [vaultIdOf(facts)],
        [],
        ['roleAssignments'],
      ),
    ];
  }
  return undefined;
}

function staleAssignmentInfos(orphans: readonly OrphanedAssignment[], used: ReadonlySet<string>): Finding[] {
  return orphans
    .filter((orphan) => !used.has(orphan.assignment.id))
    .map((orphan) =>
      finding(
        'rbac-orphaned-assignment',
        'info',
        `A role assignment at ${orphan.assignment.scope} names a principal that no longer exists`,
        `Assignment ${orphan.assignment.id} (${orphan.role?.roleName ?? 'unknown role'}) names ${orphan.assignment.principalId}: ${orphan.reason}. It does not affect this request. Delete it to keep the vault's access list accurate.`,
        [orphan.assignment.id],
        [{ title: `Delete the stale assignment ${orphan.assignment.name ?? orphan.assignment.id}`, spec: { kind: 'role-assignment-delete', assignmentId: orphan.assignment.id } }],
      ),
    );
}

/** Findings of the Azure RBAC check, for a vault that uses Azure RBAC. */
export const rbacChecks: Check = (context) => {
  const early = preconditionFindings(context);
  if (early) {
    return early;
  }

  const facts = context.facts;
  const assignments = callerAssignments(facts);
  const orphans = orphanedAssignments(facts);
  const targets = requestTargets(facts, context.operations);
  const named = operationFromError(context);
  if (named) {
    targets.push(errorTarget(facts, named.operation, named.objectRef));
  }
  const classified: Classified[] = targets.map((target) => {
    const decision = evaluateTarget(facts, target, assignments);
    return { decision, result: classifyTarget(decision, facts, orphans) };
  });

  const findings: Finding[] = [];
  const deniedCodes = unique(classified.flatMap((item) => (item.result.kind === 'denied' ? [item.result.code] : [])));
  for (const code of deniedCodes) {
    findings.push(deniedFinding(context, code, classified.filter((item) => item.result.kind === 'denied' && item.result.code === code)));
  }

  const unknownKeys = unique(classified.flatMap((item) => (item.result.kind === 'unknown' ? [`${item.result.code}|${item.result.severity}`] : [])));
  for (const key of unknownKeys) {
    findings.push(unknownFinding(classified.filter((item) => item.result.kind === 'unknown' && `${item.result.code}|${item.result.severity}` === key)));
  }

  const allowed = classified.filter((item) => item.result.kind === 'allowed');
  if (allowed.length > 0) {
    findings.push(allowedFinding(facts, allowed));
  }

  if (classified.every((item) => item.decision.denyState === 'none')) {
    findings.push(
      finding(
        'rbac-deny-assignment',
        'ok',
        'No deny assignment covers the request',
        facts.denyAssignments.length === 0
          ? 'No deny assignment exists at or above the vault.'
          : `None of the ${facts.denyAssignments.length} deny assignments at or above the vault covers ${describeCaller(facts)} for the requested data actions.`,
        facts.denyAssignments.map((deny) => deny.id),
      ),
    );
  }

  const usedOrphans = new Set(classified.flatMap((item) => (item.result.kind === 'denied' ? item.result.orphans.map((orphan) => orphan.assignment.id) : [])));
  const relevantStale = orphans.filter((orphan) => orphan.role?.permissions.some((block) => block.dataActions.length > 0));
  findings.push(...staleAssignmentInfos(relevantStale, usedOrphans));

  if (allowed.length === classified.length) {
    findings.push(...propagationFindings(facts, classified.map((item) => item.decision)));
  }
  return findings;
};
