/**
 * Read-only commands that let a user confirm a finding by hand, in forms az 2.45 accepts.
 */
import type { AccessFacts } from '../diagnosis/facts';
import type { Finding } from '../diagnosis/finding';
import { parseResourceId, type ResourceIdParts } from './armId';
import { renderCommand, value, type Word } from './commandLine';
import type { RenderedCommand } from './types';

/** The private DNS zone of Key Vault private endpoints in Azure's public cloud. */
const PUBLIC_CLOUD_PRIVATE_LINK_ZONE = 'privatelink.vaultcore.azure.net';

interface Context {
  vaultId?: string;
  vault?: ResourceIdParts;
  principalId?: string;
  identityId?: string;
  clusterId?: string;
  facts?: AccessFacts;
}

/**
 * Returns the commands that show the facts behind a finding: the vault's settings, the caller's
 * role assignments, federated credentials, network state or object state. Ids come from the facts
 * when given, otherwise from the finding's evidence; a command whose ids are unknown is left out.
 */
export function verificationCommands(finding: Finding, facts?: AccessFacts): RenderedCommand[] {
  const context = buildContext(finding, facts);
  const commands: RenderedCommand[] = [];

  switch (finding.family) {
    case 'network':
      commands.push(...networkCommands(context));
      break;
    case 'identity':
      commands.push(...identityCommands(context));
      break;
    case 'model':
      commands.push(...modelCommands(context));
      break;
    case 'authorization':
      commands.push(...authorizationCommands(finding, context));
      break;
    case 'object':
      commands.push(...objectCommands(finding, context));
      break;
    case 'collection':
      commands.push(command('Show the signed-in account and its tenant', ['az', 'account', 'show']));
      break;
  }

  return commands;
}

function buildContext(finding: Finding, facts?: AccessFacts): Context {
  const context: Context = { facts };
  const evidence = finding.evidence;

  context.vaultId = facts?.vault?.id ?? facts?.request.vaultId ?? evidence.find((id) => tryParse(id, 'Microsoft.KeyVault/vaults') !== undefined);
  context.vault = context.vaultId ? tryParse(context.vaultId, 'Microsoft.KeyVault/vaults') : undefined;
  context.principalId = facts?.caller.principalId;
  context.identityId =
    facts?.caller.identityId ??
    facts?.request.caller.identity ??
    evidence.find((id) => tryParse(id, 'Microsoft.ManagedIdentity/userAssignedIdentities') !== undefined);
  context.clusterId = facts?.cluster?.id ?? evidence.find((id) => tryParse(id, 'Microsoft.ContainerService/managedClusters') !== undefined);

  return context;
}

function modelCommands(context: Context): RenderedCommand[] {
  const commands: RenderedCommand[] = [];
  if (context.vault) {
    commands.push(
      command('Show the vault permission model, tenant and access policies', [
        ...vaultShow(context.vault),
        '--query', value('{tenantId:properties.tenantId, enableRbacAuthorization:properties.enableRbacAuthorization, accessPolicies:properties.accessPolicies}'),
      ]),
    );
  }
  commands.push(...roleAssignmentCommands(context));
  return commands;
}

function authorizationCommands(finding: Finding, context: Context): RenderedCommand[] {
  const commands = roleAssignmentCommands(context);

  if (finding.code.startsWith('policy-') && context.vault) {
    commands.unshift(command('Show the vault access policies', [...vaultShow(context.vault), '--query', value('properties.accessPolicies')]));
  }

  if (finding.code === 'rbac-deny-assignment' && context.vaultId) {
    // az rest prefixes a path with the current cloud's Resource Manager endpoint.
    commands.push(
      command('List deny assignments that reach the vault', [
        'az', 'rest', '--method', 'get',
        '--url', value(`${context.vaultId}/providers/Microsoft.Authorization/denyAssignments?api-version=2022-04-01`),
      ]),
    );
  }

  const roleGuids = new Set<string>();
  for (const assignment of context.facts?.roleAssignments ?? []) {
    if (assignment.principalId === context.principalId) {
      roleGuids.add(assignment.roleDefinitionId.slice(assignment.roleDefinitionId.lastIndexOf('/') + 1));
    }
  }
  for (const guid of roleGuids) {
    // `az role definition list --ids` does not exist in az 2.45; --name matches a GUID too.
    commands.push(command(`Show the role definition ${guid}`, ['az', 'role', 'definition', 'list', '--name', value(guid)]));
  }

  return commands;
}

function roleAssignmentCommands(context: Context): RenderedCommand[] {
  if (!context.vaultId) {
    return [];
  }

  const words: Word[] = ['az', 'role', 'assignment', 'list', '--scope', value(context.vaultId), '--include-inherited'];
  if (context.principalId) {
    // Filtering on principalId avoids the Microsoft Graph lookup that --assignee makes.
    words.push('--query', value(`[?principalId=='${context.principalId}']`));
  }
  return [command('List role assignments that reach the vault, inherited ones included', words)];
}

function identityCommands(context: Context): RenderedCommand[] {
  const commands: RenderedCommand[] = [];
  const identity = context.identityId ? tryParse(context.identityId, 'Microsoft.ManagedIdentity/userAssignedIdentities') : undefined;

  if (identity) {
    commands.push(
      command('Show the identity client id, principal id and tenant', [
        'az', 'identity', 'show', ...resourceFlags(identity),
        '--query', value('{clientId:clientId, principalId:principalId, tenantId:tenantId}'),
      ]),
      command('List the identity federated credentials', [
        'az', 'identity', 'federated-credential', 'list',
        '--identity-name', value(identity.name),
        '--resource-group', value(identity.resourceGroup),
        '--subscription', value(identity.subscriptionId),
      ]),
    );
  }

  const cluster = context.clusterId ? tryParse(context.clusterId, 'Microsoft.ContainerService/managedClusters') : undefined;
  if (cluster) {
    commands.push(
      command('Show the cluster OIDC issuer URL (compared exactly, trailing slash included)', [
        'az', 'aks', 'show', ...resourceFlags(cluster), '--query', value('oidcIssuerProfile.issuerUrl'), '--output', 'tsv',
      ]),
    );
  }

  if (context.vault) {
    commands.push(command('Show the tenant the vault accepts tokens from', [...vaultShow(context.vault), '--query', value('properties.tenantId'), '--output', 'tsv']));
  }
  return commands;
}

function networkCommands(context: Context): RenderedCommand[] {
  const commands: RenderedCommand[] = [];

  if (context.vault) {
    commands.push(
      command('Show the vault public access, firewall and private endpoint connections', [
        ...vaultShow(context.vault),
        '--query',
        value('{publicNetworkAccess:properties.publicNetworkAccess, networkAcls:properties.networkAcls, privateEndpointConnections:properties.privateEndpointConnections}'),
      ]),
    );
  }

  for (const zone of context.facts?.network.privateDnsZones ?? []) {
    const parts = tryParse(zone.id, 'Microsoft.Network/privateDnsZones');
    if (!parts) {
      continue;
    }
    const zoneFlags: Word[] = ['--resource-group', value(parts.resourceGroup), '--zone-name', value(parts.name), '--subscription', value(parts.subscriptionId)];
    commands.push(
      command(`List the virtual networks linked to ${parts.name}`, ['az', 'network', 'private-dns', 'link', 'vnet', 'list', ...zoneFlags]),
      command(`List the A records in ${parts.name}`, ['az', 'network', 'private-dns', 'record-set', 'a', 'list', ...zoneFlags]),
    );
  }

  if (context.vault && (context.facts?.network.privateDnsZones.length ?? 0) === 0) {
    commands.push(
      command('Find the private DNS zone for Key Vault private endpoints', [
        'az', 'network', 'private-dns', 'zone', 'list', '--subscription', value(context.vault.subscriptionId),
        '--query', value(`[?name=='${PUBLIC_CLOUD_PRIVATE_LINK_ZONE}']`),
      ]),
    );
  }
  return commands;
}

function objectCommands(finding: Finding, context: Context): RenderedCommand[] {
  if (!context.vault) {
    return [];
  }

  const commands: RenderedCommand[] = [];
  const refs = context.facts?.request.objects ?? [];
  for (const ref of refs) {
    const [collection, name] = splitObjectRef(ref);
    if (collection === 'secrets' && finding.code === 'secret-disabled') {
      // list-versions returns attributes only, never a secret value.
      commands.push(
        command(`Show which versions of the secret ${name} are enabled`, [
          'az', 'keyvault', 'secret', 'list-versions', '--vault-name', value(context.vault.name), '--name', value(name),
          '--query', value('[].{id:id, enabled:attributes.enabled}'),
        ]),
      );
    } else if (collection === 'keys' && finding.code === 'key-operation-not-allowed') {
      commands.push(
        command(`Show the permitted operations of the key ${name}`, [
          'az', 'keyvault', 'key', 'show', '--vault-name', value(context.vault.name), '--name', value(name), '--query', value('key.keyOps'),
        ]),
      );
    }
  }
  return commands;
}

function vaultShow(vault: ResourceIdParts): Word[] {
  return ['az', 'keyvault', 'show', ...resourceFlags(vault)];
}

function resourceFlags(parts: ResourceIdParts): Word[] {
  return ['--name', value(parts.name), '--resource-group', value(parts.resourceGroup), '--subscription', value(parts.subscriptionId)];
}

function command(title: string, words: Word[]): RenderedCommand {
  return { title, az: renderCommand(words, 'bash'), powershell: renderCommand(words, 'powershell') };
}

function tryParse(id: string, type: string): ResourceIdParts | undefined {
  try {
    const parts = parseResourceId(id, type);
    return parts.children.length === 0 ? parts : undefined;
  } catch {
    return undefined;
  }
}

function splitObjectRef(ref: string): [string, string] {
  const slash = ref.indexOf('/');
  return slash < 0 ? ['', ref] : [ref.slice(0, slash), ref.slice(slash + 1)];
}
