/**
 * caller-mismatch: the identity named in a pasted Key Vault error (`oid`, `appid`, `xms_mirid`)
 * is the identity that really called. When it is not the identity being diagnosed, every grant
 * checked for the diagnosed identity is beside the point.
 */
import type { Finding } from '../../finding';
import type { CheckContext } from '../../context';
import { describeCaller, whoIs } from './knownIdentities';
import { identityFinding, sameId } from './findings';

/** Hints for the usual reasons another identity calls, keyed by who it turned out to be. */
const WHY: Record<string, string> = {
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
  if (!caller.principalId && !caller.clientId && !caller.identityId) {
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

  // The object id decides when both are present: the client id alone can be shared by an app and its principal.
  const mismatch =
    (reported.objectId !== undefined && caller.principalId !== undefined && !sameId(reported.objectId, caller.principalId)) ||
    (reported.objectId === undefined && reported.appId !== undefined && caller.clientId !== undefined && !sameId(reported.appId, caller.clientId)) ||
    (reported.objectId === undefined &&
      reported.appId === undefined &&
      reported.managedIdentityResourceId !== undefined &&
      caller.identityId !== undefined &&
      !sameId(reported.managedIdentityResourceId, caller.identityId));

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
  const who = actual ? actual.label : 'an identity not found among the facts';
  const why = actual ? (WHY[actual.role] ?? '') : '';
  return [
    identityFinding({
      code: 'caller-mismatch',
      severity: 'blocker',
      title: `Key Vault was called by ${who}, not by the diagnosed identity`,
      detail:
        `The error shows the real caller: oid ${reported.objectId ?? 'not shown'} (principal id), appid ${reported.appId ?? 'not shown'} (client id), which is ${who}. ` +
        `The diagnosed identity is ${expected}, so its grants do not apply to this request. ${why}`.trim(),
      evidence,
    }),
  ];
}
