/**
 * wi-fic-missing, wi-fic-issuer-mismatch, wi-fic-subject-mismatch, wi-fic-audience-mismatch.
 *
 * Entra ID exchanges a Kubernetes token only when one federated credential of the identity has
 * exactly the token's issuer, subject and audience. The comparison is exact and case-sensitive:
 * a missing trailing `/` on the issuer is enough to fail (AADSTS70021, 700211, 700213, 7002138).
 */
import type { CheckContext } from '../../context';
import type { FederatedCredentialFacts, IdentityFacts } from '../../facts';
import type { CauseCode, Finding, Fix } from '../../finding';
import { identityFinding, sameId } from './findings';
import type { WorkloadView } from './workload';

export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

const FIC_CODES: CauseCode[] = ['wi-fic-missing', 'wi-fic-issuer-mismatch', 'wi-fic-subject-mismatch', 'wi-fic-audience-mismatch'];

/** A token whose subject, issuer and audience must all match one credential. */
export interface PresentedToken {
  subject: string;
  issuer: string;
  audience: string;
  /** Source of the subject in plain words, for the finding's text. */
  origin: string;
}

/** Describes how two issuers differ, in words a user can act on. */
function issuerDifference(expected: string, actual: string): string {
  if (expected === `${actual}/`) return 'it lacks the trailing "/"';
  if (actual === `${expected}/`) return 'it has an extra trailing "/"';
  if (expected.toLowerCase() === actual.toLowerCase()) return 'it differs in upper and lower case';
  return 'it names another issuer (another cluster, or a cluster whose issuer changed)';
}

/** Builds a credential name that is valid (3 to 120 letters, digits, - and _) and unused on the identity. */
function credentialName(context: CheckContext, token: PresentedToken, existing: FederatedCredentialFacts[]): string {
  const [, , namespace = 'default', account = 'workload'] = token.subject.split(':');
  const base = `${context.facts.cluster?.name ?? 'aks'}-${namespace}-${account}`.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 110);
  const names = new Set(existing.map((credential) => credential.name));
  let name = base.length >= 3 ? base : `fic-${base}`;
  for (let suffix = 2; names.has(name); suffix++) {
    name = `${base}-${suffix}`;
  }
  return name;
}

function createFix(context: CheckContext, identity: IdentityFacts, token: PresentedToken, existing: FederatedCredentialFacts[]): Fix {
  return {
    title: `Create a federated credential for ${token.subject} on ${identity.name}`,
    spec: {
      kind: 'federated-credential-create',
      identityId: identity.id,
      name: credentialName(context, token, existing),
      issuer: token.issuer,
      subject: token.subject,
      audiences: [token.audience],
    },
    note: 'Entra ID needs a few seconds to see a new federated credential; restart the pod afterwards.',
  };
}

function deleteFix(identity: IdentityFacts, credential: FederatedCredentialFacts, reason: string): Fix {
  return {
    title: `Delete the federated credential ${credential.name} ${reason}`,
    spec: { kind: 'federated-credential-delete', identityId: identity.id, name: credential.name },
    note: 'After the new credential works; an identity holds at most 20 federated credentials.',
  };
}

function evidenceOf(identity: IdentityFacts, credential: FederatedCredentialFacts): string {
  return `${identity.id}/federatedIdentityCredentials/${credential.name}`;
}

/** Compares one presented token with the identity's credentials. */
function evaluate(context: CheckContext, identity: IdentityFacts, credentials: FederatedCredentialFacts[], token: PresentedToken): Finding[] {
  const exact = credentials.find((credential) => credential.issuer === token.issuer && credential.subject === token.subject && credential.audiences.includes(token.audience));
  if (exact) {
    const titles: Record<string, string> = {
      'wi-fic-missing': `${identity.name} has a federated credential for ${token.subject}`,
      'wi-fic-issuer-mismatch': `Federated credential ${exact.name} names the issuer exactly`,
      'wi-fic-subject-mismatch': `Federated credential ${exact.name} names the subject ${token.subject}`,
      'wi-fic-audience-mismatch': `Federated credential ${exact.name} accepts ${token.audience}`,
    };
    return FIC_CODES.map((code) =>
      identityFinding({
        code,
        severity: 'ok',
        title: titles[code],
        detail: `${identity.name} has the federated credential ${exact.name} with issuer ${token.issuer}, subject ${token.subject} and audience ${token.audience}, exactly as the token presents them.`,
        evidence: [evidenceOf(identity, exact)],
      }),
    );
  }

  const sameSubject = credentials.filter((credential) => credential.subject === token.subject);
  const sameSubjectAndIssuer = sameSubject.filter((credential) => credential.issuer === token.issuer);

  if (sameSubjectAndIssuer.length > 0) {
    const credential = sameSubjectAndIssuer[0];
    return [
      identityFinding({
        code: 'wi-fic-audience-mismatch',
        severity: 'blocker',
        title: `Federated credential ${credential.name} does not accept the audience ${token.audience}`,
        detail: `The credential matches issuer and subject, but its audiences are ${credential.audiences.join(', ') || 'empty'}; the token's audience is ${token.audience}.`,
        evidence: [evidenceOf(identity, credential)],
        fixes: [
          {
            title: `Set the audience of ${credential.name} to ${token.audience}`,
            spec: { kind: 'federated-credential-create', identityId: identity.id, name: credential.name, issuer: credential.issuer, subject: credential.subject, audiences: [token.audience] },
            note: 'Creating a credential under an existing name replaces it.',
          },
        ],
      }),
      ...(['wi-fic-issuer-mismatch', 'wi-fic-subject-mismatch'] as const).map((code) =>
        identityFinding({ code, severity: 'ok', title: `Federated credential ${credential.name} has the right ${code === 'wi-fic-issuer-mismatch' ? 'issuer' : 'subject'}`, detail: `Issuer ${token.issuer}, subject ${token.subject}.`, evidence: [evidenceOf(identity, credential)] }),
      ),
    ];
  }

  if (sameSubject.length > 0) {
    const credential = sameSubject[0];
    const findings = [
      identityFinding({
        code: 'wi-fic-issuer-mismatch',
        severity: 'blocker',
        title: `Federated credential ${credential.name} has the wrong issuer: ${issuerDifference(token.issuer, credential.issuer)}`,
        detail:
          `The token's issuer is "${token.issuer}" (${token.origin}), but the credential for ${token.subject} on ${identity.name} says "${credential.issuer}". ` +
          'Entra ID compares issuers as exact strings, so the token exchange fails with AADSTS70021 or AADSTS700211.',
        evidence: [evidenceOf(identity, credential)],
        fixes: [createFix(context, identity, token, credentials), deleteFix(identity, credential, 'with the wrong issuer')],
      }),
      identityFinding({ code: 'wi-fic-subject-mismatch', severity: 'ok', title: `A federated credential names the subject ${token.subject}`, detail: `${credential.name} has subject ${token.subject}.`, evidence: [evidenceOf(identity, credential)] }),
    ];
    if (credential.audiences.includes(token.audience)) {
      findings.push(identityFinding({ code: 'wi-fic-audience-mismatch', severity: 'ok', title: `Federated credential ${credential.name} accepts ${token.audience}`, detail: `Audiences: ${credential.audiences.join(', ')}.`, evidence: [evidenceOf(identity, credential)] }));
    }
    return findings;
  }

  const caseOnly = credentials.filter((credential) => credential.subject.toLowerCase() === token.subject.toLowerCase());
  const sameIssuer = credentials.filter((credential) => credential.issuer === token.issuer);
  if (caseOnly.length > 0 || sameIssuer.length > 0) {
    const credential = caseOnly[0] ?? sameIssuer[0];
    const caseDetail =
      caseOnly.length > 0
        ? `The credential ${credential.name} has subject "${credential.subject}", which differs only in case; Entra ID compares subjects case-sensitively (AADSTS7002138).`
        : `The credentials with this issuer name other subjects: ${sameIssuer.map((candidate) => candidate.subject).join(', ')}.`;
    const fixes = [createFix(context, identity, token, credentials)];
    if (caseOnly.length > 0) fixes.push(deleteFix(identity, credential, 'whose subject differs in case'));
    return [
      identityFinding({
        code: 'wi-fic-subject-mismatch',
        severity: 'blocker',
        title: `No federated credential on ${identity.name} names the subject ${token.subject}`,
        detail: `The token's subject is "${token.subject}" (${token.origin}). ${caseDetail}`,
        evidence: [evidenceOf(identity, credential)],
        fixes,
      }),
      identityFinding({ code: 'wi-fic-issuer-mismatch', severity: 'ok', title: `A federated credential names the issuer ${token.issuer}`, detail: `${credential.name} has issuer ${credential.issuer}.`, evidence: [evidenceOf(identity, credential)] }),
    ];
  }

  const existing = credentials.map((credential) => `${credential.name} (issuer ${credential.issuer}, subject ${credential.subject})`);
  return [
    identityFinding({
      code: 'wi-fic-missing',
      severity: 'blocker',
      title: `${identity.name} has no federated credential for ${token.subject}`,
      detail:
        `The token is issued by "${token.issuer}" for "${token.subject}" (${token.origin}), and no federated credential of ${identity.name} names that issuer or subject` +
        (existing.length > 0 ? `; it has ${existing.join('; ')}.` : '; it has none.'),
      evidence: [identity.id],
      fixes: [createFix(context, identity, token, credentials)],
    }),
  ];
}

/** AADSTS code of the pasted error -> the finding code it proves when the credentials could not be read. */
function codeFromError(aadstsCode: string | undefined): CauseCode {
  if (aadstsCode === '700211') return 'wi-fic-issuer-mismatch';
  if (aadstsCode === '700213' || aadstsCode === '7002138') return 'wi-fic-subject-mismatch';
  return 'wi-fic-missing';
}

/** Keeps one `ok` per code, and none for a code that another token fails. */
function mergeOk(findings: Finding[]): Finding[] {
  const failed = new Set(findings.filter((finding) => finding.severity !== 'ok').map((finding) => finding.code));
  const seen = new Set<string>();
  return findings.filter((finding) => {
    if (finding.severity !== 'ok') return true;
    if (failed.has(finding.code) || seen.has(finding.code)) return false;
    seen.add(finding.code);
    return true;
  });
}

/**
 * Checks only the issuer when workload identity is in use but no manifest names the service
 * account: a credential must name the cluster's issuer exactly, whatever its subject.
 */
export function checkIssuerOnly(context: CheckContext, view: WorkloadView, issuer: string): Finding[] {
  const identity = view.targetIdentity;
  const credentials = identity?.federatedCredentials;
  if (!identity || !credentials) {
    return checkFederatedCredentials(context, view, [{ subject: '(unknown service account)', issuer, audience: TOKEN_EXCHANGE_AUDIENCE, origin: 'unknown' }]);
  }

  // A Key Vault error naming this identity as the caller proves the token exchange succeeded,
  // whatever service account presented the assertion.
  const exchangeSucceeded = sameId(context.error?.caller?.objectId, identity.principalId);
  const subjectUnknown = exchangeSucceeded
    ? identityFinding({
        code: 'wi-fic-subject-mismatch',
        severity: 'ok',
        title: `${identity.name} obtained a token`,
        detail: `The pasted Key Vault error names ${identity.principalId} as the caller, so a federated credential matched the token the workload presented.`,
        evidence: [identity.id],
      })
    : identityFinding({
        code: 'wi-fic-subject-mismatch',
        severity: 'unknown',
        title: 'The service account that requests the token is not known',
        detail: `No manifest in the workspace names the workload's service account, so the subjects of ${identity.name}'s federated credentials cannot be checked. Open the folder with the workload's manifests.`,
        missing: ['workspace'],
      });
  if (credentials.some((credential) => credential.issuer === issuer)) {
    return [
      identityFinding({ code: 'wi-fic-issuer-mismatch', severity: 'ok', title: `A federated credential names the issuer ${issuer}`, detail: `${identity.name} has a credential for the cluster's issuer.`, evidence: [identity.id] }),
      subjectUnknown,
    ];
  }

  const nearMiss = credentials.find((credential) => credential.issuer.replace(/\/$/, '').toLowerCase() === issuer.replace(/\/$/, '').toLowerCase());
  if (nearMiss) {
    const token: PresentedToken = { subject: nearMiss.subject, issuer, audience: TOKEN_EXCHANGE_AUDIENCE, origin: `the subject of ${nearMiss.name}` };
    return [
      identityFinding({
        code: 'wi-fic-issuer-mismatch',
        severity: 'blocker',
        title: `Federated credential ${nearMiss.name} has the wrong issuer: ${issuerDifference(issuer, nearMiss.issuer)}`,
        detail: `The cluster's issuer is "${issuer}", but the credential says "${nearMiss.issuer}". Entra ID compares issuers as exact strings.`,
        evidence: [evidenceOf(identity, nearMiss)],
        fixes: [createFix(context, identity, token, credentials), deleteFix(identity, nearMiss, 'with the wrong issuer')],
      }),
      subjectUnknown,
    ];
  }

  return [
    identityFinding({
      code: 'wi-fic-missing',
      severity: 'warning',
      title: `${identity.name} has no federated credential for the cluster's issuer`,
      detail: `No federated credential of ${identity.name} names the issuer "${issuer}", so workload identity on this cluster cannot use it, unless the pods use the identity through the node (IMDS).`,
      evidence: [identity.id],
    }),
  ];
}

/**
 * Runs the federated credential checks for the tokens the workload presents. `tokens` come from
 * the workload view and the pasted error; an empty list means no workload identity is involved.
 */
export function checkFederatedCredentials(context: CheckContext, view: WorkloadView, tokens: PresentedToken[]): Finding[] {
  if (tokens.length === 0) {
    return [];
  }

  const identity = view.targetIdentity;
  const error = context.error;
  const credentials = identity?.federatedCredentials;
  if (!identity || !credentials) {
    const gap = (identity ? context.gap(`federatedCredentials:${identity.id}`) : undefined) ?? context.gap('federatedCredentials') ?? context.gap('identity');
    if (error?.kind === 'federated-credential-no-match') {
      const token = tokens[0];
      return [
        identityFinding({
          code: codeFromError(error.aadstsCode),
          severity: 'blocker',
          title: `Entra ID found no federated credential for ${token.subject}`,
          detail: `The pasted error (AADSTS${error.aadstsCode ?? ''}) shows that no federated credential matches issuer "${token.issuer}", subject "${token.subject}" and audience "${token.audience}". The identity's credentials could not be read to say which field differs${gap ? `: ${gap.error}` : ''}.`,
          evidence: [`AADSTS${error.aadstsCode ?? ''}`],
          fixes: identity ? [createFix(context, identity, token, [])] : [],
        }),
      ];
    }
    return [
      identityFinding({
        code: 'wi-fic-missing',
        severity: 'unknown',
        title: 'The federated credentials could not be checked',
        detail: identity
          ? `The federated credentials of ${identity.name} could not be read${gap ? `: ${gap.error}` : ''}.`
          : 'The diagnosed identity is not a user-assigned managed identity read from ARM, so its federated credentials are not known.',
        missing: ['federatedCredentials'],
      }),
    ];
  }

  return mergeOk(tokens.flatMap((token) => evaluate(context, identity, credentials, token)));
}
