/**
 * wi-eso-no-service-account-ref from the manifests alone: an External Secrets store with
 * `authType: WorkloadIdentity` and no `serviceAccountRef` authenticates as the ESO controller's
 * service account. That is a blocker when the workspace shows another account was meant, by an
 * annotated service account where the store is used or by federated credentials that skip the
 * controller. It is only information when a federated credential in the files names the controller.
 */
import { referenceFix, storeLabel } from '../../diagnosis/checks/identity/esoReference';
import { esoController, subjectOf } from '../../diagnosis/checks/identity/workload';
import type { SecretStoreFact, ServiceAccountFact, WorkloadFacts } from '../../diagnosis/workload';
import { fieldLocation, headLocation, workspaceFinding } from './finding';
import type { WorkspaceCheck, WorkspaceFinding } from './types';

/** Namespaces whose ExternalSecrets read through the store; a SecretStore serves only its own. */
function storeNamespaces(workload: WorkloadFacts, store: SecretStoreFact): Set<string> {
  if (store.kind === 'SecretStore') {
    return new Set([store.namespace]);
  }
  const users = workload.externalSecrets.filter((secret) => secret.storeRef.kind === store.kind && secret.storeRef.name === store.name);
  return new Set(users.map((secret) => secret.namespace));
}

/** Picks the service account to reference: annotated with a client id, where the store is used, preferably named by a federated credential. */
function proposeAccount(workload: WorkloadFacts, store: SecretStoreFact, controller: { namespace: string; name: string }, federatedSubjects: Set<string>): ServiceAccountFact | undefined {
  const namespaces = storeNamespaces(workload, store);
  const candidates = workload.serviceAccounts.filter(
    (account) => account.clientId?.value && namespaces.has(account.namespace) && !(account.namespace === controller.namespace && account.name === controller.name),
  );
  return candidates.find((account) => federatedSubjects.has(subjectOf(account.namespace, account.name))) ?? candidates[0];
}

function checkStore(workload: WorkloadFacts, store: SecretStoreFact, federatedSubjects: Set<string>): WorkspaceFinding {
  const controller = esoController(workload);
  const controllerSubject = subjectOf(controller.namespace, controller.name);
  const account = proposeAccount(workload, store, controller, federatedSubjects);
  const fixes = account ? referenceFix(store, account) : [];
  const location = store.authType ? fieldLocation(store.source.file, store.authType) : headLocation(store.source);

  if (federatedSubjects.has(controllerSubject)) {
    return workspaceFinding({
      code: 'wi-eso-no-service-account-ref',
      family: 'identity',
      severity: 'info',
      title: `${storeLabel(store)} authenticates as the ESO controller`,
      detail: `Without serviceAccountRef, ESO uses its controller's service account (${controllerSubject}), and a federated credential in the workspace names it. This works, but every namespace that uses the store reads with the same identity.`,
      location,
      fixes,
    });
  }

  const proven = account !== undefined || federatedSubjects.size > 0;
  const reason = account
    ? `The service account ${account.namespace}/${account.name} carries a client id where the store is used, so it was meant; reference it from the store.`
    : federatedSubjects.size > 0
      ? `The federated credentials in the workspace name ${[...federatedSubjects].join(', ')}, not the controller.`
      : "Unless the controller's service account has a federated credential on the identity, the token exchange fails (AADSTS70021); reference the workload's service account from the store.";
  return workspaceFinding({
    code: 'wi-eso-no-service-account-ref',
    family: 'identity',
    severity: proven ? 'blocker' : 'warning',
    title: `${storeLabel(store)} has no serviceAccountRef, so ESO authenticates as its controller`,
    detail: `With authType WorkloadIdentity and no serviceAccountRef, ESO requests the token for its own service account (${controllerSubject}). ${reason}`,
    location,
    fixes,
    preferredFix: 0,
  });
}

export const checkEsoStores: WorkspaceCheck = ({ workload }) => {
  const federatedSubjects = new Set(workload.federatedCredentials.flatMap((credential) => (credential.subject?.value ? [credential.subject.value] : [])));
  return workload.secretStores
    .filter((store) => store.authType?.value === 'WorkloadIdentity' && !store.serviceAccountRef)
    .map((store) => checkStore(workload, store, federatedSubjects));
};
