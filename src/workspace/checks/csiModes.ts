/**
 * csi-identity-mode from the manifests alone. The Azure provider of the Secrets Store CSI driver
 * picks its identity mode in this order: `usePodIdentity`, then `useVMManagedIdentity` (IMDS on
 * the node, so only identities attached to the node pool work), then workload identity with
 * `clientID`. The files cannot show which identities the nodes have. So VM mode is a blocker only
 * when its id is a workload identity's client id elsewhere in the workspace. It is a warning when
 * the mounting pod is set up for workload identity.
 */
import { isTrue, workloadIdentityFixes } from '../../diagnosis/checks/identity/csiMode';
import { sameId } from '../../diagnosis/checks/identity/findings';
import { findServiceAccount } from '../../diagnosis/checks/identity/workload';
import type { PodTemplateFact, SecretProviderClassFact, ServiceAccountFact, WorkloadFacts } from '../../diagnosis/workload';
import { fieldLocation, headLocation, workspaceFinding } from './finding';
import { workspaceClientIds, type IdSetting } from './settings';
import type { WorkspaceCheck, WorkspaceFinding } from './types';

interface Mount {
  pod: PodTemplateFact;
  account?: ServiceAccountFact;
}

function mountsOf(workload: WorkloadFacts, providerClass: SecretProviderClassFact): Mount[] {
  return workload.podTemplates
    .filter((pod) => pod.namespace === providerClass.namespace && pod.secretProviderClassNames.includes(providerClass.name))
    .map((pod) => ({ pod, account: findServiceAccount(workload, pod.namespace, pod.serviceAccountName) }));
}

function label(providerClass: SecretProviderClassFact): string {
  return `SecretProviderClass ${providerClass.namespace}/${providerClass.name}`;
}

function podIdentityMode(providerClass: SecretProviderClassFact, clientId: string | undefined): WorkspaceFinding {
  const field = providerClass.usePodIdentity;
  return workspaceFinding({
    code: 'csi-identity-mode',
    family: 'identity',
    severity: 'blocker',
    title: `${label(providerClass)} uses pod identity mode`,
    detail: `usePodIdentity: "true" needs the retired AAD Pod Identity add-on, which AKS replaced with workload identity. Set clientID to the workload identity's client id instead.${clientId ? '' : ' No client id for it was found in the workspace.'}`,
    location: field ? fieldLocation(providerClass.source.file, field) : headLocation(providerClass.source),
    fixes: clientId ? workloadIdentityFixes(providerClass, clientId) : [],
    preferredFix: 0,
  });
}

function vmIdentityMode(providerClass: SecretProviderClassFact, mounts: Mount[], clientIds: IdSetting[]): WorkspaceFinding | undefined {
  const requested = providerClass.userAssignedIdentityID?.value?.trim() || undefined;
  const clientIdOwner = requested ? clientIds.find((setting) => sameId(setting.value, requested) && setting.file !== providerClass.source.file) : undefined;
  const workloadIdentityPod = mounts.find((mount) => mount.pod.podUseLabel?.value === 'true' || mount.account?.clientId?.value);
  const ownAccount = mounts.find((mount) => mount.account !== undefined);
  const ignoredClientId = providerClass.clientID?.value;
  const location = fieldLocation(providerClass.source.file, providerClass.useVMManagedIdentity ?? providerClass.userAssignedIdentityID ?? providerClass.clientID ?? { range: headLocation(providerClass.source).range });
  const vmDetail = `${label(providerClass)} uses VM managed identity mode, so the CSI driver asks IMDS on the node for ${requested ? `the identity ${requested}` : "the node's default identity"}; that works only for an identity attached to the node pool.`;

  if (clientIdOwner) {
    return workspaceFinding({
      code: 'csi-identity-mode',
      family: 'identity',
      severity: 'blocker',
      title: `${label(providerClass)} uses VM managed identity mode with a workload identity's client id`,
      detail: `${vmDetail} ${requested} is ${clientIdOwner.label}, a workload identity, so IMDS answers "Identity not found" unless it is also attached to the nodes. Workload identity mode names it with clientID.`,
      location,
      fixes: workloadIdentityFixes(providerClass, requested as string),
      preferredFix: 0,
    });
  }

  const meant = ignoredClientId ?? workloadIdentityPod?.account?.clientId?.value ?? requested;
  if (ignoredClientId || workloadIdentityPod || (ownAccount && requested)) {
    const reason = ignoredClientId
      ? `clientID ${ignoredClientId} is set too, but VM mode wins and clientID is ignored.`
      : workloadIdentityPod
        ? `The pod ${workloadIdentityPod.pod.namespace}/${workloadIdentityPod.pod.name} that mounts it is set up for workload identity, which suggests clientID was meant.`
        : `The pod ${ownAccount?.pod.namespace}/${ownAccount?.pod.name} that mounts it runs as its own ServiceAccount ${ownAccount?.account?.name}, which only workload identity mode uses; if ${requested} is not attached to the nodes, IMDS answers "Identity not found".`;
    return workspaceFinding({
      code: 'csi-identity-mode',
      family: 'identity',
      severity: 'warning',
      title: `${label(providerClass)} uses VM managed identity mode where workload identity may be meant`,
      detail: `${vmDetail} ${reason}`,
      location,
      fixes: meant ? workloadIdentityFixes(providerClass, meant) : [],
      preferredFix: 0,
    });
  }
  return undefined;
}

export const checkCsiModes: WorkspaceCheck = ({ workload }) => {
  const clientIds = workspaceClientIds(workload);
  const findings: WorkspaceFinding[] = [];

  for (const providerClass of workload.secretProviderClasses.filter((candidate) => candidate.provider === 'azure')) {
    const mounts = mountsOf(workload, providerClass);
    if (isTrue(providerClass.usePodIdentity)) {
      const clientId = providerClass.clientID?.value ?? mounts.find((mount) => mount.account?.clientId?.value)?.account?.clientId?.value;
      findings.push(podIdentityMode(providerClass, clientId));
    } else if (isTrue(providerClass.useVMManagedIdentity)) {
      const finding = vmIdentityMode(providerClass, mounts, clientIds);
      if (finding) findings.push(finding);
    }
  }
  return findings;
};
