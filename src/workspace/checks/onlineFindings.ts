/**
 * Findings of the signed-in checks, built from what Azure returned: the federated credentials of
 * the identity a ServiceAccount names, and the diagnosis of a workload's access to its vault.
 * Entra ID exchanges a Kubernetes token only for a credential with exactly the token's issuer,
 * subject and audience (AADSTS70021 otherwise), and compares them case-sensitively.
 */
import { TOKEN_EXCHANGE_AUDIENCE } from '../../diagnosis/checks/identity/federatedCredentials';
import { subjectOf } from '../../diagnosis/checks/identity/workload';
import type { FederatedCredentialFacts } from '../../diagnosis/facts';
import type { CauseCode, Diagnosis, Fix } from '../../diagnosis/finding';
import { workspaceFinding } from './finding';
import type { AccessTarget, ServiceAccountBinding } from './onlineTargets';
import type { WorkspaceFinding } from './types';

/** The identity a client id names, as the signed-in user lists it. */
export interface BoundIdentity {
  id: string;
  name: string;
}

/** Diagnosis codes the editor shows on a workload's client id. The other findings need the full report. */
const ACCESS_CODES: ReadonlySet<CauseCode> = new Set<CauseCode>(['rbac-no-assignment', 'rbac-missing-data-action', 'rbac-control-plane-only']);

function sameIssuer(left: string, right: string): boolean {
  return left.replace(/\/$/, '').toLowerCase() === right.replace(/\/$/, '').toLowerCase();
}

function createFix(identity: BoundIdentity, issuer: string, subject: string, existing: FederatedCredentialFacts[], name?: string): Fix {
  const [, , namespace, account] = subject.split(':');
  const base = `${namespace}-${account}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 110);
  const names = new Set(existing.map((credential) => credential.name));
  let unused = base.length >= 3 ? base : `fic-${base}`;
  for (let suffix = 2; names.has(unused); suffix++) unused = `${base}-${suffix}`;

  return {
    title: `Create a federated credential for ${subject} on ${identity.name}`,
    spec: { kind: 'federated-credential-create', identityId: identity.id, name: name ?? unused, issuer, subject, audiences: [TOKEN_EXCHANGE_AUDIENCE] },
    note: name ? 'Creating a credential under an existing name replaces it.' : 'Entra ID needs a few seconds to see a new federated credential; restart the pod afterwards.',
  };
}

/**
 * Compares the ServiceAccount's token with the identity's federated credentials. `issuer` is the
 * cluster's OIDC issuer URL. Without it, only subjects and audiences are compared, and the fix
 * takes the issuer all of the identity's credentials share. Returns no finding when a credential matches.
 */
export function checkBindingCredentials(binding: ServiceAccountBinding, identity: BoundIdentity, credentials: FederatedCredentialFacts[], issuer?: string): WorkspaceFinding[] {
  const subject = subjectOf(binding.namespace, binding.name);
  const issuerMatches = (credential: FederatedCredentialFacts): boolean => issuer === undefined || credential.issuer === issuer;
  const usable = credentials.filter((credential) => credential.subject === subject && issuerMatches(credential));
  if (usable.some((credential) => credential.audiences.includes(TOKEN_EXCHANGE_AUDIENCE))) {
    return [];
  }

  const issuers = [...new Set(credentials.map((credential) => credential.issuer))];
  const fixIssuer = issuer ?? (issuers.length === 1 ? issuers[0] : undefined);
  const finding = (code: CauseCode, title: string, detail: string, fixes: Fix[]): WorkspaceFinding[] => [
    workspaceFinding({ code, family: 'identity', severity: code === 'wi-fic-missing' ? 'warning' : 'blocker', title, detail, location: binding.anchor, evidence: [identity.id], fixes, preferredFix: fixes.length > 0 ? 0 : undefined }),
  ];

  if (usable.length > 0) {
    const credential = usable[0];
    return finding(
      'wi-fic-audience-mismatch',
      `Federated credential ${credential.name} of ${identity.name} does not accept the audience ${TOKEN_EXCHANGE_AUDIENCE}`,
      `The credential names ${subject}, but its audiences are ${credential.audiences.join(', ') || 'empty'}, so the token exchange fails.`,
      [createFix(identity, credential.issuer, subject, credentials, credential.name)],
    );
  }

  const wrongIssuer = issuer === undefined ? undefined : credentials.find((credential) => credential.subject === subject && sameIssuer(credential.issuer, issuer));
  if (wrongIssuer && issuer) {
    return finding(
      'wi-fic-issuer-mismatch',
      `Federated credential ${wrongIssuer.name} of ${identity.name} has the issuer "${wrongIssuer.issuer}", not the cluster's "${issuer}"`,
      'Entra ID compares issuers as exact strings, including the trailing "/", so the token exchange fails with AADSTS70021.',
      [createFix(identity, issuer, subject, credentials, wrongIssuer.name)],
    );
  }

  const nearSubject = credentials.find((credential) => issuerMatches(credential) && (credential.subject.toLowerCase() === subject.toLowerCase() || credential.subject.endsWith(`:${binding.name}`)));
  if (nearSubject) {
    return finding(
      'wi-fic-subject-mismatch',
      `Federated credential ${nearSubject.name} of ${identity.name} names ${nearSubject.subject}, not ${subject}`,
      `The ServiceAccount ${binding.namespace}/${binding.name} presents the subject ${subject}. Entra ID compares subjects exactly and case-sensitively, so the token exchange fails with AADSTS70021.`,
      [createFix(identity, issuer ?? nearSubject.issuer, subject, credentials)],
    );
  }

  const existing = credentials.map((credential) => `${credential.name} (subject ${credential.subject})`);
  return finding(
    'wi-fic-missing',
    `${identity.name} has no federated credential for ${subject}`,
    `The ServiceAccount ${binding.namespace}/${binding.name} requests tokens for ${identity.name}, whose federated credentials are ${existing.length > 0 ? existing.join('; ') : 'none'}. Entra ID rejects the token exchange with AADSTS70021.`,
    fixIssuer ? [createFix(identity, fixIssuer, subject, credentials)] : [],
  );
}

/**
 * Turns the blockers and warnings of a workload's diagnosis about role assignments and access
 * policies into findings on the field that states its client id, with the diagnosis's fixes.
 */
export function accessFindings(target: AccessTarget, diagnosis: Diagnosis): WorkspaceFinding[] {
  const relevant = diagnosis.findings.filter(
    (finding) => (finding.severity === 'blocker' || finding.severity === 'warning') && (ACCESS_CODES.has(finding.code) || finding.code.startsWith('policy-')),
  );
  return relevant.map((finding) =>
    workspaceFinding({
      code: finding.code,
      family: finding.family,
      severity: finding.severity,
      title: `${target.label}: ${finding.title}`,
      detail: finding.detail,
      evidence: finding.evidence,
      fixes: finding.fixes,
      location: target.anchor,
    }),
  );
}
