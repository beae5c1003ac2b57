/**
 * Tenants, subscriptions, resource groups and the generic resource list
 * (`/subscriptions/{s}/resources`, which `az keyvault` uses to find a vault's resource group).
 */
import type { ArmResource } from '../../src/scenario/types';
import { queryValue } from '../http/faults';
import { armListBody } from '../http/paging';
import { ArmError, json, parseJsonBody } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import { resourceGroupOf, sameId } from '../tenant/armId';
import type { TenantState } from '../tenant/tenantState';

/** Raises ARM's 404 `SubscriptionNotFound` unless the tenant has the subscription. */
export function requireSubscription(state: TenantState, subscriptionId: string): void {
  if (!state.findSubscription(subscriptionId)) {
    throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  }
}

/** Raises ARM's 404 `ResourceGroupNotFound` unless the resource group exists. */
export function requireResourceGroup(state: TenantState, subscriptionId: string, groupName: string): void {
  requireSubscription(state, subscriptionId);
  if (!state.resourceGroups.has(`/subscriptions/${subscriptionId}/resourcegroups/${groupName}`.toLowerCase())) {
    throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${groupName}' could not be found.`);
  }
}

/** The short form that `GET /subscriptions/{s}/resources` returns for each resource. */
function resourceSummary(resource: ArmResource): Record<string, unknown> {
  const summary: Record<string, unknown> = { id: resource.id, name: resource.name, type: resource.type };
  for (const field of ['kind', 'location', 'managedBy', 'sku', 'identity', 'tags']) {
    if (resource[field] !== undefined) {
      summary[field] = resource[field];
    }
  }
  return summary;
}

/**
 * Applies the `$filter` subset of the resources list: `resourceType eq '<type>'` and
 * `name eq '<name>'`, joined with `and`.
 */
function filterResources(resources: ArmResource[], filter: string | undefined): ArmResource[] {
  if (filter === undefined || filter.trim() === '') {
    return resources;
  }

  const conditions = filter.split(/\s+and\s+/i).map((term) => {
    const match = /^\s*(resourceType|name)\s+eq\s+'([^']*)'\s*$/i.exec(term);
    if (!match) {
      throw new ArmError(400, 'InvalidFilterInQueryString',
        `The $filter '${filter}' is not supported by the sandbox. Use resourceType eq '<type>' and/or name eq '<name>'.`);
    }
    return { field: match[1].toLowerCase(), value: match[2] };
  });

  return resources.filter((resource) =>
    conditions.every((condition) => sameId(condition.field === 'name' ? resource.name : resource.type, condition.value)),
  );
}

function resourcesIn(state: TenantState, subscriptionId: string, groupName?: string): ArmResource[] {
  const prefix = `/subscriptions/${subscriptionId}/`.toLowerCase();
  return [...state.resources.values()].filter((resource) => {
    if (!resource.id.toLowerCase().startsWith(prefix)) {
      return false;
    }
    return groupName === undefined || sameId(resourceGroupOf(resource.id) ?? '', groupName);
  });
}

export const subscriptionRoutes: readonly Route[] = [
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^\/tenants$/i,
    handle: (context) =>
      json(200, armListBody([{
        id: `/tenants/${context.state.tenantId}`,
        tenantId: context.state.tenantId,
        tenantCategory: 'Home',
        countryCode: 'US',
        displayName: 'Sandbox tenant',
        domains: ['sandbox.invalid'],
        defaultDomain: 'sandbox.invalid',
        tenantType: 'AAD',
      }], context)),
  },
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^\/subscriptions$/i,
    handle: (context) => json(200, armListBody(context.state.subscriptions, context)),
  },
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^\/subscriptions\/([^/]+)$/i,
    handle: (context) => {
      requireSubscription(context.state, context.match[1]);
      return json(200, context.state.findSubscription(context.match[1]));
    },
  },
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/resources$/i,
    handle: (context) => {
      const [, subscriptionId, groupName] = context.match;
      if (groupName === undefined) {
        requireSubscription(context.state, subscriptionId);
      } else {
        requireResourceGroup(context.state, subscriptionId, groupName);
      }

      const all = resourcesIn(context.state, subscriptionId, groupName);
      const filtered = filterResources(all, queryValue(context.request.query, '$filter'));
      return json(200, armListBody(filtered.map(resourceSummary), context));
    },
  },
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^\/subscriptions\/([^/]+)\/resourceGroups$/i,
    handle: (context) => {
      requireSubscription(context.state, context.match[1]);
      const prefix = `/subscriptions/${context.match[1]}/`.toLowerCase();
      const groups = [...context.state.resourceGroups.values()].filter((group) => group.id.toLowerCase().startsWith(prefix));
      return json(200, armListBody(groups, context));
    },
  },
  {
    family: 'arm',
    methods: ['GET', 'PUT', 'DELETE'],
    pattern: /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i,
    handle: (context) => resourceGroupItem(context),
  },
];

function resourceGroupItem(context: RouteContext) {
  const [, subscriptionId, groupName] = context.match;
  const key = `/subscriptions/${subscriptionId}/resourceGroups/${groupName}`.toLowerCase();
  const state = context.state;

  if (context.request.method === 'PUT') {
    requireSubscription(state, subscriptionId);
    const body = parseJsonBody(context.request.body);
    const existing = state.resourceGroups.get(key);
    const group: ArmResource = {
      id: existing?.id ?? `/subscriptions/${subscriptionId}/resourceGroups/${groupName}`,
      name: existing?.name ?? groupName,
      type: 'Microsoft.Resources/resourceGroups',
      location: typeof body.location === 'string' ? body.location : existing?.location ?? 'westeurope',
      tags: (body.tags as Record<string, string> | undefined) ?? existing?.tags ?? {},
      properties: { provisioningState: 'Succeeded' },
    };
    state.resourceGroups.set(key, group);
    return json(existing ? 200 : 201, group);
  }

  requireResourceGroup(state, subscriptionId, groupName);
  const group = state.resourceGroups.get(key);
  if (context.request.method === 'DELETE') {
    for (const resource of resourcesIn(state, subscriptionId, groupName)) {
      state.resources.delete(resource.id.toLowerCase());
    }
    state.resourceGroups.delete(key);
  }
  return json(200, group);
}
