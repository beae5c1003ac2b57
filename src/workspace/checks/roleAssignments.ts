/**
 * rbac-control-plane-only and rbac-missing-data-action from the templates alone. They flag a role
 * assignment on a vault with a built-in role that cannot read secret values, such as Reader,
 * Contributor, Owner, Key Vault Contributor, Key Vault Reader, or the Crypto and Certificates
 * roles, in a workspace whose workloads read secret values. Only built-in roles are known offline,
 * so custom roles have their own check.
 */
import { blockGrants } from '../../diagnosis/rbac/actionPattern';
import { lookupBuiltInRoleByGuid, lookupBuiltInRoleByName, ROLE_GUIDS, type BuiltInRole } from '../../diagnosis/builtinRoles';
import { isGuid } from '../../diagnosis/checks/identity/findings';
import { replaceValueFix } from '../../diagnosis/checks/identity/edits';
import type { Fix } from '../../diagnosis/finding';
import type { IacRoleAssignmentFact } from '../../diagnosis/workload';
import { fieldLocation, headLocation, replaceInFieldFix, workspaceFinding } from './finding';
import { secretReaders } from './settings';
import type { WorkspaceCheck, WorkspaceFinding, WorkspaceInput } from './types';

const GET_SECRET = 'Microsoft.KeyVault/vaults/secrets/getSecret/action';
const SECRETS_USER = 'Key Vault Secrets User';
const GUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const VAULT_ID = /\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i;

/** Finds the built-in role a `roleDefinitionId` (a GUID inside any expression) or a Terraform `role_definition_name` names. */
function roleOf(assignment: IacRoleAssignmentFact): BuiltInRole | undefined {
  const value = assignment.roleDefinition?.value ?? '';
  const guid = GUID_IN_TEXT.exec(value)?.[0];
  return guid ? lookupBuiltInRoleByGuid(guid) : lookupBuiltInRoleByName(value);
}

function grants(role: BuiltInRole, dataAction: string): boolean {
  return (role.permissions ?? []).some((block) => blockGrants(block.dataActions, block.notDataActions, dataAction));
}

function hasKeyVaultDataAction(role: BuiltInRole): boolean {
  return (role.permissions ?? []).some((block) => block.dataActions.some((action) => /^Microsoft\.KeyVault\/|^\*$/i.test(action)));
}

/** True when the scope names a vault: an ARM id or expression, a Terraform `azurerm_key_vault` reference, or a Bicep vault symbol. */
function scopeIsVault(input: WorkspaceInput, assignment: IacRoleAssignmentFact): boolean {
  const scope = assignment.scope?.value ?? '';
  if (/Microsoft\.KeyVault\/vaults|azurerm_key_vault\./i.test(scope)) {
    return true;
  }
  const symbol = /^\s*(\w+)\s*$/.exec(scope)?.[1];
  const text = input.texts[assignment.source.file] ?? '';
  return symbol !== undefined && new RegExp(`resource\\s+${symbol}\\s+'Microsoft\\.KeyVault/vaults@`, 'i').test(text);
}

function fixesFor(input: WorkspaceInput, assignment: IacRoleAssignmentFact, role: BuiltInRole): Fix[] {
  const field = assignment.roleDefinition;
  const file = assignment.source.file;
  const fixes: Fix[] = [];
  if (field) {
    const title = `Replace ${role.roleName} with ${SECRETS_USER} (${ROLE_GUIDS.keyVaultSecretsUser})`;
    const edit = GUID_IN_TEXT.test(field.value ?? '')
      ? replaceInFieldFix(title, input.texts, file, field, new RegExp(role.guid, 'i'), ROLE_GUIDS.keyVaultSecretsUser)
      : replaceValueFix(title, file, field, SECRETS_USER);
    if (edit) fixes.push(edit);
  }

  const principalId = assignment.principalId?.value;
  const scope = assignment.scope?.value;
  if (principalId && isGuid(principalId) && scope && VAULT_ID.test(scope)) {
    fixes.push({
      title: `Assign ${SECRETS_USER} to ${principalId} on the vault now`,
      spec: { kind: 'role-assignment-create', principalId, principalType: 'ServicePrincipal', roleDefinitionGuid: ROLE_GUIDS.keyVaultSecretsUser, roleName: SECRETS_USER, scope },
      note: 'The principal type is assumed to be ServicePrincipal (managed identities are service principals). Change the template too, or the next deployment keeps the old role.',
    });
  }
  return fixes;
}

export const checkRoleAssignments: WorkspaceCheck = (input) => {
  const readers = secretReaders(input.workload);
  if (readers.length === 0) {
    return [];
  }

  const resolved = input.workload.roleAssignments.map((assignment) => ({ assignment, role: roleOf(assignment) }));
  const grantedElsewhere = resolved.some(({ role }) => role !== undefined && grants(role, GET_SECRET));
  const findings: WorkspaceFinding[] = [];

  for (const { assignment, role } of resolved) {
    if (!role || !role.permissions || grants(role, GET_SECRET)) continue;
    const keyVaultRole = role.roleName.startsWith('Key Vault');
    if (!keyVaultRole && !scopeIsVault(input, assignment)) continue;

    const dataRole = hasKeyVaultDataAction(role);
    const blocking = !grantedElsewhere && (!dataRole || role.guid === ROLE_GUIDS.keyVaultReader);
    const consequence = dataRole
      ? `${role.roleName} grants Key Vault data actions, but not ${GET_SECRET}, so reading a secret value is denied.`
      : `${role.roleName} grants only control-plane actions: it can read the vault's settings through Azure Resource Manager, but no data action, so every secret read is denied.`;
    findings.push(
      workspaceFinding({
        code: dataRole ? 'rbac-missing-data-action' : 'rbac-control-plane-only',
        family: 'authorization',
        severity: blocking ? 'blocker' : 'warning',
        title: `The role assignment gives ${role.roleName}, which cannot read secret values`,
        detail: `${consequence} The workspace reads secret values (${readers.slice(0, 3).join(', ')})${grantedElsewhere ? ', and another assignment in the workspace grants getSecret, so check which principal each is for' : ' and no assignment in it grants getSecret'}. ${SECRETS_USER} allows reading secret values and nothing more.`,
        location: assignment.roleDefinition ? fieldLocation(assignment.source.file, assignment.roleDefinition) : headLocation(assignment.source),
        fixes: fixesFor(input, assignment, role),
        preferredFix: 0,
      }),
    );
  }
  return findings;
};
