/**
 * Access policy check for vaults that use access policies (`enableRbacAuthorization` false, null
 * or absent): finds the entry that applies to the caller's token, or explains why none does.
 */
import type { Check, CheckContext, OperationSpec } from '../context';
import type { AccessFacts } from '../facts';
import type { CauseCode, Finding, Fix } from '../finding';
import { describeCaller, joinWords, unique } from '../rbac/describe';
import { vaultIdOf } from '../rbac/targets';
import { evaluatePolicies, type PolicyEntryView, type PolicyEvaluation } from '../policy/evaluate';
import { accessPolicyDeleteFix, accessPolicySetFix } from '../policy/fixes';
import { permissionListAllows } from '../policy/permissions';
import { operationsWithError } from '../rbac/errorOperation';
import { otherPolicyHolders } from './otherHolders';

function finding(code: CauseCode, severity: Finding['severity'], title: string, detail: string, evidence: string[], fixes: Fix[] = [], missing?: string[]): Finding {
  const result: Finding = { code, family: 'authorization', severity, title, detail, evidence: unique(evidence), fixes };
  if (missing && missing.length > 0) {
    result.missing = missing;
  }
  return result;
}

function describeEntry(view: PolicyEntryView): string {
  const permissions = (['secrets', 'keys', 'certificates'] as const)
    .filter((collection) => (view.entry.permissions[collection] ?? []).length > 0)
    .map((collection) => `${collection} ${(view.entry.permissions[collection] ?? []).join(', ')}`);
  const application = view.entry.applicationId ? `, applicationId ${view.entry.applicationId}` : '';
  return `access policy entry ${view.index} (objectId ${view.entry.objectId}, tenant ${view.entry.tenantId}${application}: ${permissions.length > 0 ? permissions.join(', and ') : 'no permissions'})`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function entryEvidence(facts: AccessFacts, view: PolicyEntryView): string {
  return `${vaultIdOf(facts)}/properties.accessPolicies[${view.index}]`;
}

function ignoredFinding(context: CheckContext, view: PolicyEntryView, severity: Finding['severity'], deniedText: string, operations: readonly OperationSpec[]): Finding {
  const facts = context.facts;
  const caller = describeCaller(facts);
  const evidence = [entryEvidence(facts, view)];
  const principalId = facts.caller.principalId ?? '';
  const setFix = accessPolicySetFix(facts, view.entry, operations);
  const blocker = severity === 'blocker';

  switch (view.ignoredBecause) {
    case 'compound-identity': {
      const fixes: Fix[] = blocker
        ? [
            accessPolicyDeleteFix(
              facts,
              view.entry,
              `Delete the compound entry for ${view.entry.objectId} with applicationId ${view.entry.applicationId}`,
              'Run this first: az keyvault delete-policy removes only an entry whose applicationId matches too.',
            ),
            ...(setFix ? [{ ...setFix, note: 'Run this second: the new entry has no applicationId, so a plain token of the caller matches it.' }] : []),
          ]
        : [];
      return finding(
        'policy-compound-identity',
        severity,
        `The caller's access policy entry is a compound identity (applicationId ${view.entry.applicationId})`,
        `${capitalize(describeEntry(view))} names ${caller} together with application ${view.entry.applicationId}. Such an entry applies only when the caller acts on behalf of a user through that application (the on-behalf-of flow). Key Vault rejects a plain token with "The policy requires the caller ... to use on-behalf-of (OBO) flow".${blocker ? ` So ${deniedText} is denied.` : ''}`,
        evidence,
        fixes,
      );
    }

    case 'tenant-mismatch':
      return finding(
        'policy-tenant-mismatch',
        severity,
        `The caller's access policy entry carries tenant ${view.entry.tenantId}, not the vault's tenant`,
        `${capitalize(describeEntry(view))} names tenant ${view.entry.tenantId}, but the vault's tenant is ${facts.vault?.tenantId}. Key Vault ignores entries of another tenant, as after a subscription moved between tenants.${blocker ? ` So ${deniedText} is denied.` : ''}`,
        evidence,
        blocker && setFix ? [{ ...setFix, note: 'az keyvault set-policy writes the vault\'s own tenant id into the new entry.' }] : [],
      );

    default:
      return finding(
        'policy-client-id-as-object-id',
        severity,
        `The access policy entry contains the client id ${view.entry.objectId}, not the principal id ${principalId}`,
        `${capitalize(describeEntry(view))} uses the application (client) id of ${caller} as its objectId. Key Vault matches entries against the object id in the token (oid), which is the service principal's id ${principalId}, so this entry never applies.${blocker ? ` So ${deniedText} is denied.` : ''}`,
        evidence,
        blocker
          ? [
              ...(setFix ? [setFix] : []),
              accessPolicyDeleteFix(facts, view.entry, `Delete the entry that contains the client id ${view.entry.objectId}`, 'It never matches a token. Remove it after the entry with the principal id is in place.'),
            ]
          : [],
      );
  }
}

/** Entries that name the client id of another identity the facts know, which never match either. */
function otherClientIdInfos(facts: AccessFacts, evaluation: PolicyEvaluation): Finding[] {
  const clientIds = new Map<string, string>();
  for (const identity of facts.identities) {
    clientIds.set(identity.clientId.toLowerCase(), `${identity.name} (principal id ${identity.principalId})`);
  }
  for (const principal of facts.directory.principals) {
    if (principal.clientId && principal.objectId.toLowerCase() !== principal.clientId.toLowerCase()) {
      clientIds.set(principal.clientId.toLowerCase(), `${principal.displayName ?? principal.objectId} (principal id ${principal.objectId})`);
    }
  }

  const relatedIndexes = new Set(evaluation.related.map((view) => view.index));
  return (facts.vault?.accessPolicies ?? []).flatMap((entry, index) => {
    const owner = clientIds.get(entry.objectId.toLowerCase());
    if (!owner || relatedIndexes.has(index)) {
      return [];
    }
    return [
      finding(
        'policy-client-id-as-object-id',
        'info',
        `Access policy entry ${index} contains the client id of ${owner}`,
        `Entry ${index} has objectId ${entry.objectId}, which is the client id of ${owner}. Key Vault matches the object id, so this entry gives that identity nothing. It does not concern the caller.`,
        [`${vaultIdOf(facts)}/properties.accessPolicies[${index}]`],
      ),
    ];
  });
}

/** Findings of the access policy check, for a vault that uses access policies. */
export const policyChecks: Check = (context) => {
  const facts = context.facts;
  if (!facts.vault) {
    return [];
  }
  if (!facts.caller.principalId) {
    const gap = context.gap('caller') ?? context.gap('identity');
    return [
      finding(
        'policy-no-entry',
        'unknown',
        'Access policies could not be checked: the caller\'s principal id is unknown',
        `Access policy entries name object ids, and the caller's could not be resolved${gap ? `: ${gap.error}` : ''}.`,
        [facts.vault.id],
        [],
        ['caller'],
      ),
    ];
  }

  const operations = operationsWithError(context);
  const evaluation = evaluatePolicies(facts, operations);
  const denied = evaluation.decisions.filter((decision) => !decision.allowed);
  const caller = describeCaller(facts);
  const ignored = evaluation.related.filter((view) => view.ignoredBecause);
  const findings: Finding[] = [];

  if (denied.length === 0) {
    const allowing = unique(
      evaluation.decisions.flatMap((decision) => decision.allowing),
      (view) => String(view.index),
    );
    findings.push(
      finding(
        'policy-missing-permission',
        'ok',
        `Access policies allow ${joinWords(operations.map((operation) => operation.name))}`,
        `${capitalize(joinWords(allowing.map(describeEntry)))} ${allowing.length === 1 ? 'applies' : 'apply'} to ${caller}${allowing.some((view) => view.relation === 'group') ? ' (through group membership)' : ''}.`,
        allowing.map((view) => entryEvidence(facts, view)),
      ),
    );
    for (const view of ignored) {
      findings.push(ignoredFinding(context, view, 'info', '', operations));
    }
  } else {
    const deniedText = joinWords(denied.map((decision) => decision.operation.name));
    const undetermined = evaluation.undeterminedEntries.filter((entry) => denied.some((decision) => permissionListAllows(entry.permissions[decision.operation.collection], decision.operation)));
    const order = ['compound-identity', 'tenant-mismatch', 'client-id'];
    const primaryIgnored = evaluation.effective.length > 0 ? undefined : [...ignored].sort((a, b) => order.indexOf(a.ignoredBecause ?? '') - order.indexOf(b.ignoredBecause ?? ''))[0];

    if (undetermined.length > 0) {
      findings.push(
        finding(
          'policy-no-entry',
          'unknown',
          `Whether access policies allow ${deniedText} is unknown`,
          `The caller's group memberships were not read, and entries for ${joinWords(undetermined.map((entry) => entry.objectId))} might be groups that contain ${caller} and allow ${deniedText}.`,
          [facts.vault.id],
          [],
          ['directory'],
        ),
      );
    } else if (evaluation.effective.length > 0) {
      const own = evaluation.effective.find((view) => view.relation === 'principal');
      const missing = denied.map((decision) => `${decision.operation.collection} ${decision.operation.policyPermission}`);
      const fix = accessPolicySetFix(facts, own?.entry, operations);
      findings.push(
        finding(
          'policy-missing-permission',
          'blocker',
          `The caller's access policy lacks ${joinWords(missing)}`,
          `${capitalize(joinWords(evaluation.effective.map(describeEntry)))} ${evaluation.effective.length === 1 ? 'applies' : 'apply'} to ${caller} but ${evaluation.effective.length === 1 ? 'does' : 'do'} not grant ${joinWords(missing)}, so Key Vault denies ${deniedText}. A client that lists secrets before reading them needs list as well as get.`,
          evaluation.effective.map((view) => entryEvidence(facts, view)),
          fix ? [fix] : [],
        ),
      );
    } else if (primaryIgnored) {
      findings.push(ignoredFinding(context, primaryIgnored, 'blocker', deniedText, operations));
    } else {
      const fix = accessPolicySetFix(facts, undefined, operations);
      findings.push(
        finding(
          'policy-no-entry',
          'blocker',
          `No access policy entry names ${caller}`,
          `None of the vault's ${facts.vault.accessPolicies.length} access policy entries has the object id ${facts.caller.principalId}${facts.caller.groupIds && facts.caller.groupIds.length > 0 ? ' or one of the caller\'s groups' : ''}, so Key Vault denies ${deniedText}.${otherPolicyHolders(facts, facts.vault.accessPolicies)}`,
          [facts.vault.id],
          fix ? [fix] : [],
        ),
      );
    }

    for (const view of ignored.filter((candidate) => candidate !== primaryIgnored)) {
      findings.push(ignoredFinding(context, view, 'info', deniedText, operations));
    }
  }

  findings.push(...otherClientIdInfos(facts, evaluation));
  return findings;
};
