/**
 * Resolves the caller the user named (an identity id, an object id or a client id) to its
 * principal id, client id, type and tenant.
 */
import type { CallerFacts, IdentityFacts, PrincipalFacts } from '../../diagnosis/facts';
import { isNotFound } from '../errors';
import { requireResourceId } from '../ids';
import { mapDirectoryObject } from '../map/directory';
import { mapIdentity, mapIdentityJson } from '../map/identity';
import { isRecord, record, records, text, type Json } from '../map/values';
import { guarded, recordGap, type CollectContext } from './context';
import { queryResources } from './resourceGraph';

export interface CallerResolution {
  caller: CallerFacts;
  /** The caller's user-assigned identity, when it is one. */
  identity?: IdentityFacts;
  /** Directory objects looked up while resolving, found or missing. */
  principals: PrincipalFacts[];
  missingObjectIds: string[];
}

/** Describes a user-assigned identity as the caller: its service principal, named by the identity. */
function callerFromIdentity(identity: IdentityFacts): CallerFacts {
  return {
    principalId: identity.principalId,
    clientId: identity.clientId,
    tenantId: identity.tenantId,
    principalType: 'ServicePrincipal',
    identityId: identity.id,
    displayName: identity.name,
    ...(identity.createdAt ? { createdAt: identity.createdAt } : {}),
  };
}

/** Reads the user-assigned identity the caller names; a failure leaves only its id and adds `identity` and `caller` gaps. */
export async function resolveIdentity(context: CollectContext, identityId: string): Promise<CallerResolution> {
  const parsed = requireResourceId(identityId, 'Microsoft.ManagedIdentity', 'userAssignedIdentities', 'identity id');
  const resolution: CallerResolution = { caller: { identityId, principalType: 'ServicePrincipal' }, principals: [], missingObjectIds: [] };

  try {
    const client = await context.clients.managedIdentity(parsed.subscriptionId);
    const identity = mapIdentity(await client.userAssignedIdentities.get(parsed.resourceGroup, parsed.name, { abortSignal: context.signal }));
    resolution.identity = identity;
    resolution.caller = callerFromIdentity(identity);
  } catch (error) {
    if (context.signal?.aborted) {
      throw error;
    }
    const description = isNotFound(error) ? `The managed identity ${identityId} was not found` : `Reading the managed identity ${identityId}`;
    recordGap(context, 'identity', error, description);
    recordGap(context, 'caller', error, `The caller's principal id is unknown because reading ${identityId} failed`);
  }
  return resolution;
}

/** Looks the object id up in Microsoft Graph for its type and application id. */
export async function resolveObjectId(context: CollectContext, objectId: string): Promise<CallerResolution> {
  const resolution: CallerResolution = { caller: { principalId: objectId }, principals: [], missingObjectIds: [] };

  const found = await guarded(context, 'directory:caller', `Looking up the object id ${objectId} in Microsoft Graph`, () =>
    getDirectoryObjects(context, [objectId]),
  );
  if (!found) {
    return resolution;
  }

  const principal = found.find((object) => object.objectId.toLowerCase() === objectId.toLowerCase());
  if (!principal) {
    resolution.missingObjectIds.push(objectId);
    return resolution;
  }
  resolution.principals.push(principal);
  resolution.caller = {
    principalId: principal.objectId,
    ...(principal.clientId ? { clientId: principal.clientId } : {}),
    ...(principal.type ? { principalType: principal.type } : {}),
    ...(principal.displayName ? { displayName: principal.displayName } : {}),
  };
  return resolution;
}

/**
 * Finds the client id among user-assigned identities (Azure Resource Graph, every subscription
 * the signed-in user can read) and service principals (Microsoft Graph), in parallel. An
 * identity wins because it carries the resource id; a service principal alone means an app
 * registration or a system-assigned identity.
 */
export async function resolveClientId(context: CollectContext, clientId: string): Promise<CallerResolution> {
  const resolution: CallerResolution = { caller: { clientId }, principals: [], missingObjectIds: [] };
  const errors: unknown[] = [];

  const [identityRows, servicePrincipals] = await Promise.all([
    queryResources(context, `Resources | where type =~ 'microsoft.managedidentity/userassignedidentities' and properties.clientId =~ '${clientId}'`).catch(
      (error: unknown) => {
        errors.push(error);
        return undefined;
      },
    ),
    context.clients
      .graph('GET', `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${clientId}'`)}&$select=id,appId,displayName,servicePrincipalType`, undefined, {
        abortSignal: context.signal,
      })
      .then((body) => records(body.value))
      .catch((error: unknown) => {
        errors.push(error);
        return undefined;
      }),
  ]);
  if (context.signal?.aborted) {
    throw new Error('The collection was cancelled.');
  }

  const identityRow = identityRows?.find((row) => text(record(row.properties).clientId)?.toLowerCase() === clientId.toLowerCase());
  const identity = identityRow ? mapGuarded(context, identityRow) : undefined;
  if (identity) {
    resolution.identity = identity;
    resolution.caller = callerFromIdentity(identity);
    return resolution;
  }

  const servicePrincipal = servicePrincipals?.find((object) => text(object.appId)?.toLowerCase() === clientId.toLowerCase());
  if (servicePrincipal && isRecord(servicePrincipal)) {
    const principal = mapDirectoryObject({ '@odata.type': '#microsoft.graph.servicePrincipal', ...servicePrincipal });
    resolution.principals.push(principal);
    resolution.caller = {
      principalId: principal.objectId,
      clientId,
      principalType: 'ServicePrincipal',
      ...(principal.displayName ? { displayName: principal.displayName } : {}),
    };
    return resolution;
  }

  if (errors.length > 0) {
    recordGap(context, 'caller', errors[0], `Resolving the client id ${clientId}`);
  } else {
    context.gaps.push({
      fact: 'caller',
      error: `No managed identity or service principal with client id ${clientId} exists in this tenant, or the signed-in account cannot read it.`,
      code: 'PrincipalNotFound',
    });
  }
  return resolution;
}

/** Microsoft Graph `directoryObjects/getByIds`, 1000 ids per request (Graph's limit). Ids not returned do not exist. */
export async function getDirectoryObjects(context: CollectContext, ids: string[]): Promise<PrincipalFacts[]> {
  const principals: PrincipalFacts[] = [];
  for (let start = 0; start < ids.length; start += 1000) {
    const body = await context.clients.graph(
      'POST',
      '/directoryObjects/getByIds',
      { ids: ids.slice(start, start + 1000), types: ['user', 'group', 'servicePrincipal'] },
      { abortSignal: context.signal },
    );
    principals.push(...records(body.value).map(mapDirectoryObject));
  }
  return principals;
}

/** Maps a Resource Graph identity row; a malformed row becomes an `identity` gap. */
function mapGuarded(context: CollectContext, row: Json): IdentityFacts | undefined {
  try {
    return mapIdentityJson(row);
  } catch (error) {
    recordGap(context, 'identity', error, `Reading the identity ${String(row.id)} from Azure Resource Graph`);
    return undefined;
  }
}
