/**
 * Bicep: vaults, role assignments, federated credentials and role definitions, read with patterns.
 *
 * NOTE: this is not a Bicep parser. It finds `resource <name> '<type>@<version>' = {` blocks by
 * balanced braces and reads `key: value` lines inside them; values computed by functions, loops
 * or modules stay as the expression text. Parameters with a literal default are resolved.
 */
import type { WorkloadFacts } from '../../diagnosis/workload';
import { readBicepRoleDefinition } from './bicepRoleDefinition';
import { attribute, blockAt, hasNonEmptyList, listAttribute, TextPositions, withoutNested, type Block } from './textPositions';

const RESOURCE = /resource\s+\w+\s+'([^'@]+)@[^']*'\s*(existing\s*)?=\s*(?:if\s*\([^)]*\)\s*)?(?:\[[^\]]*?:\s*)?\{/g;

function parameterDefaults(text: string): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const match of text.matchAll(/^\s*param\s+(\w+)\s+\w+\s*=\s*'([^']*)'/gm)) {
    defaults.set(match[1], match[2]);
  }
  return defaults;
}

/** Reads every `objectId:` inside the `accessPolicies: [ ... ]` list of a vault block. */
function accessPolicyObjectIds(positions: TextPositions, block: Block, resolve: (expression: string) => string | undefined): WorkloadFacts['vaults'][number]['accessPolicyObjectIds'] {
  const listStart = block.body.search(/\baccessPolicies\s*:\s*\[/);
  if (listStart < 0) {
    return [];
  }

  const ids: WorkloadFacts['vaults'][number]['accessPolicyObjectIds'] = [];
  for (const match of block.body.slice(listStart).matchAll(/\bobjectId\s*:\s*([^\n]*?)[ \t]*(?=\r?\n|$)/g)) {
    const raw = match[1];
    const valueStart = block.start + listStart + (match.index ?? 0) + match[0].length - raw.length;
    const quoted = /^'(.*)'$/.exec(raw);
    ids.push({ value: quoted ? quoted[1] : (resolve(raw) ?? raw), range: positions.range(valueStart, valueStart + raw.length) });
  }
  return ids;
}

export function readBicepFile(file: string, text: string, facts: WorkloadFacts): void {
  const positions = new TextPositions(file, text);
  const defaults = parameterDefaults(text);
  const resolve = (expression: string): string | undefined => defaults.get(expression.trim());

  for (const match of text.matchAll(RESOURCE)) {
    if (match[2]) {
      continue; // `existing` resources declare nothing.
    }
    const type = match[1].toLowerCase();
    const block = blockAt(text, (match.index ?? 0) + match[0].length - 1, "'");
    if (!block) {
      // Everything after an unclosed block is inside it, so the rest of the file is not read.
      facts.errors.push({ file, line: positions.range(match.index ?? 0, match.index ?? 0)[0], message: `The resource block of type ${match[1]} has no closing brace; the rest of the file was not read.` });
      break;
    }
    const source = positions.sourceRef(match.index ?? 0, block.end);
    // The resource's own keys sit at most in `properties: { }`; keys inside lists (accessPolicies
    // entries repeat tenantId) or deeper objects (`sku: { name: ... }`) are not the resource's own.
    const ownProperties = withoutNested(withoutNested(block, '[', ']', 0), '{', '}', 2);
    const field = (key: string) => attribute(positions, ownProperties, key, ':', resolve);

    if (type === 'microsoft.keyvault/vaults') {
      const vault: WorkloadFacts['vaults'][number] = {
        source,
        hasFirewallRules: hasNonEmptyList(block, 'ipRules', ':') || hasNonEmptyList(block, 'virtualNetworkRules', ':'),
        accessPolicyObjectIds: accessPolicyObjectIds(positions, block, resolve),
      };
      const name = field('name')?.value;
      const tenantId = field('tenantId');
      const rbac = field('enableRbacAuthorization');
      const publicAccess = field('publicNetworkAccess');
      if (name) vault.name = name;
      if (tenantId) vault.tenantId = tenantId;
      if (rbac) vault.enableRbacAuthorization = rbac;
      if (publicAccess) vault.publicNetworkAccess = publicAccess;
      facts.vaults.push(vault);
    } else if (type === 'microsoft.authorization/roleassignments') {
      const assignment: WorkloadFacts['roleAssignments'][number] = { source };
      const roleDefinition = field('roleDefinitionId');
      const principalId = field('principalId');
      const scope = field('scope');
      if (roleDefinition) assignment.roleDefinition = roleDefinition;
      if (principalId) assignment.principalId = principalId;
      if (scope) assignment.scope = scope;
      facts.roleAssignments.push(assignment);
    } else if (type === 'microsoft.managedidentity/userassignedidentities/federatedidentitycredentials') {
      const credential: WorkloadFacts['federatedCredentials'][number] = { source, audiences: listAttribute(block, 'audiences', ':') };
      const issuer = field('issuer');
      const subject = field('subject');
      if (issuer) credential.issuer = issuer;
      if (subject) credential.subject = subject;
      facts.federatedCredentials.push(credential);
    } else if (type === 'microsoft.authorization/roledefinitions') {
      const definition = readBicepRoleDefinition(positions, block, ownProperties, match.index ?? 0, resolve);
      if (definition) facts.roleDefinitions.push(definition);
    }
  }
}
