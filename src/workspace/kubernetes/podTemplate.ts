/**
 * Pods and the controllers that template them: which service account the pod runs as, whether
 * the workload identity label is on the pod template, and which SecretProviderClass it mounts.
 */
import { isMap, type YAMLMap } from 'yaml';
import type { ControllerKind, PodTemplateFact } from '../../diagnosis/workload';
import { asMap, asSeq, blockMapRange, fieldOf, getIn, pairOf, scalarText, stringIn, type SourcePositions } from '../yamlNodes';
import { USE_LABEL } from './serviceAccount';

export const CONTROLLER_KINDS: readonly ControllerKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet'];

const CSI_DRIVER = 'secrets-store.csi.k8s.io';

/** Environment variables worth keeping: the ones that name an identity, a tenant or a vault. */
const INTERESTING_ENV = /CLIENT_ID|TENANT_ID|FEDERATED_TOKEN|IDENTITY|VAULT/i;

/** Returns the pod template's `metadata` map for a controller, or the Pod's own `metadata`. */
function podMetadataPath(kind: ControllerKind): string[] {
  if (kind === 'Pod') return ['metadata'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'metadata'];
  return ['spec', 'template', 'metadata'];
}

function podSpecPath(kind: ControllerKind): string[] {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

function secretProviderClasses(podSpec: unknown): string[] {
  const names: string[] = [];
  for (const volume of asSeq(getIn(podSpec, ['volumes']))?.items ?? []) {
    const driver = stringIn(volume, ['csi', 'driver']);
    const className = stringIn(volume, ['csi', 'volumeAttributes', 'secretProviderClass']);
    if (driver === CSI_DRIVER && className) {
      names.push(className);
    }
  }
  return names;
}

function environment(positions: SourcePositions, podSpec: unknown): PodTemplateFact['env'] {
  const env: PodTemplateFact['env'] = [];
  const containers = [...(asSeq(getIn(podSpec, ['containers']))?.items ?? []), ...(asSeq(getIn(podSpec, ['initContainers']))?.items ?? [])];

  for (const container of containers) {
    for (const variable of asSeq(getIn(container, ['env']))?.items ?? []) {
      const name = stringIn(variable, ['name']);
      if (!name || !INTERESTING_ENV.test(name) || !isMap(variable)) {
        continue;
      }
      const valuePair = pairOf(variable, 'value');
      const entry: PodTemplateFact['env'][number] = { name, range: positions.nodeRange(variable) };
      const value = scalarText(valuePair?.value);
      if (value !== undefined) entry.value = value;
      env.push(entry);
    }
  }
  return env;
}

export function readPodTemplate(positions: SourcePositions, root: YAMLMap, kind: ControllerKind): PodTemplateFact | undefined {
  const name = stringIn(root, ['metadata', 'name']);
  const podSpec = asMap(getIn(root, podSpecPath(kind)));
  if (!name || !podSpec) {
    return undefined;
  }

  const podMetadata = asMap(getIn(root, podMetadataPath(kind)));
  const podLabels = asMap(getIn(podMetadata, ['labels']));
  const serviceAccount = fieldOf(positions, podSpec, 'serviceAccountName') ?? fieldOf(positions, podSpec, 'serviceAccount');

  const fact: PodTemplateFact = {
    source: positions.sourceRef(root),
    kind,
    name,
    namespace: stringIn(root, ['metadata', 'namespace']) ?? 'default',
    serviceAccountName: serviceAccount?.value ?? 'default',
    secretProviderClassNames: secretProviderClasses(podSpec),
    env: environment(positions, podSpec),
  };
  if (serviceAccount) fact.serviceAccountRange = serviceAccount.range;

  const podUseLabel = fieldOf(positions, podLabels, USE_LABEL);
  if (podUseLabel) fact.podUseLabel = podUseLabel;

  if (kind !== 'Pod') {
    const controllerLabels = asMap(getIn(root, ['metadata', 'labels']));
    const jobTemplateLabels = asMap(getIn(root, ['spec', 'jobTemplate', 'metadata', 'labels']));
    const controllerUseLabel = fieldOf(positions, controllerLabels, USE_LABEL) ?? fieldOf(positions, jobTemplateLabels, USE_LABEL);
    if (controllerUseLabel) fact.controllerUseLabel = controllerUseLabel;
  }

  // Only block maps get an insertion point: a key cannot be appended to `{a: b}` on its own line.
  const labelsRange = blockMapRange(positions, podLabels);
  const metadataRange = podLabels ? undefined : blockMapRange(positions, podMetadata);
  if (labelsRange) {
    fact.podLabelsRange = labelsRange;
    fact.podLabelsTarget = 'labels';
  } else if (metadataRange) {
    fact.podLabelsRange = metadataRange;
    fact.podLabelsTarget = 'metadata';
  }
  return fact;
}
