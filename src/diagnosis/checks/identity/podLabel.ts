/**
 * wi-pod-not-labelled: since webhook v1.0.0 the workload identity webhook mutates only pods
 * labelled `azure.workload.identity/use: "true"`. Without the label on the pod (template), the
 * pod gets no token and the SDK falls back to the node's identity through IMDS.
 */
import type { CheckContext } from '../../context';
import type { Finding, Fix } from '../../finding';
import type { PodTemplateFact } from '../../workload';
import { appendToMapFix, removeFieldLineFix } from './edits';
import { identityFinding } from './findings';
import type { Requester } from './workload';

const LABEL = 'azure.workload.identity/use';

export function labelFixes(pod: PodTemplateFact): Fix[] {
  const fixes: Fix[] = [];
  const where = pod.kind === 'Pod' ? `Pod ${pod.name}` : `the pod template of ${pod.kind} ${pod.name}`;

  if (pod.podLabelsRange && pod.podLabelsTarget === 'labels') {
    fixes.push(appendToMapFix(`Add the label ${LABEL}: "true" to ${where}`, pod.source.file, pod.podLabelsRange, [`${LABEL}: "true"`]));
  } else if (pod.podLabelsRange && pod.podLabelsTarget === 'metadata') {
    fixes.push(appendToMapFix(`Add the label ${LABEL}: "true" to ${where}`, pod.source.file, pod.podLabelsRange, ['labels:', `  ${LABEL}: "true"`]));
  }

  // Moving, not copying: a label left on the controller's metadata suggests it does something.
  const misplaced = pod.controllerUseLabel ? removeFieldLineFix(`Remove the label from the ${pod.kind}'s own metadata, where it has no effect`, pod.source.file, pod.controllerUseLabel) : undefined;
  if (misplaced) fixes.push(misplaced);

  if (pod.kind !== 'Pod') {
    fixes.push({
      title: `Label the pod template of ${pod.kind} ${pod.namespace}/${pod.name}`,
      spec: { kind: 'kubectl-label-pod-template', namespace: pod.namespace, controllerKind: pod.kind, name: pod.name },
      note: 'Patching the template rolls out new pods; also change the manifest, or the next deployment removes the label again.',
    });
  }
  return fixes;
}

export function checkPodLabels(context: CheckContext, requesters: Requester[]): Finding[] {
  const pods = new Map<string, PodTemplateFact>();
  for (const requester of requesters) {
    // CSI workload identity mode and ESO with serviceAccountRef request tokens themselves; only
    // code inside the pod (and the ESO controller) depends on the webhook.
    if ((requester.kind === 'pod' || requester.kind === 'eso-controller') && requester.pod) {
      pods.set(`${requester.pod.source.file}|${requester.pod.name}`, requester.pod);
    }
  }

  const fallbackSeen = context.error?.kind === 'imds-multiple-identities';
  return [...pods.values()].map((pod) => {
    const where = pod.kind === 'Pod' ? `Pod ${pod.namespace}/${pod.name}` : `the pod template of ${pod.kind} ${pod.namespace}/${pod.name}`;
    if (pod.podUseLabel?.value === 'true') {
      return identityFinding({
        code: 'wi-pod-not-labelled',
        severity: 'ok',
        title: `${where} has the workload identity label`,
        detail: `${LABEL}: "true" is set on ${where}.`,
        evidence: [`${pod.source.file}:${pod.podUseLabel.range[0] + 1}`],
      });
    }

    const misplaced = pod.controllerUseLabel
      ? ` The label sits on the ${pod.kind}'s own metadata (${pod.source.file} line ${pod.controllerUseLabel.range[0] + 1}), where the webhook never looks.`
      : '';
    const wrongValue = pod.podUseLabel ? ` The label is present with the value "${pod.podUseLabel.value ?? ''}"; it must be the string "true".` : '';
    const fallback = fallbackSeen ? ' The pasted IMDS error "Multiple user assigned identities exist" shows this fallback.' : '';
    return identityFinding({
      code: 'wi-pod-not-labelled',
      severity: 'blocker',
      title: `${where} lacks the label ${LABEL}: "true"`,
      detail: `Without the label the workload identity webhook does not inject AZURE_CLIENT_ID, AZURE_TENANT_ID and the token file, so the SDK falls back to the node's managed identity.${misplaced}${wrongValue}${fallback}`,
      evidence: [`${pod.source.file}:${pod.source.range[0] + 1}`],
      fixes: labelFixes(pod),
    });
  });
}
