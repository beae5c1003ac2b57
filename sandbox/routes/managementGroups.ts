/**
 * Microsoft.Management management groups: list, GET with `$expand=children|path|ancestors`
 * (and `$recurse=true`), descendants, and a subscription's entry under its parent group.
 */
import type { ScenarioManagementGroup } from '../../src/scenario/types';
import { queryValue } from '../http/faults';
import { armListBody } from '../http/paging';
import { ArmError, json } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import type { SandboxResponse } from '../http/types';
import { isManagementGroupId, managementGroupName, sameId } from '../tenant/armId';
import type { TenantState } from '../tenant/tenantState';

const GROUP_TYPE = 'Microsoft.Management/managementGroups';
const SUBSCRIPTION_TYPE = 'Microsoft.Management/managementGroups/subscriptions';
const GROUP_PREFIX = '/providers/Microsoft.Management/managementGroups/';

/** Returns a group's display name. The tenant root group is named after the tenant id and displayed as "Tenant Root Group". */
function displayNameOf(state: TenantState, groupId: string): string {
  const name = managementGroupName(groupId);
  return sameId(name, state.tenantId) ? 'Tenant Root Group' : name;
}

function reference(state: TenantState, scope: string): { id: string; name: string; displayName: string } {
  if (isManagementGroupId(scope)) {
    return { id: scope, name: managementGroupName(scope), displayName: displayNameOf(state, scope) };
  }
  const subscriptionId = scope.split('/')[2];
  return { id: scope, name: subscriptionId, displayName: state.findSubscription(subscriptionId)?.displayName ?? subscriptionId };
}

function requireGroup(state: TenantState, name: string): ScenarioManagementGroup {
  const group = state.findManagementGroup(GROUP_PREFIX + name);
  if (!group) {
    throw new ArmError(404, 'NotFound', `The management group '${name}' was not found, or the caller cannot read it.`);
  }
  return group;
}

/** Children of a group: groups naming it as parent and entries in its `children` list. */
function childrenOf(state: TenantState, group: ScenarioManagementGroup): string[] {
  const fromParents = state.managementGroups.filter((candidate) => candidate.parent !== null && sameId(candidate.parent, group.id)).map((candidate) => candidate.id);
  const listed = group.children.filter((child) => !fromParents.some((id) => sameId(id, child)));
  return [...fromParents, ...listed];
}

function childEntry(state: TenantState, child: string, recurse: boolean): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    type: isManagementGroupId(child) ? GROUP_TYPE : '/subscriptions',
    ...reference(state, child),
  };
  const childGroup = state.findManagementGroup(child);
  if (recurse && childGroup) {
    entry.children = childrenOf(state, childGroup).map((grandchild) => childEntry(state, grandchild, true));
  }
  return entry;
}

function groupBody(context: RouteContext, group: ScenarioManagementGroup): Record<string, unknown> {
  const state = context.state;
  const expand = (queryValue(context.request.query, '$expand') ?? '').toLowerCase().split(',').map((part) => part.trim());
  const recurse = (queryValue(context.request.query, '$recurse') ?? '').toLowerCase() === 'true';
  const ancestors = state.ancestorsOf(group.id).filter((scope) => scope !== '/');
  const parent = ancestors[0];

  const details: Record<string, unknown> = {
    version: 1,
    updatedTime: state.now().toISOString(),
    updatedBy: context.operator.objectId,
    parent: parent ? reference(state, parent) : null,
  };
  if (expand.includes('path')) {
    details.path = [...ancestors].reverse().map((scope) => ({ name: managementGroupName(scope), displayName: displayNameOf(state, scope) }));
  }
  if (expand.includes('ancestors')) {
    details.managementGroupAncestors = ancestors.map(managementGroupName);
    details.managementGroupAncestorsChain = ancestors.map((scope) => ({ name: managementGroupName(scope), displayName: displayNameOf(state, scope) }));
  }

  const properties: Record<string, unknown> = { tenantId: state.tenantId, displayName: displayNameOf(state, group.id), details };
  if (expand.includes('children')) {
    properties.children = childrenOf(state, group).map((child) => childEntry(state, child, recurse));
  }
  return { id: group.id, type: GROUP_TYPE, name: managementGroupName(group.id), properties };
}

function descendantsOf(state: TenantState, group: ScenarioManagementGroup): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const pending = childrenOf(state, group).map((child) => ({ child, parent: group.id }));

  while (pending.length > 0 && found.length < 10_000) {
    const { child, parent } = pending.shift() as { child: string; parent: string };
    const isGroup = isManagementGroupId(child);
    const { name, displayName } = reference(state, child);
    found.push({
      id: isGroup ? child : `${parent}/subscriptions/${name}`,
      type: isGroup ? GROUP_TYPE : SUBSCRIPTION_TYPE,
      name,
      properties: { displayName, parent: { id: parent } },
    });

    const childGroup = isGroup ? state.findManagementGroup(child) : undefined;
    if (childGroup) {
      pending.push(...childrenOf(state, childGroup).map((grandchild) => ({ child: grandchild, parent: child })));
    }
  }
  return found;
}

function list(context: RouteContext, items: unknown[]): SandboxResponse {
  return json(200, armListBody(items, context));
}

export const managementGroupRoutes: readonly Route[] = [
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^\/providers\/Microsoft\.Management\/managementGroups$/i,
    handle: (context) =>
      list(context, context.state.managementGroups.map((group) => ({
        id: group.id,
        type: GROUP_TYPE,
        name: managementGroupName(group.id),
        properties: { tenantId: context.state.tenantId, displayName: displayNameOf(context.state, group.id) },
      }))),
  },
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i,
    handle: (context) => json(200, groupBody(context, requireGroup(context.state, context.match[1]))),
  },
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/descendants$/i,
    handle: (context) => list(context, descendantsOf(context.state, requireGroup(context.state, context.match[1]))),
  },
  {
    family: 'arm',
    methods: ['GET'],
    pattern: /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/subscriptions\/([^/]+)$/i,
    handle: (context) => {
      const group = requireGroup(context.state, context.match[1]);
      const subscriptionId = context.match[2];
      const subscription = context.state.findSubscription(subscriptionId);
      const parent = context.state.parentScope(`/subscriptions/${subscriptionId}`);
      if (!subscription || !parent || !sameId(parent, group.id)) {
        throw new ArmError(404, 'NotFound', `The subscription '${subscriptionId}' is not a direct child of the management group '${context.match[1]}'.`);
      }
      return json(200, {
        id: `${group.id}/subscriptions/${subscription.subscriptionId}`,
        type: SUBSCRIPTION_TYPE,
        name: subscription.subscriptionId,
        properties: { tenant: context.state.tenantId, displayName: subscription.displayName, parent: { id: group.id }, state: subscription.state },
      });
    },
  },
];
