/**
 * caller-mismatch: the identity named in a pasted Key Vault error (`oid`, `appid`, `xms_mirid`)
 * is the identity that really called. When it is not the identity being diagnosed, every grant
 * checked for the diagnosed identity is beside the point.
 */
import type { Finding } from '../../finding';
import type { CheckContext } from '../../context';
import { describeCaller, whoIs } from './knownIdentities';
import { identityFinding, sameId } from './findings';

/** Usual reasons another identity calls, keyed by the role of the identity that called. */
const REASON_BY_ROLE: Record<string, string> = {
  kubelet:
    'The workload fell back to the node identity through IMDS: the pod has no workload identity token (pod label `azure.workload.identity/use: "true"` missing, or no client id annotation), or the SecretProviderClass uses VM managed identity mode.',
  'secrets-provider': 'The SecretProviderClass uses the Key Vault secrets provider add-on identity (VM managed identity mode with its client id).',
  cluster: "The cluster's own identity is used only by the AKS control plane; workloads never call with it, so check the workload configuration.",
};

export function checkCallerMismatch(context: CheckContext): Finding[] {
  const reported = context.error?.caller;
  if (!reported || (!reported.objectId && !reported.appId && !reported.managedIdentityResourceId)) {
    return [];
  }

  const caller = context.facts.caller;
  const expected = describeCaller(context.facts);

  // Every id the error and the facts both have is compared; one difference is enough.
  const comparisons = [
    [reported.objectId, caller.principalId],
    [reported.appId, caller.clientId],
    [reported.managedIdentityResourceId, caller.identityId],
  ].filter((pair): pair is [string, string] => pair[0] !== undefined && pair[1] !== undefined);

  if (comparisons.length === 0) {
    const gap = context.gap('caller') ?? context.gap('identity');
    return [
      identityFinding({
        code: 'caller-mismatch',
        severity: 'unknown',
        title: 'Cannot compare the caller in the error with the diagnosed identity',
        detail: `The error names the caller oid=${reported.objectId ?? '?'} appid=${reported.appId ?? '?'}, but the diagnosed identity could not be resolved${gap ? `: ${gap.error}` : ''}.`,
        missing: ['caller'],
      }),
    ];
  }

  const mismatch = comparisons.some(([fromError, fromFacts]) => !sameId(fromError, fromFacts));

  const evidence = [
    reported.objectId && `error oid=${reported.objectId}`,
    reported.appId && `error appid=${reported.appId}`,
    reported.managedIdentityResourceId && `error xms_mirid=${reported.managedIdentityResourceId}`,
  ].filter((item): item is string => Boolean(item));

  if (!mismatch) {
    return [
      identityFinding({
        code: 'caller-mismatch',
        severity: 'ok',
        title: 'The caller in the error is the diagnosed identity',
        detail: `The error's caller (${evidence.join(', ')}) is ${expected}.`,
        evidence,
      }),
    ];
  }

  const actual = whoIs(context.facts, { objectId: reported.objectId, clientId: reported.appId, resourceId: reported.managedIdentityResourceId });
  const actualLabel = actual ? actual.label : 'an identity not found among the facts';
  const reason = actual ? (REASON_BY_ROLE[actual.role] ?? '') : '';
  return [
    identityFinding({
      code: 'caller-mismatch',
      severity: 'blocker',
      title: `Key Vault was called by ${actualLabel}, not by the diagnosed identity`,
      detail:
        `The error shows the real caller: oid ${reported.objectId ?? 'not shown'} (principal id), appid ${reported.appId ?? 'not shown'} (client id), which is ${actualLabel}. ` +
        `The diagnosed identity is ${expected}, so its grants do not apply to this request. ${reason}`.trim(),
      evidence,
    }),
  ];
}
