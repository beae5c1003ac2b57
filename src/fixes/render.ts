/**
 * Turns a typed fix into the commands and ARM requests that apply it.
 */
import type { Fix, FixSpec } from '../diagnosis/finding';
import { renderAccessPolicyDelete, renderAccessPolicySet } from './accessPolicy';
import { renderDiagnosticSettingCreate } from './diagnosticSettings';
import { renderFederatedCredentialCreate, renderFederatedCredentialDelete } from './federatedCredential';
import { renderPodTemplateLabel, renderServiceAccountAnnotation } from './kubernetes';
import { renderPrivateDnsLink, renderPrivateDnsRecord, renderSubnetServiceEndpoint } from './network';
import { renderRoleAssignmentCreate, renderRoleAssignmentDelete } from './roleAssignment';
import { renderRoleDefinitionUpdate } from './roleDefinition';
import { renderKeyOperationsUpdate, renderSecretEnable } from './secret';
import type { RenderedFix, WorkspaceEdit } from './types';
import { renderNetworkRuleAdd, renderPrivateEndpointApprove, renderVaultUpdate } from './vault';

export type { ArmWrite, RenderedCommand, RenderedFix, WorkspaceEdit } from './types';

/**
 * Renders a fix. A spec that cannot be rendered (an id of the wrong shape, a name with a NUL
 * character) gives a fix with no command and a note that explains why, never an exception, so one
 * bad fix does not hide the rest of a diagnosis.
 */
export function renderFix(fix: Fix): RenderedFix {
  let rendered: Omit<RenderedFix, 'title'>;
  try {
    rendered = renderSpec(fix.spec);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    rendered = { note: `No command could be generated for this fix: ${reason}` };
  }

  const notes = [fix.note, rendered.note].filter((note): note is string => note !== undefined && note !== '');
  const result: RenderedFix = { title: fix.title };
  if (notes.length > 0) {
    result.note = notes.join(' ');
  }
  if (rendered.az !== undefined) {
    result.az = rendered.az;
  }
  if (rendered.powershell !== undefined) {
    result.powershell = rendered.powershell;
  }
  if (rendered.arm !== undefined) {
    result.arm = rendered.arm;
  }
  if (rendered.edit !== undefined) {
    result.edit = rendered.edit;
  }
  return result;
}

function renderSpec(spec: FixSpec): Omit<RenderedFix, 'title'> {
  switch (spec.kind) {
    case 'role-assignment-create':
      return renderRoleAssignmentCreate(spec);
    case 'role-assignment-delete':
      return renderRoleAssignmentDelete(spec);
    case 'role-definition-update':
      return renderRoleDefinitionUpdate(spec);
    case 'access-policy-set':
      return renderAccessPolicySet(spec);
    case 'access-policy-delete':
      return renderAccessPolicyDelete(spec);
    case 'vault-update':
      return renderVaultUpdate(spec);
    case 'network-rule-add':
      return renderNetworkRuleAdd(spec);
    case 'subnet-service-endpoint':
      return renderSubnetServiceEndpoint(spec);
    case 'private-endpoint-connection-approve':
      return renderPrivateEndpointApprove(spec);
    case 'private-dns-link-create':
      return renderPrivateDnsLink(spec);
    case 'private-dns-a-record-add':
      return renderPrivateDnsRecord(spec);
    case 'federated-credential-create':
      return renderFederatedCredentialCreate(spec);
    case 'federated-credential-delete':
      return renderFederatedCredentialDelete(spec);
    case 'secret-enable':
      return renderSecretEnable(spec);
    case 'key-operations-update':
      return renderKeyOperationsUpdate(spec);
    case 'kubectl-label-pod-template':
      return renderPodTemplateLabel(spec);
    case 'kubectl-annotate-service-account':
      return renderServiceAccountAnnotation(spec);
    case 'diagnostic-setting-create':
      return renderDiagnosticSettingCreate(spec);
    case 'workspace-edit':
      return { edit: renderWorkspaceEdit(spec) };
    default:
      return unknownKind(spec);
  }
}

function renderWorkspaceEdit(spec: Extract<FixSpec, { kind: 'workspace-edit' }>): WorkspaceEdit {
  const edit: WorkspaceEdit = { file: spec.file, range: spec.range, newText: spec.newText };
  if (spec.additionalEdits && spec.additionalEdits.length > 0) {
    edit.additionalEdits = spec.additionalEdits.map((more) => ({ range: more.range, newText: more.newText }));
  }
  return edit;
}

/** Returns a note for a spec kind this renderer does not know (added to the contract later, or from a newer file). */
function unknownKind(spec: never): Omit<RenderedFix, 'title'> {
  const kind = (spec as { kind?: unknown }).kind;
  return { note: `No command could be generated for this fix: its kind ${JSON.stringify(kind)} is unknown to this version.` };
}
