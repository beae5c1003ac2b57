/**
 * Kubernetes fixes for Azure Workload Identity: the pod label and the service account annotation.
 */
import type { FixSpec } from '../diagnosis/finding';
import { value } from './commandLine';
import { withNotes } from './notes';
import { jsonForFile, renderScript } from './script';
import type { RenderedFix } from './types';

type LabelSpec = Extract<FixSpec, { kind: 'kubectl-label-pod-template' }>;
type AnnotateSpec = Extract<FixSpec, { kind: 'kubectl-annotate-service-account' }>;

export const WORKLOAD_IDENTITY_USE_LABEL = 'azure.workload.identity/use';
export const WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = 'azure.workload.identity/client-id';

/** File the generated script writes the merge patch to, in the current directory. */
export const PATCH_FILE = 'kv-doctor-patch.json';

/** Path to the pod template in each controller kind whose template can be changed in place. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * Renders `kubectl patch --type merge --patch-file` that labels the pod template. The webhook
 * injects the token only when a pod is created, so patching a controller rolls out new pods, and
 * a Job's template or a running Pod cannot take the label: they get a note instead of a command.
 */
export function renderPodTemplateLabel(spec: LabelSpec): Omit<RenderedFix, 'title'> {
  const path = TEMPLATE_PATHS[spec.controllerKind];
  if (!path) {
    return {
      note: `A ${spec.controllerKind}'s pod template cannot be changed in place: add the label ${WORKLOAD_IDENTITY_USE_LABEL}: "true" to the pod template in its manifest, delete the ${spec.controllerKind} and apply the manifest again.`,
    };
  }

  let patch: Record<string, unknown> = { metadata: { labels: { [WORKLOAD_IDENTITY_USE_LABEL]: 'true' } } };
  for (const key of [...path].reverse()) {
    patch = { [key]: patch };
  }

  // The patch is written to a file because Windows PowerShell mangles JSON passed as an argument.
  const script = renderScript([
    { writeFile: { path: PATCH_FILE, content: jsonForFile(patch) } },
    {
      command: [
        'kubectl', 'patch', value(spec.controllerKind.toLowerCase()), value(spec.name),
        '--namespace', value(spec.namespace),
        '--type', 'merge',
        '--patch-file', PATCH_FILE,
      ],
    },
  ]);

  return withNotes({ az: script.az, powershell: script.powershell }, [
    script.powershellWarning,
    'Change the manifest too, or the next deployment removes the label again.',
  ]);
}

/** Renders `kubectl annotate serviceaccount ... azure.workload.identity/client-id=<id> --overwrite`. */
export function renderServiceAccountAnnotation(spec: AnnotateSpec): Omit<RenderedFix, 'title'> {
  const script = renderScript([
    {
      command: [
        'kubectl', 'annotate', 'serviceaccount', value(spec.name),
        value(`${WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION}=${spec.clientId}`),
        '--namespace', value(spec.namespace),
        '--overwrite',
      ],
    },
  ]);

  return withNotes({ az: script.az, powershell: script.powershell }, [
    script.powershellWarning,
    'Pods read the annotation when they start: restart the workload (kubectl rollout restart), and change the manifest too.',
  ]);
}
