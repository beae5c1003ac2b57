/**
 * Checks to run inside the cluster for what Azure Resource Manager cannot see: the address a pod
 * resolves the vault to, the workload identity variables and token file the webhook injected, and
 * the client address Key Vault reports. They attach to network and workload identity findings.
 */
import { viewWorkload } from '../checks/identity/workload';
import type { AccessFacts } from '../facts';
import type { Finding, VerifySpec } from '../finding';
import type { ControllerKind, PodTemplateFact } from '../workload';

/** Placeholders shown when the workspace names no workload. The rendered note asks the user to replace them. */
export const NAMESPACE_PLACEHOLDER = '<namespace>';
export const TARGET_PLACEHOLDER = 'deploy/<deployment-name>';

/** The `kubectl exec` target form of each controller kind; a CronJob has no running pod to name. */
const TARGET_PREFIX: Partial<Record<ControllerKind, string>> = {
  Deployment: 'deploy',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  ReplicaSet: 'rs',
  Job: 'job',
  Pod: 'pod',
};

/** Identity codes whose cause sits in the pod: which identity it presents and how it gets the token. */
const WORKLOAD_IDENTITY_CODES = new Set<string>([
  'caller-mismatch',
  'wi-fic-missing',
  'wi-fic-issuer-mismatch',
  'wi-fic-subject-mismatch',
  'wi-fic-audience-mismatch',
  'wi-client-id-mismatch',
  'wi-pod-not-labelled',
  'csi-identity-mode',
]);

const CLUSTER_CLIENTS = new Set(['aks-workload', 'csi-driver', 'external-secrets']);

/** Target of `kubectl exec`: the namespace and the workload, from the workspace or placeholders. */
export interface ExecTarget {
  namespace: string;
  target: string;
}

/** True when the caller runs in a Kubernetes cluster, by the request, the cluster facts or the workspace. */
export function runsInCluster(facts: AccessFacts): boolean {
  return (
    (facts.request.client !== undefined && CLUSTER_CLIENTS.has(facts.request.client)) ||
    facts.request.from?.clusterId !== undefined ||
    facts.cluster !== undefined ||
    (facts.workload?.podTemplates.length ?? 0) > 0
  );
}

/** Chooses the pod to run the checks in: the one that requests the token for this vault, else the first workload in the workspace. */
export function execTarget(facts: AccessFacts): ExecTarget {
  const pods: PodTemplateFact[] = [];
  if (facts.workload) {
    pods.push(...viewWorkload(facts).requesters.flatMap((requester) => (requester.pod ? [requester.pod] : [])));
    pods.push(...facts.workload.podTemplates);
  }

  for (const pod of pods) {
    const prefix = TARGET_PREFIX[pod.kind];
    if (prefix) {
      return { namespace: pod.namespace, target: `${prefix}/${pod.name}` };
    }
  }
  return { namespace: NAMESPACE_PLACEHOLDER, target: TARGET_PLACEHOLDER };
}

/** Returns the vault's host name: from its URI when ARM returned it, else its name and the cloud's suffix. */
export function vaultHost(facts: AccessFacts): string {
  const uri = facts.vault?.vaultUri;
  if (uri) {
    try {
      return new URL(uri).hostname;
    } catch {
      // An unparsable URI falls through to the name and suffix.
    }
  }

  const name = facts.vault?.name ?? facts.request.vaultId.split('/').filter(Boolean).pop() ?? '';
  // NOTE: facts saved before the cloud was recorded fall back to the public cloud's suffix.
  return `${name.toLowerCase()}.${facts.cloud?.keyVaultDnsSuffix ?? 'vault.azure.net'}`;
}

/** Private addresses of the vault's private endpoints, which the vault name should resolve to inside the cluster. */
function privateEndpointAddresses(facts: AccessFacts): string[] {
  const vaultId = (facts.vault?.id ?? facts.request.vaultId).toLowerCase();
  return facts.network.privateEndpoints
    .filter((endpoint) => endpoint.privateLinkServiceId === undefined || endpoint.privateLinkServiceId.toLowerCase() === vaultId)
    .flatMap((endpoint) => endpoint.ipAddresses);
}

function environmentSpec(facts: AccessFacts, namespace: string, target: string): VerifySpec {
  const spec: Extract<VerifySpec, { kind: 'workload-identity-environment' }> = { kind: 'workload-identity-environment', namespace, target };
  if (facts.caller.clientId) {
    spec.expectedClientId = facts.caller.clientId;
  }
  const tenantId = facts.caller.tenantId ?? facts.vault?.tenantId;
  if (tenantId) {
    spec.expectedTenantId = tenantId;
  }
  return spec;
}

/** Returns the in-cluster checks for network findings and for workload identity findings. */
export function clusterVerifySpecs(facts: AccessFacts): { network: VerifySpec[]; identity: VerifySpec[] } {
  const { namespace, target } = execTarget(facts);
  const host = vaultHost(facts);
  const expectedAddresses = privateEndpointAddresses(facts);

  return {
    network: [
      { kind: 'resolve-vault-host', namespace, target, vaultHost: host, expectedAddresses },
      { kind: 'vault-network-info', namespace, target, vaultHost: host, expectedAddresses },
    ],
    identity: [
      environmentSpec(facts, namespace, target),
      { kind: 'workload-identity-token-file', namespace, target },
    ],
  };
}

/**
 * Adds the in-cluster checks to the network findings and to the workload identity findings that
 * did not pass, when the caller runs in a cluster. Other findings are returned unchanged.
 */
export function withClusterChecks(findings: readonly Finding[], facts: AccessFacts): Finding[] {
  if (!runsInCluster(facts)) {
    return [...findings];
  }

  const specs = clusterVerifySpecs(facts);
  return findings.map((finding) => {
    if (finding.severity === 'ok' || finding.severity === 'info') {
      return finding;
    }
    if (finding.family === 'network') {
      return { ...finding, verify: [...(finding.verify ?? []), ...specs.network] };
    }
    if (finding.family === 'identity' && WORKLOAD_IDENTITY_CODES.has(finding.code)) {
      return { ...finding, verify: [...(finding.verify ?? []), ...specs.identity, ...specs.network.filter((spec) => spec.kind === 'vault-network-info')] };
    }
    return finding;
  });
}
