/**
 * Terraform (azurerm provider): vaults, role assignments and federated credentials, read with
 * patterns.
 *
 * NOTE: this is not an HCL parser. Values that are references or expressions stay as their text,
 * and separate `azurerm_key_vault_access_policy` resources are not attached to their vault.
 */
import type { FieldRef, WorkloadFacts } from '../../diagnosis/workload';
import { attribute, blockAt, hasNonEmptyList, listAttribute, TextPositions, withoutNested, type Block } from './textPositions';

const RESOURCE = /resource\s+"(azurerm_\w+)"\s+"[\w-]+"\s*\{/g;

/** `public_network_access_enabled = false` is `publicNetworkAccess: Disabled` in ARM's words. */
function publicNetworkAccess(field: FieldRef | undefined): FieldRef | undefined {
  if (!field) return undefined;
  if (field.value === 'false') return { ...field, value: 'Disabled' };
  if (field.value === 'true') return { ...field, value: 'Enabled' };
  return field;
}

/** `object_id` of every inline `access_policy { ... }` block. */
function accessPolicyObjectIds(positions: TextPositions, text: string, vault: Block): FieldRef[] {
  const ids: FieldRef[] = [];
  for (const match of vault.body.matchAll(/\baccess_policy\s*\{/g)) {
    const policy = blockAt(text, vault.start + (match.index ?? 0) + match[0].length - 1, '"');
    const objectId = policy ? attribute(positions, policy, 'object_id', '=') : undefined;
    if (objectId) ids.push(objectId);
  }
  return ids;
}

function networkRulesSet(text: string, vault: Block): boolean {
  const match = /\bnetwork_acls\s*\{/.exec(vault.body);
  const acls = match ? blockAt(text, vault.start + match.index + match[0].length - 1, '"') : undefined;
  return acls !== undefined && (hasNonEmptyList(acls, 'ip_rules', '=') || hasNonEmptyList(acls, 'virtual_network_subnet_ids', '='));
}

export function readTerraformFile(file: string, text: string, facts: WorkloadFacts): void {
  const positions = new TextPositions(file, text);

  for (const match of text.matchAll(RESOURCE)) {
    const type = match[1];
    const block = blockAt(text, (match.index ?? 0) + match[0].length - 1, '"');
    if (!block) {
      // Everything after an unclosed block is inside it, so the rest of the file is not read.
      facts.errors.push({ file, line: positions.range(match.index ?? 0, match.index ?? 0)[0], message: `The resource block ${type} has no closing brace; the rest of the file was not read.` });
      break;
    }
    const source = positions.sourceRef(match.index ?? 0, block.end);
    // Only the resource's own attributes: nested blocks such as access_policy repeat tenant_id.
    const ownAttributes = withoutNested(block, '{', '}', 1);
    const field = (key: string) => attribute(positions, ownAttributes, key, '=');

    if (type === 'azurerm_key_vault') {
      const vault: WorkloadFacts['vaults'][number] = {
        source,
        hasFirewallRules: networkRulesSet(text, block),
        accessPolicyObjectIds: accessPolicyObjectIds(positions, text, block),
      };
      const name = field('name')?.value;
      const tenantId = field('tenant_id');
      // azurerm 4.x renamed enable_rbac_authorization to rbac_authorization_enabled.
      const rbac = field('rbac_authorization_enabled') ?? field('enable_rbac_authorization');
      const publicAccess = publicNetworkAccess(field('public_network_access_enabled'));
      if (name) vault.name = name;
      if (tenantId) vault.tenantId = tenantId;
      if (rbac) vault.enableRbacAuthorization = rbac;
      if (publicAccess) vault.publicNetworkAccess = publicAccess;
      facts.vaults.push(vault);
    } else if (type === 'azurerm_role_assignment') {
      const assignment: WorkloadFacts['roleAssignments'][number] = { source };
      const roleDefinition = field('role_definition_id') ?? field('role_definition_name');
      const principalId = field('principal_id');
      const scope = field('scope');
      if (roleDefinition) assignment.roleDefinition = roleDefinition;
      if (principalId) assignment.principalId = principalId;
      if (scope) assignment.scope = scope;
      facts.roleAssignments.push(assignment);
    } else if (type === 'azurerm_federated_identity_credential') {
      const credential: WorkloadFacts['federatedCredentials'][number] = { source, audiences: listAttribute(block, 'audience', '=') };
      const issuer = field('issuer');
      const subject = field('subject');
      if (issuer) credential.issuer = issuer;
      if (subject) credential.subject = subject;
      facts.federatedCredentials.push(credential);
    }
  }
}
