/**
 * Cross-checks of the workspace's client ids against the user-assigned managed identities a
 * signed-in user can list. A principal id where the client id belongs is a blocker, because token
 * requests take the client id. A client id that names none of the listed identities is a warning.
 */
import { replaceValueFix } from '../../diagnosis/checks/identity/edits';
import { sameId } from '../../diagnosis/checks/identity/findings';
import type { WorkloadFacts } from '../../diagnosis/workload';
import { fieldLocation, workspaceFinding } from './finding';
import { workspaceClientIds } from './settings';
import type { WorkspaceFinding } from './types';

export interface ListedIdentity {
  /** Resource id of the user-assigned identity. */
  id: string;
  name: string;
  clientId: string;
  principalId: string;
}

/**
 * Checks every client id setting of the workspace against the listed identities. A client id that
 * matches none is only a warning, because it may belong to an app registration or to an identity in
 * a subscription the user cannot list. An empty identity list gives no findings.
 */
export function checkListedIdentities(workload: WorkloadFacts, identities: readonly ListedIdentity[]): WorkspaceFinding[] {
  if (identities.length === 0) {
    return [];
  }

  const findings: WorkspaceFinding[] = [];
  for (const setting of workspaceClientIds(workload)) {
    if (identities.some((identity) => sameId(identity.clientId, setting.value))) continue;

    const owner = identities.find((identity) => sameId(identity.principalId, setting.value));
    if (owner) {
      findings.push(
        workspaceFinding({
          code: 'wi-client-id-mismatch',
          family: 'identity',
          severity: 'blocker',
          title: `${setting.label} is the principal id of ${owner.name}, not its client id`,
          detail: `Token requests name the identity by its client id (${owner.clientId}); with the principal (object) id ${setting.value}, Entra ID finds no application and answers AADSTS700016.`,
          location: fieldLocation(setting.file, setting.field),
          fixes: [replaceValueFix(`Use the client id ${owner.clientId} of ${owner.name}`, setting.file, setting.field, owner.clientId)],
          preferredFix: 0,
        }),
      );
      continue;
    }

    findings.push(
      workspaceFinding({
        code: 'wi-client-id-mismatch',
        family: 'identity',
        severity: 'warning',
        title: `${setting.label} names no managed identity you can list`,
        detail: `No user-assigned managed identity in the selected subscriptions has the client id ${setting.value}. Unless it is an app registration or an identity in another subscription, the token request fails with AADSTS700016.`,
        location: fieldLocation(setting.file, setting.field),
      }),
    );
  }
  return findings;
}
