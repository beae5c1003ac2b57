/**
 * The sandbox's in-memory tenant: a deep copy of a scenario's tenant and directory that routes
 * read and change. Tests may inspect and mutate it directly between requests.
 */
import type {
  ArmResource,
  Scenario,
  ScenarioLogAnalyticsWorkspace,
  ScenarioManagementGroup,
  ScenarioPrincipal,
  ScenarioSubscription,
} from '../../src/scenario/types';
import {
  isManagementGroupId,
  normalizeScope,
  resourceGroupOf,
  sameId,
  structuralParent,
  subscriptionOf,
} from './armId';

const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

export class TenantState {
  readonly tenantId: string;
  readonly subscriptions: ScenarioSubscription[];
  readonly managementGroups: ScenarioManagementGroup[];
  /** ARM resources by lower-case id, in scenario order. */
  readonly resources = new Map<string, ArmResource>();
  /** Resource groups by lower-case id: those implied by any id in the scenario, plus created ones. */
  readonly resourceGroups = new Map<string, ArmResource>();
  /** Custom role definitions by lower-case role GUID. */
  readonly customRoles = new Map<string, ArmResource>();
  /** Role assignments by lower-case id. */
  readonly roleAssignments = new Map<string, ArmResource>();
  /** Deny assignments by lower-case id. */
  readonly denyAssignments = new Map<string, ArmResource>();
  /** Directory objects by lower-case object id. */
  readonly principals = new Map<string, ScenarioPrincipal>();
  readonly auditLogs: Record<string, unknown>[];
  readonly logAnalytics: ScenarioLogAnalyticsWorkspace[];

  private readonly scenarioNow: number;
  private readonly startedAt = Date.now();

  constructor(scenario: Scenario) {
    const copy = structuredClone(scenario);
    const tenant = copy.tenant;

    this.tenantId = tenant.tenantId;
    this.scenarioNow = Date.parse(copy.now);
    this.subscriptions = tenant.subscriptions.map((subscription) => ({
      ...subscription,
      id: subscription.id ?? `/subscriptions/${subscription.subscriptionId}`,
    }));
    this.managementGroups = tenant.managementGroups ?? [];
    this.auditLogs = copy.directory.auditLogs ?? [];
    this.logAnalytics = tenant.logAnalytics ?? [];

    for (const resource of tenant.resources) {
      if (/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(resource.id)) {
        this.resourceGroups.set(resource.id.toLowerCase(), resource);
      } else {
        this.resources.set(resource.id.toLowerCase(), resource);
      }
    }
    for (const role of tenant.roleDefinitions ?? []) {
      this.customRoles.set(role.name.toLowerCase(), role);
    }
    for (const assignment of tenant.roleAssignments ?? []) {
      this.roleAssignments.set(assignment.id.toLowerCase(), assignment);
    }
    for (const deny of tenant.denyAssignments ?? []) {
      this.denyAssignments.set(deny.id.toLowerCase(), deny);
    }
    for (const principal of copy.directory.principals) {
      this.principals.set(principal.objectId.toLowerCase(), principal);
    }

    const impliedIds = [
      ...[...this.resources.values()].map((resource) => resource.id),
      ...[...this.roleAssignments.values()].map((assignment) => String(assignment.properties?.scope ?? '')),
      ...[...this.denyAssignments.values()].map((deny) => String(deny.properties?.scope ?? '')),
    ];
    for (const id of impliedIds) {
      this.ensureResourceGroupFor(id);
    }
  }

  /**
   * Returns the sandbox clock: the scenario's `now` plus the time since the sandbox started.
   * Objects created during a run are therefore newer than the scenario's data.
   */
  now(): Date {
    const base = Number.isNaN(this.scenarioNow) ? this.startedAt : this.scenarioNow;
    return new Date(base + (Date.now() - this.startedAt));
  }

  findSubscription(subscriptionId: string): ScenarioSubscription | undefined {
    return this.subscriptions.find((subscription) => sameId(subscription.subscriptionId, subscriptionId));
  }

  findManagementGroup(scope: string): ScenarioManagementGroup | undefined {
    return this.managementGroups.find((group) => sameId(group.id, scope));
  }

  findPrincipal(objectId: string): ScenarioPrincipal | undefined {
    return this.principals.get(objectId.toLowerCase());
  }

  getResource(id: string): ArmResource | undefined {
    return this.resources.get(normalizeScope(id).toLowerCase());
  }

  /** Creates the resource group that `id` implies when it does not exist yet. */
  ensureResourceGroupFor(id: string): void {
    const subscriptionId = subscriptionOf(id);
    const groupName = resourceGroupOf(id);
    if (!subscriptionId || !groupName) {
      return;
    }

    const groupId = `/subscriptions/${subscriptionId}/resourceGroups/${groupName}`;
    if (this.resourceGroups.has(groupId.toLowerCase())) {
      return;
    }
    const member = [...this.resources.values()].find((resource) => sameId(resourceGroupOf(resource.id) ?? '', groupName));
    this.resourceGroups.set(groupId.toLowerCase(), {
      id: groupId,
      name: groupName,
      type: RESOURCE_GROUP_TYPE,
      location: member?.location ?? 'westeurope',
      properties: { provisioningState: 'Succeeded' },
    });
  }

  /**
   * Returns the scope directly containing `scope`, following the management group tree above
   * subscriptions. A subscription's parent is the management group that lists it as a child. A
   * management group's parent is its `parent`. Both fall back to `/`, which has no parent.
   */
  parentScope(scope: string): string | undefined {
    const normalized = normalizeScope(scope);
    if (normalized === '/') {
      return undefined;
    }

    if (isManagementGroupId(normalized)) {
      const group = this.findManagementGroup(normalized);
      const listedBy = this.managementGroups.find((candidate) => candidate.children.some((child) => sameId(child, normalized)));
      return group?.parent ?? listedBy?.id ?? '/';
    }

    if (/^\/subscriptions\/[^/]+$/i.test(normalized)) {
      const listedBy = this.managementGroups.find((group) => group.children.some((child) => sameId(child, normalized)));
      return listedBy?.id ?? '/';
    }

    return structuralParent(normalized) ?? '/';
  }

  /** Returns every scope above `scope`, nearest first, ending with `/`. */
  ancestorsOf(scope: string): string[] {
    const ancestors: string[] = [];
    let current = this.parentScope(scope);

    // A cycle in a hand-written management group tree must not hang a request.
    while (current !== undefined && ancestors.length < 64) {
      ancestors.push(current);
      current = this.parentScope(current);
    }
    return ancestors;
  }

  /** Returns whether `candidate` is `scope` itself or one of its ancestors. */
  isAtOrAbove(candidate: string, scope: string): boolean {
    const normalizedCandidate = normalizeScope(candidate);
    return sameId(normalizedCandidate, normalizeScope(scope)) || this.ancestorsOf(scope).some((ancestor) => sameId(ancestor, normalizedCandidate));
  }

  /** Returns whether `candidate` lies strictly inside `scope`. */
  isBelow(candidate: string, scope: string): boolean {
    const normalizedScope = normalizeScope(scope);
    return this.ancestorsOf(candidate).some((ancestor) => sameId(ancestor, normalizedScope));
  }

  /** Returns the groups `objectId` belongs to, directly or through other groups. */
  transitiveGroupsOf(objectId: string): string[] {
    const found = new Map<string, string>();
    const pending = [...(this.findPrincipal(objectId)?.memberOf ?? [])];

    while (pending.length > 0) {
      const groupId = pending.shift() as string;
      if (found.has(groupId.toLowerCase())) {
        continue;
      }
      found.set(groupId.toLowerCase(), groupId);
      pending.push(...(this.findPrincipal(groupId)?.memberOf ?? []));
    }
    return [...found.values()];
  }
}
