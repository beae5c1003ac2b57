/**
 * Every ARM resource in the scenario, served the way ARM serves any resource type: GET, PUT,
 * PATCH and DELETE by id, and lists by subscription, by resource group and under a parent.
 * Lists under a parent cover child resources (vault secrets) and extension resources
 * (diagnostic settings).
 */
import type { ArmResource } from '../../src/scenario/types';
import { armListBody } from '../http/paging';
import { ArmError, isRecord, json, noContent, parseJsonBody } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import type { SandboxResponse } from '../http/types';
import {
  isCollectionPath,
  lastSegment,
  normalizeScope,
  resourceGroupOf,
  resourceTypeOf,
  sameId,
  structuralParent,
  subscriptionOf,
} from '../tenant/armId';
import { mergePatch } from '../tenant/merge';
import { afterDelete, isExtensionType, prepareForPut } from '../tenant/resourceHooks';
import type { TenantState } from '../tenant/tenantState';
import { requireResourceGroup, requireSubscription } from './subscriptions';

/** Private DNS lists every record set of a zone under the pseudo type `ALL` (`recordsets` in older versions). */
const PRIVATE_DNS_ALL = /^(.*\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+)\/(?:all|recordsets)$/i;
const SUBSCRIPTION_WIDE = /^\/subscriptions\/([^/]+)\/providers\/([^/]+\/[^/]+)$/i;

export function listCollection(state: TenantState, path: string): ArmResource[] {
  const resources = [...state.resources.values()];

  const dnsAll = PRIVATE_DNS_ALL.exec(path);
  if (dnsAll) {
    const zone = dnsAll[1].toLowerCase() + '/';
    return resources.filter((resource) =>
      resource.id.toLowerCase().startsWith(zone) && !/\/virtualNetworkLinks$/i.test(resource.type) && resource.id.split('/').length === zone.split('/').length + 1);
  }

  const subscriptionWide = SUBSCRIPTION_WIDE.exec(path);
  if (subscriptionWide && !isExtensionType(subscriptionWide[2])) {
    const prefix = `/subscriptions/${subscriptionWide[1]}/`.toLowerCase();
    return resources.filter((resource) => resource.id.toLowerCase().startsWith(prefix) && sameId(resource.type, subscriptionWide[2]));
  }

  // Any other list contains the resources whose id is the list path plus one name, and the
  // children embedded in the parent's body that are not stored on their own.
  const collection = path.toLowerCase();
  const stored = resources.filter((resource) => {
    const id = resource.id.toLowerCase();
    return id.startsWith(collection + '/') && !id.slice(collection.length + 1).includes('/');
  });
  const embedded = embeddedChildren(state, path).filter((child) => !stored.some((resource) => sameId(resource.id, child.id)));
  return [...stored, ...embedded];
}

/**
 * Returns the children a parent resource embeds in its body under the list's name, such as a
 * virtual network's `properties.subnets`. ARM serves these as child resources too.
 */
function embeddedChildren(state: TenantState, collectionPath: string): ArmResource[] {
  const parentId = collectionPath.split('/').slice(0, -1).join('/');
  const listName = lastSegment(collectionPath).toLowerCase();
  const parent = resourceTypeOf(parentId) ? state.getResource(parentId) : undefined;
  if (!parent?.properties) {
    return [];
  }

  const key = Object.keys(parent.properties).find((name) => name.toLowerCase() === listName);
  const children = key === undefined ? undefined : parent.properties[key];
  if (!Array.isArray(children)) {
    return [];
  }
  return children
    .filter((child): child is ArmResource => isRecord(child) && typeof child.id === 'string' && sameId(structuralParent(child.id) ?? '', parent.id))
    .map((child) => ({ ...child, name: child.name ?? lastSegment(child.id), type: child.type ?? `${parent.type}/${lastSegment(collectionPath)}` }));
}

/** Raises the 404 ARM gives when the scope that should contain `path` does not exist. */
function requireContainer(state: TenantState, path: string, forWrite: boolean): void {
  const subscriptionId = subscriptionOf(path);
  if (subscriptionId) {
    requireSubscription(state, subscriptionId);
  }
  const groupName = resourceGroupOf(path);
  if (subscriptionId && groupName) {
    requireResourceGroup(state, subscriptionId, groupName);
  }

  const parent = isCollectionPath(path) ? collectionParent(path) : structuralParent(path);
  if (parent && resourceTypeOf(parent) && !state.getResource(parent)) {
    const code = forWrite ? 'ParentResourceNotFound' : 'ResourceNotFound';
    const message = forWrite
      ? `Can not perform requested operation on nested resource. Parent resource '${lastSegment(parent)}' not found.`
      : notFoundMessage(parent);
    throw new ArmError(404, code, message);
  }
}

/** Returns the scope a list path belongs to: the path without its type segment and, for a top-level type, without `/providers/<namespace>`. */
function collectionParent(path: string): string | undefined {
  const withoutType = path.split('/').slice(0, -1).join('/');
  const parent = withoutType.replace(/\/providers\/[^/]+$/i, '');
  return parent === '' ? undefined : parent;
}

function notFoundMessage(id: string): string {
  const type = resourceTypeOf(id) ?? 'resource';
  const typeWithName = `${type}/${lastSegment(id)}`;
  const groupName = resourceGroupOf(id);
  const where = groupName ? ` under resource group '${groupName}'` : '';
  return `The Resource '${typeWithName}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`;
}

function getOrThrow(state: TenantState, id: string): ArmResource {
  const collection = id.split('/').slice(0, -1).join('/');
  const resource = state.getResource(id) ?? embeddedChildren(state, collection).find((child) => sameId(child.id, id));
  if (!resource) {
    requireContainer(state, id, false);
    throw new ArmError(404, 'ResourceNotFound', notFoundMessage(id));
  }
  return resource;
}

function systemData(context: RouteContext, existing: ArmResource | undefined): Record<string, unknown> {
  const now = context.state.now().toISOString();
  const previous = (existing?.systemData ?? {}) as Record<string, unknown>;
  const actor = context.caller?.appId ?? context.operator.clientId;
  return {
    createdBy: previous.createdBy ?? actor,
    createdByType: previous.createdByType ?? 'Application',
    createdAt: previous.createdAt ?? now,
    lastModifiedBy: actor,
    lastModifiedByType: 'Application',
    lastModifiedAt: now,
  };
}

function putResource(context: RouteContext, id: string): SandboxResponse {
  const state = context.state;
  const body = parseJsonBody(context.request.body);
  requireContainer(state, id, true);

  const existing = state.getResource(id);
  const resource: ArmResource = {
    ...body,
    id: existing?.id ?? id,
    name: existing?.name ?? lastSegment(id),
    type: existing?.type ?? (resourceTypeOf(id) as string),
    systemData: systemData(context, existing),
  };
  if (existing?.location !== undefined && resource.location === undefined) {
    resource.location = existing.location;
  }

  prepareForPut(state, resource, existing);
  state.resources.set(resource.id.toLowerCase(), resource);
  state.ensureResourceGroupFor(resource.id);
  return json(existing ? 200 : 201, resource);
}

function patchResource(context: RouteContext, id: string): SandboxResponse {
  const state = context.state;
  const existing = getOrThrow(state, id);
  const patch = parseJsonBody(context.request.body);

  const merged = mergePatch(existing, patch) as ArmResource;
  merged.id = existing.id;
  merged.name = existing.name;
  merged.type = existing.type;
  // ARM replaces tags as a whole on PATCH.
  if (patch.tags !== undefined) {
    merged.tags = patch.tags as Record<string, string>;
  }
  merged.systemData = systemData(context, existing);

  prepareForPut(state, merged, existing);
  state.resources.set(existing.id.toLowerCase(), merged);
  return json(200, merged);
}

function deleteResource(context: RouteContext, id: string): SandboxResponse {
  const state = context.state;
  const existing = state.getResource(id);
  if (!existing) {
    requireContainer(state, id, false);
    return noContent();
  }

  // Children (secrets, federated credentials, record sets, extension resources) go with the parent.
  const prefix = existing.id.toLowerCase() + '/';
  for (const [key, resource] of [...state.resources]) {
    if (key === existing.id.toLowerCase() || key.startsWith(prefix)) {
      state.resources.delete(key);
      afterDelete(state, resource);
    }
  }
  return json(200, existing);
}

function handleGeneric(context: RouteContext): SandboxResponse {
  const path = normalizeScope(context.request.path);
  const method = context.request.method.toUpperCase();

  if (isCollectionPath(path)) {
    if (method !== 'GET') {
      throw new ArmError(405, 'MethodNotAllowed', `${method} is not allowed on the list ${path}. Use GET, or name the resource to write.`);
    }
    requireContainer(context.state, path, false);
    return json(200, armListBody(listCollection(context.state, path), context));
  }

  switch (method) {
    case 'GET':
      return json(200, getOrThrow(context.state, path));
    case 'PUT':
      return putResource(context, path);
    case 'PATCH':
      return patchResource(context, path);
    case 'DELETE':
      return deleteResource(context, path);
    default:
      throw new ArmError(405, 'MethodNotAllowed', `${method} is not allowed on ${path}.`);
  }
}

export const genericResourceRoutes: readonly Route[] = [
  {
    family: 'arm',
    methods: ['GET', 'PUT', 'PATCH', 'DELETE'],
    pattern: /^(?:\/subscriptions\/[^/]+(?:\/resourceGroups\/[^/]+)?)?(?:\/.*)?\/providers\/.+$/i,
    handle: handleGeneric,
  },
];
