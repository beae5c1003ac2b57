/**
 * wi-pod-not-labelled from the manifests alone: the workload identity webhook (v1.0.0 and later)
 * mutates only pods labelled `azure.workload.identity/use: "true"`, so the label on a controller's
 * own metadata, or a value other than "true", leaves the pod without a token.
 */
import { findServiceAccount } from '../../diagnosis/checks/identity/workload';
import { replaceValueFix } from '../../diagnosis/checks/identity/edits';
import { labelFixes } from '../../diagnosis/checks/identity/podLabel';
import type { Fix } from '../../diagnosis/finding';
import type { PodTemplateFact } from '../../diagnosis/workload';
import { combineEdits, fieldLocation, headLocation, workspaceFinding } from './finding';
import type { WorkspaceCheck, WorkspaceFinding } from './types';

const LABEL = 'azure.workload.identity/use';

function describePod(pod: PodTemplateFact): string {
  return pod.kind === 'Pod' ? `Pod ${pod.namespace}/${pod.name}` : `the pod template of ${pod.kind} ${pod.namespace}/${pod.name}`;
}

/** Reports the label on the controller, with one edit that moves it, then the separate steps the engine also offers. */
function misplacedLabel(pod: PodTemplateFact): WorkspaceFinding | undefined {
  const label = pod.controllerUseLabel;
  if (!label || pod.podUseLabel) {
    return undefined;
  }

  const steps = labelFixes(pod);
  const isEdit = (fix: Fix, removal: boolean): boolean => fix.spec.kind === 'workspace-edit' && (fix.spec.newText === '') === removal;
  const add = steps.find((fix) => isEdit(fix, false));
  const remove = steps.find((fix) => isEdit(fix, true));
  const move = combineEdits(`Move the label ${LABEL}: "true" to ${describePod(pod)}`, [add, remove]);
  const fixes = move ? [move, ...steps] : steps;
  return workspaceFinding({
    code: 'wi-pod-not-labelled',
    family: 'identity',
    severity: 'blocker',
    title: `The label ${LABEL} sits on the ${pod.kind} ${pod.namespace}/${pod.name}, not on its pod template`,
    detail: `The workload identity webhook reads the label from the pod, and the pod gets only the template's labels, so no AZURE_CLIENT_ID, AZURE_TENANT_ID or token file is injected and the SDK falls back to the node's managed identity.`,
    location: fieldLocation(pod.source.file, label),
    fixes,
    preferredFix: 0,
  });
}

function wrongValue(pod: PodTemplateFact): WorkspaceFinding | undefined {
  const label = pod.podUseLabel;
  if (!label || label.value === 'true') {
    return undefined;
  }
  return workspaceFinding({
    code: 'wi-pod-not-labelled',
    family: 'identity',
    severity: 'blocker',
    title: `The label ${LABEL} of ${describePod(pod)} is "${label.value ?? ''}", not "true"`,
    detail: 'The workload identity webhook mutates only pods whose label value is the string "true", so this pod gets no token and the SDK falls back to the node\'s managed identity.',
    location: fieldLocation(pod.source.file, label),
    fixes: [replaceValueFix(`Set the label ${LABEL} to "true"`, pod.source.file, { ...label, quote: '"' }, 'true')],
    preferredFix: 0,
  });
}

/** Reports a pod without the label whose service account carries a client id, unless it mounts a CSI volume, which could be the reason for the account. */
function missingLabel(pod: PodTemplateFact, annotated: boolean): WorkspaceFinding | undefined {
  if (pod.podUseLabel || pod.controllerUseLabel || !annotated || pod.secretProviderClassNames.length > 0) {
    return undefined;
  }
  return workspaceFinding({
    code: 'wi-pod-not-labelled',
    family: 'identity',
    severity: 'warning',
    title: `${describePod(pod)} runs as a workload identity service account without the label ${LABEL}`,
    detail: `The service account ${pod.serviceAccountName} carries the annotation azure.workload.identity/client-id, so workload identity is meant, but without the label "true" on the pod the webhook injects nothing and the SDK falls back to the node's managed identity.`,
    location: pod.serviceAccountRange ? { file: pod.source.file, range: pod.serviceAccountRange } : headLocation(pod.source),
    fixes: labelFixes(pod),
    preferredFix: 0,
  });
}

export const checkPodLabels: WorkspaceCheck = ({ workload }) => {
  const findings: WorkspaceFinding[] = [];
  for (const pod of workload.podTemplates) {
    const annotated = Boolean(findServiceAccount(workload, pod.namespace, pod.serviceAccountName)?.clientId?.value);
    const finding = wrongValue(pod) ?? misplacedLabel(pod) ?? missingLabel(pod, annotated);
    if (finding) findings.push(finding);
  }
  return findings;
};
