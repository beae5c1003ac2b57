/** Microsoft Graph reads: group membership, membership changes, and which principals still exist. */
import type { DirectoryFacts, PrincipalFacts } from '../../diagnosis/facts';
import { countPage } from '../clients';
import { formatError } from '../errors';
import { records, text } from '../map/values';
import { getDirectoryObjects } from './caller';
import { recordGap, type CollectContext } from './context';

/** How far back membership changes are read: managed identities cache group claims for up to about 24 hours. */
const MEMBERSHIP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Reads every group the principal is in, directly or transitively. Returns undefined (and logs) when Graph rejects the request. */
export async function readGroupMembership(context: CollectContext, principalId: string): Promise<string[] | undefined> {
  try {
    const groups: string[] = [];
    let path: string | undefined = `/directoryObjects/${principalId}/transitiveMemberOf?$select=id`;
    let pages = 0;
    while (path) {
      pages = countPage(pages, `The group membership of ${principalId}`);
      const body = await context.clients.graph('GET', path, undefined, { abortSignal: context.signal });
      groups.push(...records(body.value).map((group) => text(group.id)).filter((id): id is string => id !== undefined));
      path = graphNextPath(context, text(body['@odata.nextLink']));
    }
    return groups;
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    // NOTE: without Graph, the only known groups are those with a role assignment that reaches
    // the vault (from the assignedTo() list). Groups named only in access policies are missed.
    context.log?.warn(`Reading the group membership of ${principalId} failed: ${formatError(error)}`);
    return undefined;
  }
}

/** Reads the principal's group additions of the last 24 hours from the directory audit log. Returns undefined when the log cannot be read. */
export async function readMembershipChanges(context: CollectContext, principalId: string, now: string): Promise<DirectoryFacts['membershipChanges']> {
  const since = new Date(Date.parse(now) - MEMBERSHIP_WINDOW_MS).toISOString();
  const filter = `activityDisplayName eq 'Add member to group' and activityDateTime ge ${since} and targetResources/any(t:t/id eq '${principalId}')`;

  try {
    const body = await context.clients.graph('GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`, undefined, { abortSignal: context.signal });
    const changes: NonNullable<DirectoryFacts['membershipChanges']> = [];
    for (const audit of records(body.value)) {
      const at = text(audit.activityDateTime);
      for (const target of records(audit.targetResources)) {
        for (const property of records(target.modifiedProperties)) {
          const groupId = text(property.displayName) === 'Group.ObjectID' ? unquote(text(property.newValue)) : undefined;
          if (groupId && at) {
            changes.push({ groupId, at });
          }
        }
      }
    }
    return changes;
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    context.log?.info(`The directory audit log could not be read (it needs AuditLog.Read.All): ${formatError(error)}`);
    return undefined;
  }
}

/** Looks these object ids up; ids Graph does not return are deleted or never existed. A failure adds a `directory` gap. */
export async function lookupPrincipals(context: CollectContext, ids: string[]): Promise<Pick<DirectoryFacts, 'principals' | 'missingObjectIds'>> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (unique.length === 0) {
    return { principals: [], missingObjectIds: [] };
  }

  try {
    const principals: PrincipalFacts[] = await getDirectoryObjects(context, unique);
    const found = new Set(principals.map((principal) => principal.objectId.toLowerCase()));
    return { principals, missingObjectIds: unique.filter((id) => !found.has(id)) };
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    recordGap(context, 'directory', error, `Looking up ${unique.length} principal(s) named by role assignments and access policies`);
    return { principals: [], missingObjectIds: [] };
  }
}

/** Returns the path of a Graph `@odata.nextLink` on the cloud's Graph host, or undefined for a link elsewhere (never followed). */
function graphNextPath(context: CollectContext, nextLink: string | undefined): string | undefined {
  if (!nextLink) {
    return undefined;
  }
  const base = `${context.clients.env.cloud.graphEndpoint}/v1.0`;
  if (!nextLink.startsWith(base)) {
    context.log?.warn(`Microsoft Graph returned a nextLink outside ${base}; it was not followed.`);
    return undefined;
  }
  return nextLink.slice(base.length);
}

function unquote(value: string | undefined): string | undefined {
  return value?.replace(/^"+|"+$/g, '') || undefined;
}
