/**
 * The public path, evaluated the way Key Vault does after the private endpoint path: trusted
 * service bypass, then `publicNetworkAccess`, then the firewall's default action, then the IP
 * and virtual network rules.
 */
import type { CheckContext } from '../../context';
import type { ClientKind, VaultFacts } from '../../facts';
import type { Finding, Fix } from '../../finding';
import { ipInRule } from './addresses';
import { networkFinding } from './findings';
import { findVirtualNetwork, sameResource, virtualNetworkOf, type CallerOrigin } from './origin';
import type { PrivateRoute } from './privateEndpoint';

/** Callers that are never trusted Microsoft services, however `bypass` is set. */
const UNTRUSTED: Partial<Record<ClientKind, string>> = {
  'aks-workload': 'AKS workloads',
  'csi-driver': 'the Secrets Store CSI driver on AKS',
  'external-secrets': 'External Secrets Operator on AKS',
  'app-service': 'App Service application code',
  'function-app': 'Azure Functions application code',
  'container-apps': 'Azure Container Apps',
  'ci-runner': 'CI runners (GitHub Actions, Azure Pipelines)',
  vm: 'virtual machines',
  developer: 'developer machines',
};

const SERVICE_ENDPOINT = 'microsoft.keyvault';

export interface PublicPath {
  /** The firewall lets the caller in over the public endpoint. */
  allowed: boolean;
  findings: Finding[];
}

function acls(vault: VaultFacts): Required<Pick<NonNullable<VaultFacts['networkAcls']>, 'bypass' | 'defaultAction'>> & NonNullable<VaultFacts['networkAcls']> {
  const current = vault.networkAcls;
  return {
    bypass: current?.bypass ?? 'AzureServices',
    defaultAction: current?.defaultAction ?? 'Allow',
    ipRules: current?.ipRules ?? [],
    virtualNetworkRules: current?.virtualNetworkRules ?? [],
  };
}

function hasServiceEndpoint(context: CheckContext, subnetId: string): boolean | undefined {
  const network = findVirtualNetwork(context.facts, virtualNetworkOf(subnetId));
  const subnet = network?.subnets.find((candidate) => sameResource(candidate.id, subnetId));
  return subnet ? subnet.serviceEndpoints.some((endpoint) => endpoint.toLowerCase() === SERVICE_ENDPOINT) : undefined;
}

function existingEndpoints(context: CheckContext, subnetId: string): string[] {
  const network = findVirtualNetwork(context.facts, virtualNetworkOf(subnetId));
  return network?.subnets.find((candidate) => sameResource(candidate.id, subnetId))?.serviceEndpoints ?? [];
}

/** Least-privilege firewall fixes: the caller's subnet (service endpoint + rule) or its public address. */
function firewallFixes(context: CheckContext, vault: VaultFacts, origin: CallerOrigin): Fix[] {
  const fixes: Fix[] = [];
  const currentNetworkAcls = vault.networkAcls;
  const subnet = origin.subnetIds[0];
  if (subnet) {
    if (hasServiceEndpoint(context, subnet) !== true) {
      fixes.push({
        title: 'Enable the Microsoft.KeyVault service endpoint on the subnet',
        spec: { kind: 'subnet-service-endpoint', subnetId: subnet, existingServiceEndpoints: existingEndpoints(context, subnet) },
        note: 'Takes up to 15 minutes; until then the subnet still leaves through its public address.',
      });
    }
    if (!acls(vault).virtualNetworkRules.some((rule) => sameResource(rule.id, subnet))) {
      fixes.push({ title: 'Allow the subnet in the vault firewall', spec: { kind: 'network-rule-add', vaultId: vault.id, subnetId: subnet, currentNetworkAcls } });
    }
  }
  if (origin.publicIp) {
    fixes.push({
      title: `Allow ${origin.publicIp} in the vault firewall`,
      spec: { kind: 'network-rule-add', vaultId: vault.id, ipAddress: `${origin.publicIp}/32`, currentNetworkAcls },
      note: subnet ? 'Only when the caller leaves through this fixed public address (for example a NAT gateway or load balancer outbound address).' : undefined,
    });
  }
  return fixes;
}

function untrustedWarning(context: CheckContext, vault: VaultFacts): Finding[] {
  const client = context.facts.request.client;
  const label = client ? UNTRUSTED[client] : undefined;
  if (!label || !acls(vault).bypass.toLowerCase().includes('azureservices')) {
    return [];
  }
  return [
    networkFinding({
      code: 'network-not-trusted-service',
      severity: 'warning',
      title: 'bypass AzureServices does not let this caller in',
      detail: `The vault lets trusted Microsoft services bypass the firewall, but ${label} are not trusted services; they need a private endpoint, an allowed subnet or an allowed public address.`,
      evidence: [`${vault.id} networkAcls.bypass=${acls(vault).bypass}`],
    }),
  ];
}

function rulesIgnored(vault: VaultFacts, origin: CallerOrigin): Finding[] {
  const rules = acls(vault);
  if (rules.ipRules.length === 0 && rules.virtualNetworkRules.length === 0) {
    return [];
  }
  const relied =
    (origin.publicIp !== undefined && rules.ipRules.some((rule) => ipInRule(origin.publicIp as string, rule))) ||
    origin.subnetIds.some((subnet) => rules.virtualNetworkRules.some((rule) => sameResource(rule.id, subnet)));
  return [
    networkFinding({
      code: 'network-rules-ignored',
      severity: relied ? 'warning' : 'info',
      title: 'The firewall rules have no effect while public network access is Disabled',
      detail: `The vault lists ${rules.ipRules.length} IP rule(s) and ${rules.virtualNetworkRules.length} virtual network rule(s), but publicNetworkAccess Disabled overrides them.${relied ? " One of them matches the caller, which suggests they were expected to let it in." : ''}`,
      evidence: [`${vault.id} publicNetworkAccess=Disabled`],
    }),
  ];
}

/**
 * Fixes for a caller that public network access Disabled shuts out. Without private endpoints,
 * opening the public endpoint with the firewall closed comes first. With private endpoints the
 * vault is meant to be private, so the caller's firewall rules come first and opening the public
 * endpoint comes last. Alone it would not let the caller in, so it is then left out.
 */
function publicAccessFixes(context: CheckContext, vault: VaultFacts, origin: CallerOrigin): Fix[] {
  const firewall = firewallFixes(context, vault, origin);
  const hasEndpoints = vault.privateEndpointConnections.length > 0;
  const open: Fix = {
    title: 'Enable public network access with the firewall closed',
    spec: { kind: 'vault-update', vaultId: vault.id, publicNetworkAccess: 'Enabled', defaultAction: 'Deny', currentNetworkAcls: vault.networkAcls },
    note: hasEndpoints
      ? 'Only where policy allows public access, and after the firewall rules above are in place. A private endpoint in the caller\'s network keeps the vault private.'
      : "Only where policy allows public access; then allow the caller's subnet or address. Otherwise create a private endpoint in the caller's network.",
  };
  if (!hasEndpoints) {
    return [open, ...firewall];
  }
  return firewall.length > 0 ? [...firewall, open] : [];
}

/** Public access is disabled and unread facts hide whether the caller reaches a private endpoint. */
function privateRouteUnknown(vault: VaultFacts, route: PrivateRoute, evidence: string[]): Finding {
  return networkFinding({
    code: 'network-public-access-disabled',
    severity: 'unknown',
    title: 'Public network access is disabled, and whether the caller reaches a private endpoint is unknown',
    detail:
      `${vault.name} accepts only private endpoint traffic (and trusted services). It has private endpoint connections, but ${route.unknownFacts.join(' and ')} could not be read ` +
      "(see the finding above), so whether the caller's network reaches an endpoint is unknown. Check that the endpoints still exist and that the account can read them and the virtual networks " +
      '(Reader on their resource groups), then diagnose again. Opening the public endpoint is not the fix for a fact that could not be read.',
    evidence,
    missing: route.unknownFacts,
  });
}

function ok(code: Finding['code'], title: string, detail: string, evidence: string[]): Finding {
  return networkFinding({ code, severity: 'ok', title, detail, evidence });
}

export function evaluatePublicPath(context: CheckContext, vault: VaultFacts, origin: CallerOrigin, route: PrivateRoute): PublicPath {
  const rules = acls(vault);
  const disabled = vault.publicNetworkAccess?.toLowerCase() === 'disabled';
  const deny = rules.defaultAction.toLowerCase() === 'deny';
  const vaultEvidence = [`${vault.id} publicNetworkAccess=${vault.publicNetworkAccess ?? 'Enabled'} defaultAction=${rules.defaultAction}`];
  const findings: Finding[] = disabled ? rulesIgnored(vault, origin) : [];

  if (route.works) {
    findings.push(ok('network-public-access-disabled', 'The caller uses an approved private endpoint', 'Private endpoint traffic is allowed whatever publicNetworkAccess is set to.', vaultEvidence));
    findings.push(ok('network-firewall', 'The firewall does not apply to private endpoint traffic', 'The IP and virtual network rules filter only traffic to the public endpoint.', vaultEvidence));
    return { allowed: true, findings };
  }

  // Values other than Enabled and Disabled (SecuredByPerimeter) hand the decision to a network security perimeter.
  const access = (vault.publicNetworkAccess ?? 'Enabled').toLowerCase();
  if (access !== 'enabled' && access !== 'disabled') {
    findings.push(
      networkFinding({
        code: 'network-public-access-disabled',
        severity: 'unknown',
        title: `Public network access is ${vault.publicNetworkAccess}`,
        detail: `publicNetworkAccess ${vault.publicNetworkAccess} lets a network security perimeter decide, and perimeter rules are not read, so whether the caller is admitted is unknown.`,
        evidence: vaultEvidence,
        missing: ['network'],
      }),
    );
    return { allowed: false, findings };
  }

  if (context.facts.request.client === 'azure-service' && rules.bypass.toLowerCase().includes('azureservices') && (disabled || deny)) {
    findings.push(ok('network-not-trusted-service', 'Trusted services bypass the firewall', 'bypass is AzureServices, which admits trusted Microsoft services in their listed scenarios (they still need a role or access policy).', vaultEvidence));
    return { allowed: true, findings };
  }

  if (disabled) {
    if (origin.virtualNetworkIds.length === 0 && vault.privateEndpointConnections.length > 0) {
      findings.push(unknownOrigin(vault, 'Public network access is disabled and the vault has private endpoints; whether the caller reaches one depends on its virtual network.', 'network-public-access-disabled'));
      return { allowed: false, findings };
    }
    // With a private endpoint meant for the caller, the endpoint and DNS findings hold the fix.
    if (!route.intended && route.unknownFacts.length > 0) {
      findings.push(privateRouteUnknown(vault, route, vaultEvidence));
    } else if (!route.intended) {
      findings.push(
        networkFinding({
          code: 'network-public-access-disabled',
          severity: 'blocker',
          title: 'Public network access is disabled and the caller has no private endpoint',
          detail:
            `${vault.name} accepts only private endpoint traffic (and trusted services), and no private endpoint of the vault is in the caller's network or a network peered with it (${origin.source}). Key Vault answers 403 ForbiddenByConnection.` +
            (vault.privateEndpointConnections.length > 0
              ? " The vault's other clients use private endpoints: create one in the caller's network (or peer the network with an endpoint's network and link the private DNS zone) before opening the public endpoint."
              : ''),
          evidence: vaultEvidence,
          fixes: publicAccessFixes(context, vault, origin),
        }),
      );
      findings.push(...untrustedWarning(context, vault));
    }
    return { allowed: false, findings };
  }
  findings.push(ok('network-public-access-disabled', 'Public network access is enabled', 'publicNetworkAccess is Enabled.', vaultEvidence));

  if (!deny) {
    findings.push(ok('network-firewall', 'The firewall allows all networks', 'networkAcls.defaultAction is Allow.', vaultEvidence));
    return { allowed: true, findings };
  }
  return evaluateRules(context, vault, origin, route, findings);
}

function evaluateRules(context: CheckContext, vault: VaultFacts, origin: CallerOrigin, route: PrivateRoute, findings: Finding[]): PublicPath {
  const rules = acls(vault);
  const evidence = [`${vault.id} networkAcls`];

  if (origin.publicIp && rules.ipRules.some((rule) => ipInRule(origin.publicIp as string, rule))) {
    findings.push(ok('network-firewall', `The firewall allows ${origin.publicIp}`, `An IP rule covers the caller's public address ${origin.publicIp}.`, evidence));
    return { allowed: true, findings };
  }

  for (const subnet of origin.subnetIds) {
    const ruled = rules.virtualNetworkRules.some((rule) => sameResource(rule.id, subnet));
    const endpoint = hasServiceEndpoint(context, subnet);
    if (ruled && endpoint === true) {
      findings.push(ok('network-firewall', 'The firewall allows the caller\'s subnet', `${subnet} is in virtualNetworkRules and has the Microsoft.KeyVault service endpoint.`, evidence));
      return { allowed: true, findings };
    }
    if (ruled && endpoint === false) {
      findings.push(
        networkFinding({
          code: 'network-firewall',
          severity: 'blocker',
          title: 'The subnet is allowed, but it has no Microsoft.KeyVault service endpoint',
          detail: `${subnet} is in virtualNetworkRules, but without the service endpoint its traffic reaches Key Vault from a public address, which the rule does not cover (ForbiddenByFirewall).`,
          evidence: [subnet],
          fixes: firewallFixes(context, vault, origin),
        }),
      );
      return { allowed: false, findings };
    }
  }

  const originKnown = origin.publicIp !== undefined || origin.subnetIds.length > 0;
  const nothingAllowed = rules.ipRules.length === 0 && rules.virtualNetworkRules.length === 0;
  const subnetsUnchecked = origin.subnetIds.some((subnet) => hasServiceEndpoint(context, subnet) === undefined && rules.virtualNetworkRules.some((rule) => sameResource(rule.id, subnet)));
  const egressUnknown = origin.publicIp === undefined && rules.ipRules.length > 0;

  if (!originKnown && !nothingAllowed) {
    findings.push(unknownOrigin(vault, 'The firewall denies by default and allows some addresses and subnets, but where the caller connects from is not known.'));
    return { allowed: false, findings };
  }
  if (!originKnown && route.intended === false && vault.privateEndpointConnections.length > 0) {
    findings.push(unknownOrigin(vault, 'The firewall allows nothing, but the vault has private endpoints; whether the caller reaches one depends on where it connects from.'));
    return { allowed: false, findings };
  }
  if (subnetsUnchecked || (egressUnknown && origin.subnetIds.length > 0)) {
    findings.push(
      networkFinding({
        code: 'network-firewall',
        severity: 'unknown',
        title: "The firewall's decision for this caller is not known",
        detail: subnetsUnchecked
          ? "The caller's subnet is in virtualNetworkRules, but the subnet's service endpoints could not be read."
          : "The caller's subnet is not allowed and the public address it leaves through is not known, so whether an IP rule covers it is unknown. Find that address before changing the firewall.",
        evidence,
        missing: [subnetsUnchecked ? 'network' : 'origin'],
        // No firewall fix on a gap: opening the firewall could be needless, because the caller may already be allowed.
      }),
    );
    return { allowed: false, findings };
  }

  findings.push(
    networkFinding({
      code: 'network-firewall',
      severity: 'blocker',
      title: 'The vault firewall does not allow the caller',
      detail:
        `defaultAction is Deny and ${origin.publicIp ? `no IP rule covers ${origin.publicIp}` : 'no IP rule can be matched'}` +
        `${origin.subnetIds.length > 0 ? `, and ${origin.subnetIds.join(', ')} is not in virtualNetworkRules` : ''} (${origin.source}). Key Vault answers 403 ForbiddenByFirewall` +
        (context.facts.request.client === undefined && rules.bypass.toLowerCase().includes('azureservices') ? ' unless the caller is a trusted Microsoft service.' : '.'),
      evidence,
      fixes: firewallFixes(context, vault, origin),
    }),
  );
  findings.push(...untrustedWarning(context, vault));
  return { allowed: false, findings };
}

function unknownOrigin(vault: VaultFacts, detail: string, code: Finding['code'] = 'network-firewall'): Finding {
  return networkFinding({
    code,
    severity: 'unknown',
    title: "The caller's network origin is not known",
    detail: `${detail} Name the caller's subnet, public address or cluster.`,
    evidence: [`${vault.id} networkAcls`],
    missing: ['origin'],
  });
}
