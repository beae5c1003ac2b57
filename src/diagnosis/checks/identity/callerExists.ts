/**
 * caller-not-found: the diagnosed caller names nothing. Either Microsoft Graph found no directory
 * object with the object id (it is listed in `directory.missingObjectIds`), or Resource Manager
 * returned 404 for the managed identity. No token can carry such a principal, so no grant for it
 * can help, and a role assignment or access policy for it is never offered.
 */
import type { CheckContext } from '../../context';
import type { AccessFacts } from '../../facts';
import type { Finding } from '../../finding';
import { identityFinding, sameId } from './findings';
import { knownIdentities } from './knownIdentities';

export interface MissingCaller {
  /** The id the user gave: an object id or a managed identity's resource id. */
  id: string;
  kind: 'object-id' | 'identity';
}

/** Returns the caller id that was looked up and does not exist, or undefined when the caller exists or was not looked up. */
export function missingCaller(facts: AccessFacts): MissingCaller | undefined {
  const principalId = facts.caller.principalId;
  if (principalId && facts.directory.missingObjectIds.some((id) => sameId(id, principalId))) {
    return { id: principalId, kind: 'object-id' };
  }

  const identityId = facts.caller.identityId ?? facts.request.caller.identity;
  const identityGap = facts.gaps.find((gap) => gap.fact === 'identity' && gap.status === 404);
  if (identityId && identityGap && !facts.caller.principalId) {
    return { id: identityId, kind: 'identity' };
  }
  return undefined;
}

function objectIdDetail(facts: AccessFacts, objectId: string): string {
  const owner = knownIdentities(facts).find((identity) => sameId(identity.clientId, objectId));
  const pasted = owner
    ? ` It is the client id of ${owner.label}${owner.principalId ? `, whose object id is ${owner.principalId}` : ''}: a client id was given where the object id belongs.`
    : ' Check it for a typo, and check that it is not a client (application) id pasted where the object id belongs: `az ad sp show --id <id>` accepts either and prints both.';
  return `Microsoft Graph has no user, group or service principal with the object id ${objectId} in this tenant, so no token carries it and no grant for it can help.${pasted}`;
}

export function checkCallerExists(context: CheckContext): Finding[] {
  const missing = missingCaller(context.facts);
  if (!missing) {
    return [];
  }

  if (missing.kind === 'object-id') {
    return [
      identityFinding({
        code: 'caller-not-found',
        severity: 'blocker',
        title: `The object id ${missing.id} names no directory object`,
        detail: objectIdDetail(context.facts, missing.id),
        evidence: [`directory.missingObjectIds: ${missing.id}`],
      }),
    ];
  }

  const gap = context.gap('identity');
  return [
    identityFinding({
      code: 'caller-not-found',
      severity: 'blocker',
      title: 'The managed identity was not found',
      detail:
        `Resource Manager has no managed identity ${missing.id}${gap ? ` (${gap.error})` : ''}. ` +
        'Check the subscription id, resource group and name for a typo, and whether the identity was deleted; a recreated identity gets a new principal id, so grants must be made again.',
      evidence: [missing.id],
    }),
  ];
}
