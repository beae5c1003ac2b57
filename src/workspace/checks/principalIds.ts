/**
 * A client id where a principal (object) id belongs: access policy `objectId` and role assignment
 * `principalId` take the service principal's object id, while workloads send the client id. The
 * files show the mistake when the value is a client id a workload sends, or when the expression
 * reads an identity's `clientId` (`identity.properties.clientId`, `azurerm_user_assigned_identity.x.client_id`).
 */
import { sameId } from '../../diagnosis/checks/identity/findings';
import type { CauseCode, Fix } from '../../diagnosis/finding';
import type { FieldRef } from '../../diagnosis/workload';
import { fieldLocation, replaceInFieldFix, textAt, workspaceFinding } from './finding';
import { workspaceClientIds, type IdSetting } from './settings';
import type { WorkspaceCheck, WorkspaceFinding, WorkspaceInput } from './types';

const NAMES_CLIENT_ID = /client_?id/i;
const NAMES_PRINCIPAL = /principal|object/i;

interface PrincipalField {
  file: string;
  field: FieldRef;
  code: CauseCode;
  /** "the access policy entry" or "the role assignment", for the finding's words. */
  where: string;
  family: 'authorization' | 'identity';
}

function principalFields(input: WorkspaceInput): PrincipalField[] {
  const fields: PrincipalField[] = [];
  for (const vault of input.workload.vaults) {
    for (const field of vault.accessPolicyObjectIds) {
      fields.push({ file: vault.source.file, field, code: 'policy-client-id-as-object-id', where: `the access policy entry of vault ${vault.name ?? '(unnamed)'}`, family: 'authorization' });
    }
  }
  for (const assignment of input.workload.roleAssignments) {
    if (assignment.principalId) {
      fields.push({ file: assignment.source.file, field: assignment.principalId, code: 'wi-client-id-mismatch', where: 'the role assignment', family: 'identity' });
    }
  }
  return fields;
}

/** Swaps the member access `.clientId` for `.principalId` (Bicep, ARM) or `.client_id` for `.principal_id` (Terraform). */
function principalExpressionFix(input: WorkspaceInput, target: PrincipalField): Fix | undefined {
  const terraform = target.file.endsWith('.tf');
  const search = terraform ? /\.client_id\b/ : /\.clientId\b/;
  const replacement = terraform ? '.principal_id' : '.principalId';
  return replaceInFieldFix(`Use the identity's principal id (${replacement.slice(1)}) instead of its client id`, input.texts, target.file, target.field, search, replacement);
}

function check(input: WorkspaceInput, target: PrincipalField, clientIds: IdSetting[]): WorkspaceFinding | undefined {
  const value = target.field.value?.trim() ?? '';
  const written = textAt(input.texts, target.file, target.field.range) ?? value;
  const owner = clientIds.find((setting) => sameId(setting.value, value));
  const expression = NAMES_CLIENT_ID.test(written) && !NAMES_PRINCIPAL.test(written);
  if (!owner && !expression) {
    return undefined;
  }

  const reason = owner
    ? `${value} is the client id that ${owner.label} sends, not a principal id.`
    : `${written.trim()} reads a client id, not a principal id.`;
  const fix = principalExpressionFix(input, target);
  return workspaceFinding({
    code: target.code,
    family: target.family,
    severity: 'blocker',
    title: `${target.where.replace(/^the /, 'The ')} names a client id where the principal id belongs`,
    detail: `${reason} Key Vault and Azure RBAC match the caller's principal (object) id, so this grant never applies to it. Find the principal id with \`az identity show --query principalId\` or \`az ad sp show --id <client id> --query id\`.`,
    location: fieldLocation(target.file, target.field),
    fixes: fix ? [fix] : [],
    preferredFix: 0,
  });
}

export const checkPrincipalIds: WorkspaceCheck = (input) => {
  const clientIds = workspaceClientIds(input.workload);
  return principalFields(input).flatMap((target) => {
    const finding = check(input, target, clientIds);
    return finding ? [finding] : [];
  });
};
