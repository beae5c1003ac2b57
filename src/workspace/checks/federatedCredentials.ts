/**
 * wi-fic-issuer-mismatch and wi-fic-subject-mismatch for federated credentials declared in
 * templates. Entra ID compares issuer and subject as exact strings. An AKS OIDC issuer URL always
 * ends with `/` (`https://<region>.oic.prod-aks.azure.com/<tenant>/<guid>/`), and the subject
 * must be `system:serviceaccount:<namespace>:<name>` of a service account that exists.
 */
import { replaceValueFix } from '../../diagnosis/checks/identity/edits';
import { subjectOf } from '../../diagnosis/checks/identity/workload';
import type { IacFederatedCredentialFact, ServiceAccountFact, WorkloadFacts } from '../../diagnosis/workload';
import { fieldLocation, workspaceFinding } from './finding';
import type { WorkspaceCheck, WorkspaceFinding } from './types';

/** AKS issuer URLs without the trailing slash: host `<region>.oic.prod-aks.azure.<suffix>`, then tenant and cluster ids. */
const AKS_ISSUER_WITHOUT_SLASH = /^https:\/\/[a-z0-9-]+\.oic\.prod-aks\.azure\.[a-z.]+\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/i;

/** Template expressions (`${...}`, `format(...)`, `[...]`) are not literal subjects and are left alone. */
const EXPRESSION = /\$\{|[()[\]]/;

function checkIssuer(credential: IacFederatedCredentialFact): WorkspaceFinding | undefined {
  const issuer = credential.issuer;
  const value = issuer?.value?.trim();
  if (!issuer || !value || !AKS_ISSUER_WITHOUT_SLASH.test(value)) {
    return undefined;
  }
  return workspaceFinding({
    code: 'wi-fic-issuer-mismatch',
    family: 'identity',
    severity: 'blocker',
    title: 'The federated credential\'s issuer lacks the trailing "/" of the AKS OIDC issuer URL',
    detail: `The cluster's tokens carry the issuer "${value}/". Entra ID compares issuers as exact strings, so "${value}" matches no token and the exchange fails with AADSTS70021.`,
    location: fieldLocation(credential.source.file, issuer),
    fixes: [replaceValueFix('Add the trailing "/" to the issuer', credential.source.file, issuer, `${value}/`)],
    preferredFix: 0,
  });
}

/** Finds the service account a mistyped subject most likely meant: the same name in another namespace, or a difference in case. */
function nearestAccount(accounts: ServiceAccountFact[], namespace: string, name: string): ServiceAccountFact | undefined {
  const lower = subjectOf(namespace, name).toLowerCase();
  return (
    accounts.find((account) => subjectOf(account.namespace, account.name).toLowerCase() === lower) ??
    accounts.find((account) => account.name === name) ??
    (accounts.filter((account) => account.namespace === namespace && account.clientId).length === 1 ? accounts.find((account) => account.namespace === namespace && account.clientId) : undefined)
  );
}

function checkSubject(workload: WorkloadFacts, credential: IacFederatedCredentialFact): WorkspaceFinding | undefined {
  const subject = credential.subject;
  const value = subject?.value?.trim();
  const parts = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(value ?? '');
  if (!subject || !value || !value.startsWith('system:serviceaccount:') || EXPRESSION.test(value) || workload.serviceAccounts.length === 0) {
    return undefined;
  }

  const exists = workload.serviceAccounts.some((account) => subjectOf(account.namespace, account.name) === value);
  if (exists) {
    return undefined;
  }

  const near = parts ? nearestAccount(workload.serviceAccounts, parts[1], parts[2]) : undefined;
  const expected = near ? subjectOf(near.namespace, near.name) : undefined;
  const file = credential.source.file;
  return workspaceFinding({
    code: 'wi-fic-subject-mismatch',
    family: 'identity',
    severity: near ? 'blocker' : 'warning',
    title: `The federated credential's subject ${value} names no ServiceAccount in the workspace`,
    detail:
      (parts ? '' : `"${value}" is not of the form system:serviceaccount:<namespace>:<name>. `) +
      (near
        ? `The ServiceAccount ${near.namespace}/${near.name} requests its tokens with the subject ${expected}; Entra ID compares subjects exactly and case-sensitively, so the exchange fails (AADSTS70021).`
        : 'No ServiceAccount manifest in the workspace has this namespace and name; unless it is defined elsewhere, no token matches this credential.'),
    location: fieldLocation(file, subject),
    fixes: expected ? [replaceValueFix(`Set the subject to ${expected}`, file, subject, expected)] : [],
    preferredFix: 0,
  });
}

export const checkFederatedCredentials: WorkspaceCheck = ({ workload }) =>
  workload.federatedCredentials.flatMap((credential) => [checkIssuer(credential), checkSubject(workload, credential)].filter((finding): finding is WorkspaceFinding => finding !== undefined));
