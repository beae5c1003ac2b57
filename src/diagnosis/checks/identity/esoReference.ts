/**
 * wi-eso-no-service-account-ref: an External Secrets store with `authType: WorkloadIdentity` and
 * no `serviceAccountRef` authenticates with the ESO controller's own service account (its
 * annotation and environment), not with the workload's. The federated credential's subject must
 * then be the controller's, which is rarely what was set up.
 */
import type { CheckContext } from '../../context';
import type { Finding, Fix } from '../../finding';
import type { SecretStoreFact, ServiceAccountFact } from '../../workload';
import { appendToMapFix } from './edits';
import { identityFinding, sameId } from './findings';
import type { PresentedToken } from './federatedCredentials';
import { subjectOf, type Requester, type WorkloadView } from './workload';

export interface EsoResult {
  findings: Finding[];
  /** Token subjects these findings already explain, so the credential checks skip them. */
  explainedSubjects: Set<string>;
}

/** The service account the store should reference: one that carries the identity's client id and has a credential. */
function proposeAccount(view: WorkloadView, store: SecretStoreFact, clientId: string | undefined, issuer: string | undefined): { namespace: string; name: string } | undefined {
  const users = view.externalSecrets.filter((secret) => secret.storeRef.kind === store.kind && secret.storeRef.name === store.name);
  const namespaces = new Set(store.kind === 'SecretStore' ? [store.namespace] : users.map((secret) => secret.namespace));
  const credentials = view.targetIdentity?.federatedCredentials ?? [];
  const hasCredential = (account: { namespace: string; name: string }): boolean =>
    credentials.some((credential) => credential.subject === subjectOf(account.namespace, account.name) && (issuer === undefined || credential.issuer === issuer));

  const annotated = view.workload.serviceAccounts.filter((account: ServiceAccountFact) => sameId(account.clientId?.value, clientId));
  const ranked = [
    ...annotated.filter((account) => namespaces.has(account.namespace) && hasCredential(account)),
    ...annotated.filter((account) => namespaces.has(account.namespace)),
  ];
  if (ranked.length > 0) {
    return { namespace: ranked[0].namespace, name: ranked[0].name };
  }

  // No manifest for it, but a federated credential names a service account in a namespace that uses the store.
  for (const credential of credentials) {
    const [prefix, kind, namespace, name] = credential.subject.split(':');
    if (prefix === 'system' && kind === 'serviceaccount' && namespace && name && namespaces.has(namespace)) {
      return { namespace, name };
    }
  }
  return undefined;
}

export function referenceFix(store: SecretStoreFact, account: { namespace: string; name: string }): Fix[] {
  if (!store.providerRange) return [];
  const lines = ['serviceAccountRef:', `  name: ${account.name}`];
  if (store.kind === 'ClusterSecretStore') lines.push(`  namespace: ${account.namespace}`);
  return [
    appendToMapFix(
      `Add serviceAccountRef ${account.namespace}/${account.name} to ${store.kind} ${store.name}`,
      store.source.file,
      store.providerRange,
      lines,
      'ESO then requests the token for that service account, so the federated credential subject becomes ' + subjectOf(account.namespace, account.name) + '.',
    ),
  ];
}

export function storeLabel(store: SecretStoreFact): string {
  return store.kind === 'ClusterSecretStore' ? `ClusterSecretStore ${store.name}` : `SecretStore ${store.namespace}/${store.name}`;
}

export function checkEsoReferences(context: CheckContext, view: WorkloadView, tokens: PresentedToken[]): EsoResult {
  const result: EsoResult = { findings: [], explainedSubjects: new Set() };
  const clientId = context.facts.caller.clientId;
  const issuer = tokens[0]?.issuer ?? context.facts.cluster?.oidcIssuerUrl;

  for (const store of view.stores.filter((candidate) => candidate.authType?.value === 'WorkloadIdentity')) {
    if (store.serviceAccountRef) {
      result.findings.push(
        identityFinding({
          code: 'wi-eso-no-service-account-ref',
          severity: 'ok',
          title: `${storeLabel(store)} references the service account ${store.serviceAccountRef.name}`,
          detail: `ESO requests the token for ${store.serviceAccountRef.namespace ? `${store.serviceAccountRef.namespace}/` : ''}${store.serviceAccountRef.name}, not for its controller.`,
          evidence: [`${store.source.file}:${store.serviceAccountRef.range[0] + 1}`],
        }),
      );
      continue;
    }

    const controller = view.requesters.find((requester: Requester) => requester.kind === 'eso-controller' && requester.store === store);
    const controllerSubject = controller?.subject ?? subjectOf('external-secrets', 'external-secrets');
    const credentials = view.targetIdentity?.federatedCredentials;
    const controllerHasCredential = credentials?.some((credential) => credential.subject === controllerSubject && (issuer === undefined || credential.issuer === issuer));
    const errorShowsController = context.error?.assertion?.subject === controllerSubject;
    const account = proposeAccount(view, store, clientId, issuer);
    const evidence = [`${store.source.file}:${store.source.range[0] + 1}`];

    if (controllerHasCredential && !errorShowsController) {
      result.findings.push(
        identityFinding({
          code: 'wi-eso-no-service-account-ref',
          severity: 'info',
          title: `${storeLabel(store)} authenticates as the ESO controller`,
          detail: `Without serviceAccountRef, ESO uses its controller's service account (${controllerSubject}), which has a federated credential on the identity. This works, but every namespace that uses the store reads with the same identity.`,
          evidence,
          fixes: account ? referenceFix(store, account) : [],
        }),
      );
      continue;
    }

    const proven = errorShowsController || credentials !== undefined;
    result.findings.push(
      identityFinding({
        code: 'wi-eso-no-service-account-ref',
        severity: proven ? 'blocker' : 'warning',
        title: `${storeLabel(store)} has no serviceAccountRef, so ESO authenticates as its controller`,
        detail:
          `With authType WorkloadIdentity and no serviceAccountRef, ESO requests the token for its own service account (${controllerSubject}). ` +
          (errorShowsController ? 'The pasted AADSTS error shows exactly that subject. ' : '') +
          (credentials !== undefined && !controllerHasCredential ? `No federated credential of the identity names ${controllerSubject}. ` : '') +
          (account ? `The service account ${account.namespace}/${account.name} carries the identity's client id; reference it from the store.` : 'Reference the service account that carries the identity\'s client id from the store.'),
        evidence,
        fixes: account ? referenceFix(store, account) : [],
      }),
    );
    result.explainedSubjects.add(controllerSubject);
  }
  return result;
}
