/**
 * Fixes that change the vault resource: permission model, tenant, public access, firewall and
 * private endpoint connections.
 */
import type { FixSpec } from '../diagnosis/finding';
import type { VaultFacts } from '../diagnosis/facts';
import { KEY_VAULT_API_VERSION, vaultFlags } from './accessPolicy';
import { parseResourceId } from './armId';
import { value, type Word } from './commandLine';
import { withNotes } from './notes';
import { renderScript, type ScriptStep } from './script';
import type { ArmWrite, RenderedFix } from './types';

type UpdateSpec = Extract<FixSpec, { kind: 'vault-update' }>;
type NetworkRuleSpec = Extract<FixSpec, { kind: 'network-rule-add' }>;
type ApproveSpec = Extract<FixSpec, { kind: 'private-endpoint-connection-approve' }>;
type NetworkAcls = NonNullable<VaultFacts['networkAcls']>;

const NO_CURRENT_RULES_NOTE =
  "Only the az command is offered: this fix does not carry the vault's current network rules, which the ARM request must repeat (az reads the vault and keeps them).";

/**
 * Renders `az keyvault update` and one PATCH of the vault.
 *
 * A tenant move removes the access policies first, because they name objects of the old tenant,
 * then sets the tenant: two commands, in the order of Microsoft's instructions for moving a vault
 * to another subscription ("Moving an Azure Key Vault to another subscription").
 */
export function renderVaultUpdate(spec: UpdateSpec): Omit<RenderedFix, 'title'> {
  const flags = vaultFlags(spec.vaultId);
  const steps: ScriptStep[] = [];
  const properties: Record<string, unknown> = {};
  const changes: string[] = [];
  const notes: string[] = [];

  if (spec.removeAccessPolicies) {
    steps.push({ command: ['az', 'keyvault', 'update', ...flags, '--remove', value('properties.accessPolicies')] });
    properties.accessPolicies = [];
    changes.push('remove every access policy');
  }
  if (spec.tenantId) {
    steps.push({ command: ['az', 'keyvault', 'update', ...flags, '--set', value(`properties.tenantId=${spec.tenantId}`)] });
    properties.tenantId = spec.tenantId;
    changes.push(`set the tenant to ${spec.tenantId}`);
  }

  const settings: Word[] = [];
  if (spec.enableRbacAuthorization !== undefined) {
    settings.push('--enable-rbac-authorization', value(String(spec.enableRbacAuthorization)));
    properties.enableRbacAuthorization = spec.enableRbacAuthorization;
    changes.push(spec.enableRbacAuthorization ? 'switch to the Azure RBAC permission model' : 'switch to the access policy permission model');
  }
  if (spec.publicNetworkAccess) {
    settings.push('--public-network-access', value(spec.publicNetworkAccess));
    properties.publicNetworkAccess = spec.publicNetworkAccess;
    changes.push(`set public network access to ${spec.publicNetworkAccess}`);
  }
  if (spec.defaultAction) {
    settings.push('--default-action', value(spec.defaultAction));
    changes.push(`set the firewall default action to ${spec.defaultAction}`);
  }
  if (spec.bypass) {
    settings.push('--bypass', value(spec.bypass));
    changes.push(`set the trusted services bypass to ${spec.bypass}`);
  }
  if (settings.length > 0) {
    steps.push({ command: ['az', 'keyvault', 'update', ...flags, ...settings] });
  }
  if (steps.length === 0) {
    throw new Error(`The vault update fix for ${spec.vaultId} names no property to change.`);
  }

  const changesNetworkAcls = spec.defaultAction !== undefined || spec.bypass !== undefined;
  let armPossible = true;
  if (changesNetworkAcls) {
    if (spec.currentNetworkAcls) {
      properties.networkAcls = armNetworkAcls({
        ...spec.currentNetworkAcls,
        ...(spec.defaultAction ? { defaultAction: spec.defaultAction } : {}),
        ...(spec.bypass ? { bypass: spec.bypass } : {}),
      });
    } else {
      armPossible = false;
      notes.push(NO_CURRENT_RULES_NOTE);
    }
  }

  const script = renderScript(steps);
  const result: Omit<RenderedFix, 'title'> = { az: script.az, powershell: script.powershell };
  if (armPossible) {
    result.arm = [
      {
        method: 'PATCH',
        path: spec.vaultId,
        apiVersion: KEY_VAULT_API_VERSION,
        body: { properties },
        description: `Update the vault ${spec.vaultId}: ${changes.join(', ')}.`,
      },
    ];
  }

  return withNotes(result, [script.powershellWarning, ...notes]);
}

/**
 * Renders `az keyvault network-rule add` and a PATCH that sends the complete rule lists: the
 * current rules plus the new one.
 */
export function renderNetworkRuleAdd(spec: NetworkRuleSpec): Omit<RenderedFix, 'title'> {
  if (!spec.ipAddress && !spec.subnetId) {
    throw new Error(`The network rule fix for ${spec.vaultId} names neither an IP address nor a subnet.`);
  }

  const words: Word[] = ['az', 'keyvault', 'network-rule', 'add', ...vaultFlags(spec.vaultId)];
  if (spec.ipAddress) {
    words.push('--ip-address', value(spec.ipAddress));
  }
  if (spec.subnetId) {
    words.push('--subnet', value(spec.subnetId));
  }

  const script = renderScript([{ command: words }]);
  const result: Omit<RenderedFix, 'title'> = { az: script.az, powershell: script.powershell };
  const notes: (string | undefined)[] = [script.powershellWarning];

  if (spec.currentNetworkAcls) {
    const current = spec.currentNetworkAcls;
    const ipRules = spec.ipAddress && !current.ipRules.includes(spec.ipAddress) ? [...current.ipRules, spec.ipAddress] : current.ipRules;
    const hasSubnet = current.virtualNetworkRules.some((rule) => rule.id.toLowerCase() === spec.subnetId?.toLowerCase());
    const virtualNetworkRules = spec.subnetId && !hasSubnet ? [...current.virtualNetworkRules, { id: spec.subnetId }] : current.virtualNetworkRules;
    const added = [spec.ipAddress, spec.subnetId].filter((item): item is string => item !== undefined).join(' and ');

    result.arm = [
      {
        method: 'PATCH',
        path: spec.vaultId,
        apiVersion: KEY_VAULT_API_VERSION,
        body: { properties: { networkAcls: armNetworkAcls({ ...current, ipRules, virtualNetworkRules }) } },
        description: `Allow ${added} through the firewall of ${spec.vaultId}, keeping its other rules.`,
      },
    ];
  } else {
    notes.push(NO_CURRENT_RULES_NOTE);
  }

  return withNotes(result, notes);
}

/** Renders `az keyvault private-endpoint-connection approve` and the PUT of the connection state. */
export function renderPrivateEndpointApprove(spec: ApproveSpec): Omit<RenderedFix, 'title'> {
  const vault = parseResourceId(spec.vaultId, 'Microsoft.KeyVault/vaults');
  const description = 'Approved after a Key Vault Access Doctor diagnosis';
  const script = renderScript([
    {
      command: [
        'az', 'keyvault', 'private-endpoint-connection', 'approve',
        '--resource-group', value(vault.resourceGroup),
        '--vault-name', value(vault.name),
        '--name', value(spec.connectionName),
        '--subscription', value(vault.subscriptionId),
        '--description', value(description),
      ],
    },
  ]);

  const write: ArmWrite = {
    method: 'PUT',
    path: `${spec.vaultId}/privateEndpointConnections/${spec.connectionName}`,
    apiVersion: KEY_VAULT_API_VERSION,
    body: { properties: { privateLinkServiceConnectionState: { status: 'Approved', description } } },
    description: `Approve the private endpoint connection ${spec.connectionName} of ${spec.vaultId}.`,
  };
  return withNotes({ az: script.az, powershell: script.powershell, arm: [write] }, [script.powershellWarning]);
}

/** Converts the facts' rule shape (plain address strings) to ARM's (`{ value }` objects). */
function armNetworkAcls(acls: NetworkAcls): Record<string, unknown> {
  return {
    ...(acls.bypass ? { bypass: acls.bypass } : {}),
    ...(acls.defaultAction ? { defaultAction: acls.defaultAction } : {}),
    ipRules: acls.ipRules.map((address) => ({ value: address })),
    virtualNetworkRules: acls.virtualNetworkRules.map((rule) => ({
      id: rule.id,
      ...(rule.ignoreMissingVnetServiceEndpoint === undefined ? {} : { ignoreMissingVnetServiceEndpoint: rule.ignoreMissingVnetServiceEndpoint }),
    })),
  };
}
