/**
 * csi-identity-mode: the Azure provider of the Secrets Store CSI driver has exclusive identity
 * modes. `usePodIdentity` (deprecated) and `useVMManagedIdentity` (+ `userAssignedIdentityID`)
 * ask IMDS on the node for a token, so they work only for identities attached to the node pool.
 * Workload identity mode is `clientID` alone. A workload identity's client id put into
 * `userAssignedIdentityID` gives IMDS 400 "Identity not found".
 */
import type { CheckContext } from '../../context';
import type { Finding, Fix } from '../../finding';
import type { FieldRef, SecretProviderClassFact } from '../../workload';
import { removeFieldLineFix, replaceFieldLinesFix, replaceValueFix } from './edits';
import { identityFinding, sameId } from './findings';
import { whoIs } from './knownIdentities';
import type { WorkloadView } from './workload';

export interface CsiResult {
  findings: Finding[];
  /** SecretProviderClasses whose fix switches them to workload identity mode: their pods need a federated credential. */
  switchedToWorkloadIdentity: SecretProviderClassFact[];
}

export function isTrue(field: FieldRef | undefined): boolean {
  return field?.value?.toLowerCase() === 'true';
}

/** Replaces the mode fields with `clientID`; one edit when they sit on consecutive lines. */
export function workloadIdentityFixes(providerClass: SecretProviderClassFact, clientId: string): Fix[] {
  const file = providerClass.source.file;
  const modeFields = [providerClass.usePodIdentity, providerClass.useVMManagedIdentity, providerClass.userAssignedIdentityID, providerClass.clientID].filter(
    (field): field is FieldRef => field !== undefined,
  );
  const note = "The pod's service account then needs a federated credential on the identity; restart the pod to remount.";
  const single = replaceFieldLinesFix(`Switch SecretProviderClass ${providerClass.name} to workload identity with clientID ${clientId}`, file, modeFields, [`clientID: "${clientId}"`], note);
  if (single) return [single];

  const fixes: Fix[] = [];
  const primary = providerClass.useVMManagedIdentity ?? providerClass.usePodIdentity;
  const replaced = primary ? replaceFieldLinesFix(`Replace ${primary === providerClass.usePodIdentity ? 'usePodIdentity' : 'useVMManagedIdentity'} with clientID ${clientId}`, file, [primary], [`clientID: "${clientId}"`], note) : undefined;
  if (replaced) fixes.push(replaced);
  const leftover = providerClass.userAssignedIdentityID ? removeFieldLineFix('Remove userAssignedIdentityID', file, providerClass.userAssignedIdentityID) : undefined;
  if (leftover) fixes.push(leftover);
  return fixes;
}

/** Points userAssignedIdentityID at the node identity being diagnosed. */
function nodeIdentityFix(providerClass: SecretProviderClassFact, clientId: string | undefined): Fix[] {
  const field = providerClass.userAssignedIdentityID;
  if (!field || !clientId) return [];
  return [replaceValueFix(`Set userAssignedIdentityID of ${providerClass.name} to ${clientId}`, providerClass.source.file, field, clientId)];
}

/** Returns the client ids attached to the nodes: read from the node pools, or assumed to be the kubelet and add-on identities. */
function nodeIdentities(context: CheckContext): { clientIds: string[]; read: boolean } {
  const cluster = context.facts.cluster;
  if (cluster?.nodeIdentityClientIds) return { clientIds: cluster.nodeIdentityClientIds, read: true };
  const assumed = [cluster?.kubeletIdentity?.clientId, cluster?.secretsProviderIdentity?.clientId].filter((id): id is string => id !== undefined);
  return { clientIds: assumed, read: false };
}

function checkProviderClass(context: CheckContext, view: WorkloadView, providerClass: SecretProviderClassFact, result: CsiResult): void {
  const caller = context.facts.caller;
  const label = `SecretProviderClass ${providerClass.namespace}/${providerClass.name}`;
  const evidence = [`${providerClass.source.file}:${providerClass.source.range[0] + 1}`];
  const callerRole = whoIs(context.facts, { clientId: caller.clientId, objectId: caller.principalId })?.role;
  const callerIsNodeIdentity = callerRole === 'kubelet' || callerRole === 'secrets-provider';
  const canSwitch = caller.clientId !== undefined && !callerIsNodeIdentity;

  if (isTrue(providerClass.usePodIdentity)) {
    result.findings.push(
      identityFinding({
        code: 'csi-identity-mode',
        severity: 'blocker',
        title: `${label} uses pod identity mode`,
        detail: 'usePodIdentity: "true" needs the retired AAD Pod Identity add-on, which AKS replaced with workload identity; set clientID to the identity\'s client id instead.',
        evidence,
        fixes: canSwitch ? workloadIdentityFixes(providerClass, caller.clientId as string) : [],
      }),
    );
    if (canSwitch) result.switchedToWorkloadIdentity.push(providerClass);
    return;
  }

  if (!isTrue(providerClass.useVMManagedIdentity)) {
    if (providerClass.clientID?.value) {
      result.findings.push(
        identityFinding({ code: 'csi-identity-mode', severity: 'ok', title: `${label} uses workload identity mode`, detail: `clientID is ${providerClass.clientID.value}.`, evidence }),
      );
    }
    return;
  }

  const requested = providerClass.userAssignedIdentityID?.value || undefined;
  const requestedWho = requested ? whoIs(context.facts, { clientId: requested }) : undefined;
  const nodes = nodeIdentities(context);
  const notAttached = requested !== undefined && nodes.read && !nodes.clientIds.some((id) => sameId(id, requested));
  const imdsNotFound = context.error?.kind === 'imds-identity-not-found';
  const requestedIsCaller = sameId(requested, caller.clientId);
  const meantWorkloadIdentity = requestedIsCaller && canSwitch && (view.targetIdentity?.federatedCredentials?.length ?? 0) > 0;
  const requestedLabel = requested ? `${requested}${requestedWho ? ` (${requestedWho.label})` : ''}` : "the node's default identity";

  if (imdsNotFound || notAttached) {
    const imdsPrefix = imdsNotFound ? 'IMDS returned 400 "Identity not found": ' : '';
    result.findings.push(
      identityFinding({
        code: 'csi-identity-mode',
        severity: 'blocker',
        title: `${label} asks the nodes for an identity they do not have`,
        detail:
          `${imdsPrefix}${label} uses VM managed identity mode with userAssignedIdentityID ${requestedLabel}, which is not attached to the node pool. ` +
          (meantWorkloadIdentity
            ? 'The identity has federated credentials, so workload identity was meant: in that mode the SecretProviderClass names it with clientID instead.'
            : canSwitch
              ? "To use the diagnosed identity, switch to workload identity mode with clientID (the pod's service account then needs a federated credential), or attach the identity to the node pool."
              : "Use the kubelet identity's client id, or attach the identity to the node pool."),
        evidence,
        fixes: canSwitch ? workloadIdentityFixes(providerClass, caller.clientId as string) : nodeIdentityFix(providerClass, caller.clientId),
      }),
    );
    if (canSwitch) result.switchedToWorkloadIdentity.push(providerClass);
    return;
  }

  if (meantWorkloadIdentity && !nodes.read) {
    result.findings.push(
      identityFinding({
        code: 'csi-identity-mode',
        severity: 'warning',
        title: `${label} uses VM managed identity mode with a workload identity`,
        detail: `userAssignedIdentityID names ${requestedLabel}, which has federated credentials and is probably not attached to the nodes (the node pool identities were not read). Workload identity mode uses clientID instead.`,
        evidence,
        fixes: workloadIdentityFixes(providerClass, caller.clientId as string),
      }),
    );
    result.switchedToWorkloadIdentity.push(providerClass);
    return;
  }

  result.findings.push(
    identityFinding({
      code: 'csi-identity-mode',
      severity: 'ok',
      title: `${label} uses VM managed identity mode with ${requestedWho?.label ?? requestedLabel}`,
      detail: `The CSI driver requests a token from IMDS for ${requestedLabel}${nodes.read ? ', which is attached to the node pool' : ''}.`,
      evidence,
    }),
  );
}

export function checkCsiModes(context: CheckContext, view: WorkloadView): CsiResult {
  const result: CsiResult = { findings: [], switchedToWorkloadIdentity: [] };
  if (context.facts.request.client !== 'csi-driver' && view.providerClasses.length === 0) {
    return result;
  }

  for (const providerClass of view.providerClasses) {
    checkProviderClass(context, view, providerClass, result);
  }

  if (view.providerClasses.length === 0 && context.error?.kind === 'imds-identity-not-found') {
    result.findings.push(
      identityFinding({
        code: 'csi-identity-mode',
        severity: 'blocker',
        title: 'IMDS does not know the identity the CSI driver asked for',
        detail:
          'IMDS answered 400 "Identity not found": the client id sent (SecretProviderClass userAssignedIdentityID) is not attached to the node pool. No SecretProviderClass for this vault was found in the workspace to say which id was sent.',
        evidence: ['IMDS: Identity not found'],
      }),
    );
  }
  return result;
}
