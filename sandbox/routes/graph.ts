/**
 * The Microsoft Graph v1.0 subset under `/graph/v1.0/`: service principal lookup by app id or
 * name, directory objects by id (GET and `getByIds`), users, groups, (transitive) group
 * membership and directory audit logs. Lists page with `@odata.nextLink`.
 */
import type { ScenarioPrincipal } from '../../src/scenario/types';
import { queryValue } from '../http/faults';
import { pageOf } from '../http/paging';
import { ArmError, isRecord, json, parseJsonBody } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import type { SandboxResponse } from '../http/types';
import { compileODataFilter, ODataFilterError } from '../query/odataFilter';
import { sameId } from '../tenant/armId';
import type { TenantState } from '../tenant/tenantState';

type GraphObject = Record<string, unknown> & { id: string };

const GRAPH_PREFIX = '^\\/graph\\/v1\\.0';
const ODATA_TYPES: Record<string, string> = {
  user: '#microsoft.graph.user',
  group: '#microsoft.graph.group',
  serviceprincipal: '#microsoft.graph.servicePrincipal',
};

/** Finds the managed identity behind a service principal: a user-assigned identity or a resource's system-assigned one. */
function managedIdentityResource(state: TenantState, objectId: string): { id: string; explicit: boolean } | undefined {
  for (const resource of state.resources.values()) {
    if (resource.type.toLowerCase() === 'microsoft.managedidentity/userassignedidentities' && sameId(String(resource.properties?.principalId ?? ''), objectId)) {
      return { id: resource.id, explicit: true };
    }
    const identity = resource.identity;
    if (isRecord(identity) && typeof identity.principalId === 'string' && sameId(identity.principalId, objectId)) {
      return { id: resource.id, explicit: false };
    }
  }
  return undefined;
}

/** Converts a directory principal to Graph's shape for its type. */
export function toGraphObject(state: TenantState, principal: ScenarioPrincipal): GraphObject {
  const kind = principal.type.toLowerCase();
  const base = { '@odata.type': ODATA_TYPES[kind] ?? '#microsoft.graph.directoryObject', id: principal.objectId, displayName: principal.displayName };

  if (kind === 'user') {
    const upn = (principal as { userPrincipalName?: string }).userPrincipalName ??
      `${principal.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '')}@sandbox.invalid`;
    return { ...base, userPrincipalName: upn, mail: null, accountEnabled: true };
  }
  if (kind === 'group') {
    return { ...base, securityEnabled: true, mailEnabled: false, groupTypes: [], mailNickname: principal.displayName.replace(/\s+/g, '-') };
  }

  const managedIdentity = managedIdentityResource(state, principal.objectId);
  const appId = principal.appId ?? '';
  return {
    ...base,
    appId,
    accountEnabled: true,
    appOwnerOrganizationId: managedIdentity ? null : state.tenantId,
    servicePrincipalType: managedIdentity ? 'ManagedIdentity' : 'Application',
    servicePrincipalNames: managedIdentity ? [appId, managedIdentity.id] : [appId],
    alternativeNames: managedIdentity ? [`isExplicit=${managedIdentity.explicit ? 'True' : 'False'}`, managedIdentity.id] : [],
  };
}

function objectsOfKind(state: TenantState, kind: string): GraphObject[] {
  return [...state.principals.values()]
    .filter((principal) => kind === 'directoryobjects' || principal.type.toLowerCase() + 's' === kind)
    .map((principal) => toGraphObject(state, principal));
}

function requireObject(state: TenantState, kind: string, id: string): ScenarioPrincipal {
  const principal = state.findPrincipal(id);
  if (!principal || (kind !== 'directoryobjects' && principal.type.toLowerCase() + 's' !== kind)) {
    throw new ArmError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  }
  return principal;
}

function applyFilter<T>(items: T[], filterText: string | undefined): T[] {
  if (filterText === undefined || filterText.trim() === '') {
    return items;
  }

  try {
    const predicate = compileODataFilter(filterText);
    return items.filter((item) => predicate(item));
  } catch (error) {
    if (error instanceof ODataFilterError) {
      throw new ArmError(400, 'BadRequest', `Invalid filter clause: ${error.message} sandbox/README.md lists the supported filters.`);
    }
    throw error;
  }
}

function graphList(context: RouteContext, collection: string, items: unknown[]): SandboxResponse {
  const page = pageOf(items, context);
  return json(200, {
    '@odata.context': `${context.baseUrl}/graph/v1.0/$metadata#${collection}`,
    ...(page.nextLink ? { '@odata.nextLink': page.nextLink } : {}),
    value: page.items,
  });
}

function membership(context: RouteContext, transitive: boolean): SandboxResponse {
  const [, kind, id] = context.match;
  const state = context.state;
  const principal = requireObject(state, kind.toLowerCase(), id);
  const groupIds = transitive ? state.transitiveGroupsOf(principal.objectId) : principal.memberOf ?? [];
  const groups = groupIds.map((groupId) => state.findPrincipal(groupId)).filter((group): group is ScenarioPrincipal => group !== undefined);
  return graphList(context, 'directoryObjects', groups.map((group) => toGraphObject(state, group)));
}

function members(context: RouteContext, transitive: boolean): SandboxResponse {
  const state = context.state;
  const group = requireObject(state, 'groups', context.match[1]);
  const memberPrincipals = [...state.principals.values()].filter((principal) =>
    transitive ? state.transitiveGroupsOf(principal.objectId).some((id) => sameId(id, group.objectId)) : (principal.memberOf ?? []).some((id) => sameId(id, group.objectId)));
  return graphList(context, 'directoryObjects', memberPrincipals.map((principal) => toGraphObject(state, principal)));
}

function getByIds(context: RouteContext): SandboxResponse {
  const body = parseJsonBody(context.request.body);
  if (!Array.isArray(body.ids)) {
    throw new ArmError(400, 'Request_BadRequest', 'The request needs "ids": an array of object ids.');
  }
  const types = Array.isArray(body.types) ? body.types.map((type) => String(type).toLowerCase()) : undefined;

  const objects = body.ids
    .map((id) => context.state.findPrincipal(String(id)))
    .filter((principal): principal is ScenarioPrincipal => principal !== undefined)
    .filter((principal) => types === undefined || types.includes(principal.type.toLowerCase()))
    .map((principal) => toGraphObject(context.state, principal));
  return json(200, { '@odata.context': `${context.baseUrl}/graph/v1.0/$metadata#directoryObjects`, value: objects });
}

function directoryAudits(context: RouteContext): SandboxResponse {
  const filtered = applyFilter(context.state.auditLogs, queryValue(context.request.query, '$filter'));
  const orderBy = (queryValue(context.request.query, '$orderby') ?? 'activityDateTime desc').toLowerCase();
  const ascending = /\basc$/.test(orderBy);
  const sorted = [...filtered].sort((a, b) => {
    const order = Date.parse(String(a.activityDateTime ?? '')) - Date.parse(String(b.activityDateTime ?? ''));
    return ascending ? order : -order;
  });
  return graphList(context, 'auditLogs/directoryAudits', sorted);
}

export const graphRoutes: readonly Route[] = [
  {
    family: 'graph',
    methods: ['GET'],
    pattern: new RegExp(`${GRAPH_PREFIX}\\/(servicePrincipals|users|groups|directoryObjects)$`, 'i'),
    handle: (context) => {
      const kind = context.match[1].toLowerCase();
      return graphList(context, context.match[1], applyFilter(objectsOfKind(context.state, kind), queryValue(context.request.query, '$filter')));
    },
  },
  {
    family: 'graph',
    methods: ['GET'],
    pattern: new RegExp(`${GRAPH_PREFIX}\\/servicePrincipals\\(appId='([^']+)'\\)$`, 'i'),
    handle: (context) => {
      const principal = [...context.state.principals.values()].find((candidate) => candidate.type === 'ServicePrincipal' && sameId(candidate.appId ?? '', context.match[1]));
      if (!principal) {
        throw new ArmError(404, 'Request_ResourceNotFound', `Resource 'appId=${context.match[1]}' does not exist or one of its queried reference-property objects are not present.`);
      }
      return json(200, toGraphObject(context.state, principal));
    },
  },
  {
    family: 'graph',
    methods: ['POST'],
    pattern: new RegExp(`${GRAPH_PREFIX}\\/directoryObjects\\/getByIds$`, 'i'),
    handle: getByIds,
  },
  {
    family: 'graph',
    methods: ['GET'],
    pattern: new RegExp(`${GRAPH_PREFIX}\\/auditLogs\\/directoryAudits$`, 'i'),
    handle: directoryAudits,
  },
  {
    family: 'graph',
    methods: ['GET'],
    pattern: new RegExp(`${GRAPH_PREFIX}\\/(servicePrincipals|users|groups|directoryObjects)\\/([^/]+)$`, 'i'),
    handle: (context) => json(200, toGraphObject(context.state, requireObject(context.state, context.match[1].toLowerCase(), context.match[2]))),
  },
  {
    family: 'graph',
    methods: ['GET'],
    pattern: new RegExp(`${GRAPH_PREFIX}\\/(servicePrincipals|users|groups|directoryObjects)\\/([^/]+)\\/transitiveMemberOf$`, 'i'),
    handle: (context) => membership(context, true),
  },
  {
    family: 'graph',
    methods: ['GET'],
    pattern: new RegExp(`${GRAPH_PREFIX}\\/(servicePrincipals|users|groups|directoryObjects)\\/([^/]+)\\/memberOf$`, 'i'),
    handle: (context) => membership(context, false),
  },
  {
    family: 'graph',
    methods: ['GET'],
    pattern: new RegExp(`${GRAPH_PREFIX}\\/groups\\/([^/]+)\\/members$`, 'i'),
    handle: (context) => members(context, false),
  },
  {
    family: 'graph',
    methods: ['GET'],
    pattern: new RegExp(`${GRAPH_PREFIX}\\/groups\\/([^/]+)\\/transitiveMembers$`, 'i'),
    handle: (context) => members(context, true),
  },
];
