/**
 * Vault settings in templates: firewall rules that `publicNetworkAccess: Disabled` makes inert
 * (network-rules-ignored), and a `tenantId` written as a literal GUID (tenant-mismatch), which
 * breaks every token when it is not the tenant the vault is deployed to.
 */
import { replaceValueFix } from '../../diagnosis/checks/identity/edits';
import { isGuid, sameId } from '../../diagnosis/checks/identity/findings';
import type { Fix } from '../../diagnosis/finding';
import type { IacVaultFact } from '../../diagnosis/workload';
import { fieldLocation, workspaceFinding } from './finding';
import { workspaceTenantIds, type IdSetting } from './settings';
import type { WorkspaceCheck, WorkspaceFinding, WorkspaceInput } from './types';

function vaultLabel(vault: IacVaultFact): string {
  return vault.name ? `vault ${vault.name}` : 'the vault';
}

function checkNetworkRules(vault: IacVaultFact): WorkspaceFinding | undefined {
  const access = vault.publicNetworkAccess;
  if (!vault.hasFirewallRules || !access || access.value?.toLowerCase() !== 'disabled') {
    return undefined;
  }

  const terraform = vault.source.file.endsWith('.tf');
  const enable = replaceValueFix(
    terraform ? 'Set public_network_access_enabled = true, so the firewall rules apply' : "Set publicNetworkAccess to 'Enabled', so the firewall rules apply",
    vault.source.file,
    access,
    terraform ? 'true' : 'Enabled',
    'Only when callers are meant to come through the firewall; with defaultAction Deny, only the listed addresses and subnets get in. Keep Disabled when every caller uses a private endpoint, and remove the rules instead.',
  );
  return workspaceFinding({
    code: 'network-rules-ignored',
    family: 'network',
    severity: 'warning',
    title: `The firewall rules of ${vaultLabel(vault)} have no effect while public network access is Disabled`,
    detail: 'With publicNetworkAccess Disabled, Key Vault accepts requests only through private endpoints and ignores ipRules and virtualNetworkRules, so a caller that relies on those rules is denied (ForbiddenByConnection).',
    location: fieldLocation(vault.source.file, access),
    fixes: [enable],
  });
}

/** Returns an edit that sets the deployment's own tenant, written in the template's language, or undefined when none applies. */
function tenantExpressionFix(input: WorkspaceInput, vault: IacVaultFact): Fix | undefined {
  const field = vault.tenantId;
  const file = vault.source.file;
  if (!field) return undefined;

  if (file.endsWith('.bicep')) {
    return { title: 'Use the tenant of the deployment: subscription().tenantId', spec: { kind: 'workspace-edit', file, range: field.range, newText: 'subscription().tenantId' } };
  }
  if (file.endsWith('.json')) {
    return replaceValueFix('Use the tenant of the deployment: [subscription().tenantId]', file, field, '[subscription().tenantId]');
  }
  const text = input.texts[file] ?? '';
  const clientConfig = /data\s+"azurerm_client_config"\s+"(\w+)"/.exec(text)?.[1];
  if (file.endsWith('.tf') && clientConfig) {
    return { title: `Use the tenant of the provider: data.azurerm_client_config.${clientConfig}.tenant_id`, spec: { kind: 'workspace-edit', file, range: field.range, newText: `data.azurerm_client_config.${clientConfig}.tenant_id` } };
  }
  return undefined;
}

function checkTenant(input: WorkspaceInput, vault: IacVaultFact, tenants: IdSetting[]): WorkspaceFinding | undefined {
  const field = vault.tenantId;
  const value = field?.value?.trim();
  if (!field || !value || !isGuid(value)) {
    return undefined;
  }

  const others = tenants.filter((tenant) => tenant.field !== field);
  const differing = others.filter((tenant) => !sameId(tenant.value, value));
  const agreed = new Set(differing.map((tenant) => tenant.value));
  const expression = tenantExpressionFix(input, vault);
  const fixes: Fix[] = expression ? [expression] : [];

  if (differing.length > 0 && others.every((tenant) => !sameId(tenant.value, value))) {
    const [tenant] = differing;
    if (agreed.size === 1) fixes.push(replaceValueFix(`Set tenantId to ${tenant.value}, the tenant ${tenant.label} names`, vault.source.file, field, tenant.value));
    return workspaceFinding({
      code: 'tenant-mismatch',
      family: 'identity',
      severity: 'warning',
      title: `The tenantId of ${vaultLabel(vault)} differs from the tenant the workloads use`,
      detail: `The vault's tenantId is hard-coded to ${value}, but ${differing.map((other) => `${other.label} names ${other.value}`).join('; ')}. Key Vault accepts tokens only from its own tenant and answers every other token with 401 AKV10032.`,
      location: fieldLocation(vault.source.file, field),
      fixes,
      preferredFix: 0,
    });
  }

  return workspaceFinding({
    code: 'tenant-mismatch',
    family: 'identity',
    severity: 'info',
    title: `The tenantId of ${vaultLabel(vault)} is a literal GUID`,
    detail: `The vault accepts tokens only from tenant ${value}. Deployed to a subscription of another tenant, every call gets 401 AKV10032; the deployment's own tenant avoids that.`,
    location: fieldLocation(vault.source.file, field),
    fixes,
    preferredFix: 0,
  });
}

export const checkVaults: WorkspaceCheck = (input) => {
  const tenants = workspaceTenantIds(input.workload);
  return input.workload.vaults.flatMap((vault) =>
    [checkNetworkRules(vault), checkTenant(input, vault, tenants)].filter((finding): finding is WorkspaceFinding => finding !== undefined),
  );
};
