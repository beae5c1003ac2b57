/**
 * Identity checks: which identity really calls Key Vault and whether it can get a token at all
 * (tenant, workload identity federation, client ids, pod labels, ESO and CSI identity modes).
 * They run before authorization because a wrong identity makes every grant irrelevant.
 */
import type { Check, CheckContext } from '../context';
import type { Finding } from '../finding';
import { checkCallerExists } from './identity/callerExists';
import { checkCallerMismatch } from './identity/callerMismatch';
import { checkClientIds } from './identity/clientId';
import { checkCsiModes, type CsiResult } from './identity/csiMode';
import { checkEsoReferences } from './identity/esoReference';
import { checkFederatedCredentials, checkIssuerOnly, TOKEN_EXCHANGE_AUDIENCE, type PresentedToken } from './identity/federatedCredentials';
import { identityFinding, sameId } from './identity/findings';
import { whoIs } from './identity/knownIdentities';
import { checkPodLabels } from './identity/podLabel';
import { checkTenantMismatch } from './identity/tenantMismatch';
import { subjectOf, viewWorkload, type Requester, type WorkloadView } from './identity/workload';

/** True when a requester exchanges a Kubernetes token for the diagnosed identity (or an unknown one). */
function presentsTokenForCaller(context: CheckContext, requester: Requester): boolean {
  const clientId = requester.clientId?.field.value;
  if (requester.kind === 'pod' && !clientId && !requester.pod?.podUseLabel && !requester.pod?.controllerUseLabel) {
    return false;
  }
  return clientId === undefined || context.facts.caller.clientId === undefined || sameId(clientId, context.facts.caller.clientId);
}

/** Lists the tokens Entra ID is asked to exchange, from the workspace and from a pasted AADSTS error. */
function presentedTokens(context: CheckContext, view: WorkloadView, csi: CsiResult): { tokens: PresentedToken[]; issuerMissing: boolean } {
  const error = context.error;
  const assertion = error?.kind === 'federated-credential-no-match' ? error.assertion : undefined;
  const issuer = context.facts.cluster?.oidcIssuerUrl ?? assertion?.issuer;
  const audience = assertion?.audience ?? TOKEN_EXCHANGE_AUDIENCE;
  const tokens: PresentedToken[] = [];

  const subjects: { subject: string; origin: string }[] = view.requesters
    .filter((requester) => presentsTokenForCaller(context, requester))
    .map((requester) => ({ subject: requester.subject, origin: originOf(requester) }));
  for (const providerClass of csi.switchedToWorkloadIdentity) {
    for (const pod of view.workload.podTemplates.filter((candidate) => candidate.namespace === providerClass.namespace && candidate.secretProviderClassNames.includes(providerClass.name))) {
      subjects.push({ subject: subjectOf(pod.namespace, pod.serviceAccountName), origin: `the service account of ${pod.kind} ${pod.namespace}/${pod.name}, which mounts SecretProviderClass ${providerClass.name}` });
    }
  }

  if (assertion?.subject) {
    tokens.push({ subject: assertion.subject, issuer: assertion.issuer ?? issuer ?? '', audience, origin: 'the pasted AADSTS error' });
  }
  if (issuer) {
    for (const { subject, origin } of subjects) tokens.push({ subject, issuer, audience, origin });
  }

  const unique = tokens.filter((token, index) => token.issuer !== '' && tokens.findIndex((other) => other.subject === token.subject && other.issuer === token.issuer) === index);
  return { tokens: unique, issuerMissing: !issuer && subjects.length > 0 };
}

function originOf(requester: Requester): string {
  switch (requester.kind) {
    case 'csi':
      return `the service account of ${requester.pod?.kind ?? 'the pod'} ${requester.namespace}/${requester.pod?.name ?? ''}, which the CSI driver uses in workload identity mode`.replace(/\/ /, ' ');
    case 'eso-reference':
      return `serviceAccountRef of ${requester.store?.kind ?? 'the store'} ${requester.store?.name ?? ''}`;
    case 'eso-controller':
      return `the ESO controller's service account, used because ${requester.store?.kind ?? 'the store'} ${requester.store?.name ?? ''} has no serviceAccountRef`;
    default:
      return `the service account of ${requester.pod?.kind ?? 'the pod'} ${requester.namespace}/${requester.pod?.name ?? ''}`;
  }
}

/** Returns true for the kubelet and add-on identities, which authenticate through IMDS and never through federation. */
function callerIsNodeIdentity(context: CheckContext): boolean {
  const role = whoIs(context.facts, { clientId: context.facts.caller.clientId, objectId: context.facts.caller.principalId })?.role;
  return role === 'kubelet' || role === 'secrets-provider';
}

function workloadChecks(context: CheckContext): Finding[] {
  const view = viewWorkload(context.facts);
  const csi = checkCsiModes(context, view);
  const { tokens, issuerMissing } = callerIsNodeIdentity(context) ? { tokens: [], issuerMissing: false } : presentedTokens(context, view, csi);
  const eso = checkEsoReferences(context, view, tokens);
  const federationTokens = tokens.filter((token) => !eso.explainedSubjects.has(token.subject));

  const findings = [
    ...checkClientIds(context, view),
    ...checkPodLabels(context, view.requesters),
    ...eso.findings,
    ...csi.findings,
    ...checkFederatedCredentials(context, view, federationTokens),
  ];

  // Workload identity without manifests: only the issuer can be checked.
  const issuer = context.facts.cluster?.oidcIssuerUrl;
  const client = context.facts.request.client;
  const manifestsMissing = view.requesters.length === 0 && tokens.length === 0;
  if (manifestsMissing && issuer && (client === 'aks-workload' || client === 'external-secrets') && view.targetIdentity && !callerIsNodeIdentity(context)) {
    findings.push(...checkIssuerOnly(context, view, issuer));
  }

  if (issuerMissing) {
    const gap = context.gap('cluster');
    findings.push(
      identityFinding({
        code: 'wi-fic-issuer-mismatch',
        severity: 'unknown',
        title: "The cluster's OIDC issuer is not known",
        detail: `The federated credentials cannot be compared without the cluster's issuer URL${gap ? `: ${gap.error}` : ' (name the cluster the workload runs in)'}.`,
        missing: ['cluster'],
      }),
    );
  }
  return findings;
}

export const identityChecks: Check = (context) => [...checkCallerExists(context), ...checkCallerMismatch(context), ...checkTenantMismatch(context), ...workloadChecks(context)];
