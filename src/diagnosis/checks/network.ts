/**
 * Network checks, in the order Key Vault evaluates a data-plane request before authorization:
 * an approved private endpoint (with DNS that resolves to it), then the trusted service bypass,
 * then `publicNetworkAccess`, then the firewall's default action and rules.
 *
 * A pasted ForbiddenByFirewall or ForbiddenByConnection proves the corresponding block, even when
 * the ARM facts look open. A pasted authorization error proves that the request passed the network.
 */
import type { Check, CheckContext } from '../context';
import type { Finding } from '../finding';
import type { ErrorKind } from '../observedError';
import { networkFinding, undecided } from './network/findings';
import { originOf } from './network/origin';
import { evaluatePrivateRoute, type PrivateRoute } from './network/privateEndpoint';
import { evaluatePublicPath } from './network/publicAccess';

/** Errors Key Vault returns only after the network rules let the request in. */
const PAST_NETWORK: readonly ErrorKind[] = ['forbidden-by-rbac', 'access-policy-denied', 'obo-required', 'secret-disabled', 'operation-not-allowed'];

function fromError(context: CheckContext, findings: Finding[]): Finding[] {
  const error = context.error;
  const vaultId = context.facts.vault?.id ?? context.facts.request.vaultId;

  if (error?.kind === 'forbidden-by-firewall' && !findings.some((finding) => finding.code === 'network-firewall' && finding.severity === 'blocker')) {
    const address = error.clientAddress;
    return [
      ...findings.filter((finding) => finding.code !== 'network-firewall'),
      networkFinding({
        code: 'network-firewall',
        severity: 'blocker',
        title: 'Key Vault rejected the request at its firewall',
        detail:
          `The pasted error is ForbiddenByFirewall: the client address ${address ?? '(not shown)'} is in no IP rule, its subnet is in no virtual network rule, and it is not a trusted service. ` +
          'If the vault has a private endpoint, the caller did not resolve the vault to it (check private DNS).',
        evidence: [address ? `Client address: ${address}` : 'ForbiddenByFirewall'],
        fixes:
          address && context.facts.vault
            ? [{ title: `Allow ${address} in the vault firewall`, spec: { kind: 'network-rule-add', vaultId, ipAddress: `${address}/32`, currentNetworkAcls: context.facts.vault.networkAcls } }]
            : [],
      }),
    ];
  }

  if (error?.kind === 'forbidden-by-connection' && !findings.some((finding) => finding.code === 'network-public-access-disabled' && finding.severity === 'blocker')) {
    const bypassVariant = /bypass is not set to 'AzureServices'/i.test(error.message);
    const replaced = findings.filter((finding) => !(finding.code === 'network-public-access-disabled' && finding.severity !== 'blocker'));
    return [
      ...replaced,
      networkFinding({
        code: 'network-public-access-disabled',
        severity: 'blocker',
        title: 'Key Vault rejected the request: public access is disabled',
        detail:
          'The pasted error is ForbiddenByConnection: the request did not come through an approved private endpoint' +
          (bypassVariant ? ", and bypass is not AzureServices, so trusted services are not admitted either." : ' and the caller is not a trusted service.') +
          " Check that the caller's network has an approved private endpoint and resolves the vault to it.",
        evidence: ['ForbiddenByConnection'],
      }),
    ];
  }

  if (error && PAST_NETWORK.includes(error.kind)) {
    // The request reached authorization, so whatever the facts suggest, the network let it in.
    return findings.map((finding) => {
      if (finding.severity === 'unknown') {
        return { ...finding, severity: 'ok', missing: undefined, detail: `${finding.detail} The pasted error comes from authorization, which Key Vault evaluates after the network, so the request passed the network rules.` };
      }
      if (finding.severity === 'blocker') {
        return { ...finding, severity: 'warning', detail: `${finding.detail} The pasted error, though, comes from authorization, which shows that the request passed the network rules; the origin in the request may not be where the failing call came from.` };
      }
      return finding;
    });
  }
  return findings;
}

/** Private endpoint findings matter only when the public path would not let the caller in anyway. */
function softenPrivateRoute(findings: Finding[]): Finding[] {
  return findings.map((finding) =>
    finding.severity === 'blocker' && (finding.code === 'network-private-dns' || finding.code === 'network-private-endpoint-state')
      ? { ...finding, severity: 'info', detail: `${finding.detail} The request still succeeds over the public endpoint, which the vault allows for this caller.` }
      : finding,
  );
}

/**
 * Turns the public path's blockers into unknown findings when private endpoints or the caller's
 * networks could not be read: a closed public path blocks only when the private path fails too.
 */
function undecidedByPrivateRoute(findings: Finding[], route: PrivateRoute): Finding[] {
  if (route.unknownFacts.length === 0) {
    return findings;
  }
  const because = `${route.unknownFacts.join(' and ')} could not be read`;
  return findings.map((finding) => undecided(finding, route.unknownFacts, 'the caller reaches no private endpoint of the vault', because));
}

export const networkChecks: Check = (context) => {
  const vault = context.facts.vault;
  if (!vault) {
    const gap = context.gap('vault');
    return fromError(context, [
      networkFinding({
        code: 'network-firewall',
        severity: 'unknown',
        title: 'The network rules could not be checked',
        detail: `The vault could not be read${gap ? `: ${gap.error}` : ''}, so its public access, firewall and private endpoints are unknown.`,
        evidence: [context.facts.request.vaultId],
        missing: ['vault'],
      }),
    ]);
  }

  const origin = originOf(context.facts, context.error);
  const route = evaluatePrivateRoute(context, vault, origin);
  const publicPath = evaluatePublicPath(context, vault, origin, route);
  const routeFindings = publicPath.allowed && !route.works ? softenPrivateRoute(route.findings) : route.findings;
  const publicFindings = publicPath.allowed ? publicPath.findings : undecidedByPrivateRoute(publicPath.findings, route);
  return fromError(context, [...routeFindings, ...publicFindings]);
};
