/**
 * Custom role fix: replace a role definition's permissions (for example move Key Vault data
 * permissions from `actions` to `dataActions`).
 */
import type { FixSpec } from '../diagnosis/finding';
import { lastSegment } from './armId';
import { value } from './commandLine';
import { AUTHORIZATION_API_VERSION } from './roleAssignment';
import { jsonForFile, renderScript } from './script';
import type { RenderedFix } from './types';

type UpdateSpec = Extract<FixSpec, { kind: 'role-definition-update' }>;

/** File the generated script writes the role definition to, in the current directory. */
export const ROLE_DEFINITION_FILE = 'kv-doctor-role.json';

/**
 * Renders `az role definition update --role-definition @file` with the JSON written first, and
 * the PUT of the role definition.
 *
 * The JSON carries `id` and `roleName`, which newer az versions use to find the role. It also
 * carries `name` set to the role's GUID, because older versions (such as 2.45) match `name`
 * against the GUID or display name of the roles at the first assignable scope.
 */
export function renderRoleDefinitionUpdate(spec: UpdateSpec): Omit<RenderedFix, 'title'> {
  const guid = lastSegment(spec.roleDefinitionId);
  const notes: string[] = [];
  const result: Omit<RenderedFix, 'title'> = { arm: [armWrite(spec, guid)] };

  // az's role definition format has one permission block, so a role with several can only be written through ARM.
  if (spec.permissions.length === 1) {
    const permission = spec.permissions[0];
    const definition = {
      id: spec.roleDefinitionId,
      name: guid,
      roleName: spec.roleName,
      isCustom: true,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      actions: permission.actions,
      notActions: permission.notActions,
      dataActions: permission.dataActions,
      notDataActions: permission.notDataActions,
      assignableScopes: spec.assignableScopes,
    };
    const script = renderScript([
      { writeFile: { path: ROLE_DEFINITION_FILE, content: jsonForFile(definition) } },
      // `@` reads the value from the file in az; PowerShell needs it quoted, or it means splatting.
      { command: ['az', 'role', 'definition', 'update', '--role-definition', value(`@${ROLE_DEFINITION_FILE}`)] },
    ]);
    result.az = script.az;
    result.powershell = script.powershell;
    if (script.powershellWarning) {
      notes.push(script.powershellWarning);
    }
  } else {
    notes.push(`The role has ${spec.permissions.length} permission blocks, which the az role definition format cannot hold: apply the ARM request instead.`);
  }

  if (notes.length > 0) {
    result.note = notes.join(' ');
  }
  return result;
}

/**
 * Builds the PUT of the role definition. It goes to the role's own id when that names a
 * subscription. A role defined at a management group has a `/providers/...` id, so the request
 * goes to its first assignable scope instead.
 */
function armWrite(spec: UpdateSpec, guid: string): NonNullable<RenderedFix['arm']>[number] {
  const underSubscription = /^\/subscriptions\//i.test(spec.roleDefinitionId);
  const scope = spec.assignableScopes[0] ?? '';
  const path = underSubscription
    ? spec.roleDefinitionId
    : `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

  return {
    method: 'PUT',
    path,
    apiVersion: AUTHORIZATION_API_VERSION,
    body: {
      properties: {
        roleName: spec.roleName,
        ...(spec.description === undefined ? {} : { description: spec.description }),
        type: 'CustomRole',
        assignableScopes: spec.assignableScopes,
        permissions: spec.permissions,
      },
    },
    description: `Replace the permissions of the custom role ${spec.roleName} (${guid}).`,
  };
}
