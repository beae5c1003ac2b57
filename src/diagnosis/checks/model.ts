/**
 * Permission model check: exactly one model authorizes the data plane, chosen by the vault's
 * `enableRbacAuthorization` (true: Azure RBAC; false, null or absent: access policies). Grants
 * made in the other model are ignored, the most common reason why "the permissions look right".
 */
import type { Check, CheckContext } from '../context';
import type { AccessFacts } from '../facts';
import type { Finding, Fix } from '../finding';
import { describeAssignment, describeCaller, joinWords, unique } from '../rbac/describe';
import { callerAssignments, evaluateTarget, type AssignmentView } from '../rbac/evaluate';
import { roleAssignmentFixes } from '../rbac/fixes';
import { requestTargets, vaultIdOf } from '../rbac/targets';
import { evaluatePolicies } from '../policy/evaluate';
import { accessPolicySetFix } from '../policy/fixes';

/** True when the vault uses Azure RBAC for the data plane; null and absent mean access policies. */
export function usesRbac(facts: AccessFacts): boolean | undefined {
  return facts.vault ? facts.vault.enableRbacAuthorization === true : undefined;
}

function modelFinding(code: Finding['code'], severity: Finding['severity'], title: string, detail: string, evidence: string[], fixes: Fix[] = []): Finding {
  return { code, family: 'model', severity, title, detail, evidence, fixes };
}

function rbacVaultFindings(context: CheckContext): Finding[] {
  const facts = context.facts;
  const vaultId = vaultIdOf(facts);
  const evaluation = evaluatePolicies(facts, context.operations);
  const entries = evaluation.related.filter((view) => view.relation !== 'client-id');
  const ok = modelFinding(
    'model-rbac',
    'ok',
    'The vault uses Azure RBAC',
    'enableRbacAuthorization is true, so role assignments with data actions decide data-plane access and access policies are ignored.',
    [`${vaultId}/properties.enableRbacAuthorization`],
  );

  if (entries.length === 0 || !facts.caller.principalId || context.gap('roleAssignments')) {
    return [ok];
  }

  const assignments = callerAssignments(facts);
  const denied = requestTargets(facts, context.operations).filter((target) => evaluateTarget(facts, target, assignments).grantState === 'not-granted');
  if (denied.length === 0) {
    return [ok];
  }

  const operations = unique(
    denied.map((target) => target.operation),
    (operation) => operation.name,
  );
  return [
    modelFinding(
      'model-rbac',
      'blocker',
      'The vault uses Azure RBAC, so the caller\'s access policy is ignored',
      `enableRbacAuthorization is true, and ${describeCaller(facts)} is granted ${joinWords(operations.map((operation) => operation.name))} only by access policy entries (${joinWords(entries.map((view) => `entry ${view.index}`))}), which this vault ignores. The same access needs a role assignment.`,
      [`${vaultId}/properties.enableRbacAuthorization`, ...entries.map((view) => `${vaultId}/properties.accessPolicies[${view.index}]`)],
      roleAssignmentFixes(facts, context.operations),
    ),
  ];
}

/** Lists the caller's role assignments that would grant a requested data action if the vault used RBAC. */
function ignoredRoleGrants(facts: AccessFacts, context: CheckContext): AssignmentView[] {
  if (context.gap('roleAssignments')) {
    return [];
  }
  const assignments = callerAssignments(facts);
  return unique(
    requestTargets(facts, context.operations).flatMap((target) => evaluateTarget(facts, target, assignments).granting),
    (view) => view.assignment.id,
  );
}

function accessPolicyVaultFindings(context: CheckContext): Finding[] {
  const facts = context.facts;
  const vault = facts.vault;
  const vaultId = vaultIdOf(facts);
  const state = vault?.enableRbacAuthorization === null ? 'absent (null)' : 'false';
  const ok = modelFinding(
    'model-access-policies',
    'ok',
    'The vault uses access policies',
    `enableRbacAuthorization is ${state}, so access policy entries decide data-plane access and role assignments with data actions are ignored.`,
    [`${vaultId}/properties.enableRbacAuthorization`],
  );
  if (!vault || !facts.caller.principalId) {
    return [ok];
  }

  const evaluation = evaluatePolicies(facts, context.operations);
  const denied = evaluation.decisions.filter((decision) => !decision.allowed);
  const grants = ignoredRoleGrants(facts, context);
  if (denied.length === 0 || grants.length === 0) {
    return [ok];
  }

  const own = evaluation.effective.find((view) => view.relation === 'principal');
  const policyFix = accessPolicySetFix(facts, own?.entry, context.operations, 'Takes effect at once and changes nothing for anyone else.');
  const others = unique(
    vault.accessPolicies.filter((entry) => entry.objectId.toLowerCase() !== facts.caller.principalId?.toLowerCase()).map((entry) => entry.objectId),
  );
  const switchFix: Fix = {
    title: 'Or switch the vault to Azure RBAC',
    spec: { kind: 'vault-update', vaultId, enableRbacAuthorization: true },
    note:
      `Switching invalidates every access policy of the vault (${vault.accessPolicies.length} ${vault.accessPolicies.length === 1 ? 'entry' : 'entries'}) at once. First create role assignments for every principal that relies on them` +
      `${others.length > 0 ? ` (${others.join(', ')})` : ''}, then switch. Changing the permission model needs Owner or User Access Administrator on the vault.`,
  };

  return [
    modelFinding(
      'model-access-policies',
      'blocker',
      'The vault uses access policies, so the caller\'s role assignment is ignored',
      `enableRbacAuthorization is ${state}, and ${describeCaller(facts)} has ${joinWords(grants.map(describeAssignment))}, which would allow ${joinWords(denied.map((decision) => decision.operation.name))} on an RBAC vault but is ignored here.`,
      [`${vaultId}/properties.enableRbacAuthorization`, ...grants.map((view) => view.assignment.id)],
      [...(policyFix ? [policyFix] : []), switchFix],
    ),
  ];
}

/**
 * Notes a pasted error that came from the other permission model: an RBAC denial from a vault
 * that now uses access policies, or the reverse. The model changed since, or the error came from
 * another vault.
 */
function pastedErrorFinding(context: CheckContext): Finding | undefined {
  const kind = context.error?.kind;
  const rbac = usesRbac(context.facts);
  const fromRbac = kind === 'forbidden-by-rbac';
  const fromPolicies = kind === 'access-policy-denied' || kind === 'obo-required';
  if (rbac === undefined || (!fromRbac && !fromPolicies) || fromRbac === rbac) {
    return undefined;
  }

  const vaultName = context.error?.vaultName;
  const otherVault = vaultName !== undefined && vaultName.toLowerCase() !== context.facts.vault?.name.toLowerCase();
  const source = context.errorSource === 'audit-log' ? 'The logged denial' : 'The pasted error';
  return modelFinding(
    rbac ? 'model-rbac' : 'model-access-policies',
    'info',
    `${source} comes from ${fromRbac ? 'Azure RBAC' : 'access policies'}, but the vault now uses ${rbac ? 'Azure RBAC' : 'access policies'}`,
    otherVault
      ? `The error names the vault ${vaultName}, not ${context.facts.vault?.name}. Diagnose that vault to explain this error.`
      : `The vault's permission model changed after the error was produced (enableRbacAuthorization is now ${String(context.facts.vault?.enableRbacAuthorization)}), so the error may no longer apply; retry the request.`,
    [`${vaultIdOf(context.facts)}/properties.enableRbacAuthorization`],
  );
}

/** Findings of the permission model check. */
export const modelChecks: Check = (context) => {
  const facts = context.facts;
  if (!facts.vault) {
    const gap = context.gap('vault');
    return [
      {
        code: 'model-rbac',
        family: 'model',
        severity: 'unknown',
        title: 'The vault\'s permission model is unknown',
        detail: `The vault could not be read${gap ? `: ${gap.error}` : ''}, so it is unknown whether Azure RBAC or access policies decide access.`,
        evidence: [facts.request.vaultId],
        fixes: [],
        missing: ['vault'],
      },
    ];
  }
  const findings = usesRbac(facts) ? rbacVaultFindings(context) : accessPolicyVaultFindings(context);
  const pasted = pastedErrorFinding(context);
  return pasted ? [...findings, pasted] : findings;
};
