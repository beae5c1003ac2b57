/**
 * `collect`: reads every fact a diagnosis needs through the SDK clients, in the fewest sequential
 * waves, and never throws for an Azure error: each failed read becomes a gap.
 *
 * Wave 1 reads everything that needs only the request: the caller's identity (or its directory
 * object, or the identity or service principal with its client id), the vault, all role
 * assignments at the vault (`atScope()`), deny assignments, federated credentials, the cluster,
 * management groups, object state, the caller's virtual network and private DNS zones. When the
 * principal id is given, its `assignedTo()` assignments, group membership and membership changes
 * join wave 1; otherwise they form wave 2, once the principal is resolved. The last wave reads
 * what the earlier ones named: custom role definitions, directory lookups for the principals of
 * data-plane assignments and access policies, private endpoints, DNS links and A records, and the
 * cluster's identities. The vault's diagnostic settings join wave 1; the last wave then queries
 * the Log Analytics workspace they send audit events to (or lists the subscription's workspaces
 * when there is none).
 */
import type { AccessFacts, AccessRequest, DirectoryFacts, IdentityFacts, PrincipalFacts, RoleAssignmentFacts, VirtualNetworkFacts } from '../diagnosis/facts';
import { FACTS_SCHEMA } from '../diagnosis/facts';
import type { WorkloadFacts } from '../diagnosis/workload';
import { lookupBuiltInRoleByGuid } from '../diagnosis/builtinRoles';
import { AzureClients } from './clients';
import { readAuditLog, readDiagnosticSettings, type AuditLogOptions } from './collect/auditLog';
import { readCallerAssignments, readDenyAssignments, readRoleDefinitions, readScopeAssignments, type RoleDefinitionCache } from './collect/authorization';
import { resolveClientId, resolveIdentity, resolveObjectId, type CallerResolution } from './collect/caller';
import { readCluster, readClusterIdentities, readNodeIdentityClientIds, type ClusterRead } from './collect/cluster';
import type { CollectContext, CollectStats } from './collect/context';
import { lookupPrincipals, readGroupMembership, readMembershipChanges } from './collect/directory';
import { readFederatedCredentials } from './collect/identity';
import { readManagementGroupIds } from './collect/managementGroups';
import { findPrivateLinkZones, readPrivateEndpoints, readVirtualNetworks, readZoneDetails, usesPrivateLink } from './collect/network';
import { readObjects } from './collect/objects';
import { readSubscriptionTenant, readVault } from './collect/vault';
import type { AzureEnv, Logger, RequestSink } from './env';
import { parseResourceId, roleGuid, sameId, scopeContains } from './ids';
import { validateAccessRequest } from './request';

export type { CollectStats } from './collect/context';

export interface CollectOptions {
  signal?: AbortSignal;
  /** The diagnosis clock (ISO 8601); the current time when absent. */
  now?: string;
  workload?: WorkloadFacts;
  log?: Logger;
  /** The window and row limit of the audit log query; `false` skips the audit log. */
  auditLog?: AuditLogOptions | false;
}

/** Per-environment cache: role definitions survive between diagnoses of one signed-in session. */
const sessions = new WeakMap<AzureEnv, { roleDefinitions: RoleDefinitionCache }>();

/** Collects the facts for one request. Throws only for an invalid request or cancellation. */
export async function collect(request: AccessRequest, env: AzureEnv, options: CollectOptions = {}): Promise<AccessFacts> {
  return (await collectWithStats(request, env, options)).facts;
}

/** Like `collect`, and also returns how many requests and sequential waves it took. */
export async function collectWithStats(request: AccessRequest, env: AzureEnv, options: CollectOptions = {}): Promise<{ facts: AccessFacts; stats: CollectStats }> {
  const vault = validateAccessRequest(request);
  const now = options.now ?? new Date().toISOString();
  const stats: CollectStats = { requests: 0, waves: 0, requestsPerWave: [] };
  let wave = 0;
  const sink: RequestSink = () => {
    stats.requests += 1;
    stats.requestsPerWave[wave - 1] = (stats.requestsPerWave[wave - 1] ?? 0) + 1;
  };
  const log = options.log ?? env.log;
  const context: CollectContext = {
    clients: new AzureClients({ ...env, log }, sink),
    request,
    vault,
    signal: options.signal,
    log,
    gaps: [],
  };
  let session = sessions.get(env);
  if (!session) {
    session = { roleDefinitions: new Map() };
    sessions.set(env, session);
  }

  // Wave 1: everything that needs only the request.
  wave = 1;
  const knownPrincipalId = request.caller.objectId;
  const resolutionRead = resolveCaller(context);
  const principalRead = knownPrincipalId ? readPrincipalFacts(context, knownPrincipalId, now) : undefined;
  const vaultRead = readVault(context);
  const scopeAssignmentsRead = readScopeAssignments(context);
  const denyRead = readDenyAssignments(context);
  const ficRead = request.caller.identity ? readFederatedCredentials(context, request.caller.identity) : undefined;
  const clusterRead = request.from?.clusterId ? readCluster(context, request.from.clusterId) : undefined;
  const managementGroupsRead = readManagementGroupIds(context);
  const objectsRead = readObjects(context);
  const callerNetworkRead = request.from?.subnetId ? readVirtualNetworks(context, [request.from.subnetId]) : undefined;
  const zoneSubscriptions = [vault.subscriptionId, ...(request.from?.subnetId ? [parseResourceId(request.from.subnetId)?.subscriptionId ?? vault.subscriptionId] : [])];
  const zonesRead = findPrivateLinkZones(context, zoneSubscriptions);
  const tenantRead = !request.caller.identity && !env.tenantId ? readSubscriptionTenant(context) : undefined;
  const diagnosticSettingsRead = options.auditLog === false ? undefined : readDiagnosticSettings(context);
  await settle([resolutionRead, principalRead, vaultRead, scopeAssignmentsRead, denyRead, ficRead, clusterRead, managementGroupsRead, objectsRead, callerNetworkRead, zonesRead, tenantRead, diagnosticSettingsRead]);
  const resolution = await resolutionRead;

  // Wave 2 (only when the principal id had to be resolved first).
  let principal = principalRead ? await principalRead : undefined;
  let federatedCredentials = ficRead ? await ficRead : undefined;
  const resolvedPrincipalId = resolution.caller.principalId;
  if (!knownPrincipalId && resolvedPrincipalId) {
    wave = 2;
    const secondPrincipalRead = readPrincipalFacts(context, resolvedPrincipalId, now);
    const secondFicRead = !request.caller.identity && resolution.identity ? readFederatedCredentials(context, resolution.identity.id) : undefined;
    await settle([secondPrincipalRead, secondFicRead]);
    principal = await secondPrincipalRead;
    federatedCredentials = secondFicRead ? await secondFicRead : federatedCredentials;
  }

  // Last wave: what the earlier reads named.
  wave += 1;
  const vaultFacts = await vaultRead;
  const scopeAssignments = await scopeAssignmentsRead;
  const callerAssignments = principal?.assignments;
  const cluster = clusterRead ? await clusterRead : undefined;
  const callerNetworks = callerNetworkRead ? await callerNetworkRead : [];
  const zones = await zonesRead;

  const assignments = mergeAssignments(callerAssignments ?? [], scopeAssignments ?? []);
  const definitionsRead = readRoleDefinitions(context, relevantAssignments(request.vaultId, callerAssignments ?? [], scopeAssignments ?? []), session.roleDefinitions, new Set());
  const lookupRead = lookupPrincipals(context, principalsToLookUp(vaultFacts?.accessPolicies.map((entry) => entry.objectId) ?? [], scopeAssignments ?? [], resolution, request));
  const privateLink = vaultFacts !== undefined && usesPrivateLink(vaultFacts);
  const endpointsRead = privateLink && vaultFacts ? readPrivateEndpoints(context, vaultFacts) : undefined;
  const zoneDetailsRead = privateLink && zones ? readZoneDetails(context, zones) : undefined;
  const clusterIdentitiesRead = cluster ? readClusterIdentities(context, cluster.facts, resolution.identity ? [resolution.identity] : []) : undefined;
  const nodeIdentitiesRead = cluster ? readNodeIdentityClientIds(context, cluster) : undefined;
  const nodeNetworksRead = cluster && !request.from?.subnetId ? readVirtualNetworks(context, cluster.facts.nodeSubnetIds) : undefined;
  const auditLogRead =
    options.auditLog === false || !diagnosticSettingsRead
      ? undefined
      : readAuditLog(context, await diagnosticSettingsRead, { now, vaultLocation: vaultFacts?.location, ...options.auditLog });
  await settle([definitionsRead, lookupRead, endpointsRead, zoneDetailsRead, clusterIdentitiesRead, nodeIdentitiesRead, nodeNetworksRead, auditLogRead]);
  stats.waves = stats.requestsPerWave.filter((count) => count > 0).length;

  const facts = assemble({
    request,
    now,
    workload: options.workload,
    resolution,
    tenantId: resolution.caller.tenantId ?? env.tenantId ?? (tenantRead ? await tenantRead : undefined),
    principal,
    assignments,
    federatedCredentials,
    lookups: await lookupRead,
    clusterIdentities: clusterIdentitiesRead ? await clusterIdentitiesRead : [],
    cluster,
    nodeIdentityClientIds: nodeIdentitiesRead ? await nodeIdentitiesRead : undefined,
    virtualNetworks: mergeNetworks(callerNetworks, nodeNetworksRead ? await nodeNetworksRead : []),
    context,
  });
  if (vaultFacts) {
    facts.vault = vaultFacts;
  }
  facts.roleDefinitions = dedupeById(await definitionsRead);
  facts.denyAssignments = await denyRead;
  facts.managementGroupIds = (await managementGroupsRead) ?? [];
  facts.objects = await objectsRead;
  facts.network.privateEndpoints = endpointsRead ? await endpointsRead : [];
  facts.network.privateDnsZones = zoneDetailsRead ? await zoneDetailsRead : [];
  const auditLog = auditLogRead ? await auditLogRead : undefined;
  if (auditLog) {
    facts.auditLog = auditLog;
  }
  facts.cloud = { name: env.cloud.name, keyVaultDnsSuffix: env.cloud.keyVaultDnsSuffix };
  return { facts, stats };
}

function resolveCaller(context: CollectContext): Promise<CallerResolution> {
  const { identity, objectId, clientId } = context.request.caller;
  if (identity) {
    return resolveIdentity(context, identity);
  }
  if (objectId) {
    return resolveObjectId(context, objectId);
  }
  return resolveClientId(context, clientId ?? '');
}

interface PrincipalReads {
  assignments?: RoleAssignmentFacts[];
  groups?: string[];
  membershipChanges?: DirectoryFacts['membershipChanges'];
}

/** Reads what needs the caller's principal id: its assignments, group membership and membership changes. */
async function readPrincipalFacts(context: CollectContext, principalId: string, now: string): Promise<PrincipalReads> {
  const [assignments, groups, membershipChanges] = await Promise.all([
    readCallerAssignments(context, principalId),
    readGroupMembership(context, principalId),
    readMembershipChanges(context, principalId, now),
  ]);
  return { assignments, groups, membershipChanges };
}

/**
 * Assignments whose role definitions matter: the caller's own and its groups', and every
 * assignment at the vault or below it. Inherited assignments of other principals (Owner on the
 * subscription and so on) are left out so their custom roles are not fetched for nothing.
 */
function relevantAssignments(vaultId: string, callerAssignments: RoleAssignmentFacts[], scopeAssignments: RoleAssignmentFacts[]): RoleAssignmentFacts[] {
  return [...callerAssignments, ...scopeAssignments.filter((assignment) => scopeContains(vaultId, assignment.scope))];
}

/**
 * Principal ids to look up in the directory: access policy entries, and assignments at the vault
 * whose role grants Key Vault data actions (or is not in the built-in snapshot), so a deleted or
 * recreated principal shows up in `missingObjectIds`. The caller itself is left out when the
 * resolution already looked it up.
 */
function principalsToLookUp(policyObjectIds: string[], scopeAssignments: RoleAssignmentFacts[], resolution: CallerResolution, request: AccessRequest): string[] {
  const dataAssignments = scopeAssignments.filter((assignment) => {
    const role = lookupBuiltInRoleByGuid(roleGuid(assignment.roleDefinitionId));
    return !role || role.permissions === null || role.permissions.some((permission) => permission.dataActions.some((action) => /^microsoft\.keyvault\//i.test(action) || action === '*'));
  });
  const alreadyKnown = new Set([...resolution.principals.map((principal) => principal.objectId.toLowerCase()), ...resolution.missingObjectIds.map((id) => id.toLowerCase())]);

  return [...policyObjectIds, ...dataAssignments.map((assignment) => assignment.principalId)]
    .filter((id) => /^[0-9a-f-]{36}$/i.test(id))
    .filter((id) => !alreadyKnown.has(id.toLowerCase()))
    .filter((id) => !sameId(id, request.caller.objectId));
}

interface AssembleInput {
  request: AccessRequest;
  now: string;
  workload?: WorkloadFacts;
  resolution: CallerResolution;
  tenantId?: string;
  principal?: PrincipalReads;
  assignments: RoleAssignmentFacts[];
  federatedCredentials?: IdentityFacts['federatedCredentials'];
  lookups: Pick<DirectoryFacts, 'principals' | 'missingObjectIds'>;
  clusterIdentities: IdentityFacts[];
  cluster?: ClusterRead;
  nodeIdentityClientIds?: string[];
  virtualNetworks: VirtualNetworkFacts[];
  context: CollectContext;
}

function assemble(input: AssembleInput): AccessFacts {
  const { resolution, principal } = input;

  const caller = { ...resolution.caller };
  if (input.tenantId && !caller.tenantId) {
    caller.tenantId = input.tenantId;
  }
  const groupIds = callerGroups(principal);
  if (groupIds) {
    caller.groupIds = groupIds;
  }

  const identities: IdentityFacts[] = [];
  if (resolution.identity) {
    identities.push({ ...resolution.identity, ...(input.federatedCredentials ? { federatedCredentials: input.federatedCredentials } : {}) });
  }
  identities.push(...input.clusterIdentities);

  const directory: DirectoryFacts = {
    principals: dedupePrincipals([...resolution.principals, ...input.lookups.principals]),
    missingObjectIds: [...new Set([...resolution.missingObjectIds, ...input.lookups.missingObjectIds].map((id) => id.toLowerCase()))],
  };
  if (principal?.membershipChanges) {
    directory.membershipChanges = principal.membershipChanges;
  }

  const facts: AccessFacts = {
    schema: FACTS_SCHEMA,
    now: input.now,
    request: input.request,
    caller,
    identities,
    directory,
    roleAssignments: input.assignments,
    roleDefinitions: [],
    denyAssignments: [],
    managementGroupIds: [],
    objects: [],
    network: { privateEndpoints: [], privateDnsZones: [], virtualNetworks: input.virtualNetworks },
    gaps: input.context.gaps,
  };
  if (input.cluster) {
    facts.cluster = { ...input.cluster.facts, ...(input.nodeIdentityClientIds ? { nodeIdentityClientIds: input.nodeIdentityClientIds } : {}) };
  }
  if (input.workload) {
    facts.workload = input.workload;
  }
  return facts;
}

/**
 * Returns the caller's groups: Graph's transitive membership when it could be read, plus every
 * group with an `assignedTo()` assignment (ARM returns those only for groups the caller is in).
 * Returns undefined when neither was read.
 */
function callerGroups(principal: PrincipalReads | undefined): string[] | undefined {
  if (!principal || (principal.groups === undefined && principal.assignments === undefined)) {
    return undefined;
  }
  const fromAssignments = (principal.assignments ?? []).filter((assignment) => assignment.principalType === 'Group').map((assignment) => assignment.principalId);
  const all = [...(principal.groups ?? []), ...fromAssignments];
  return all.filter((id, index) => all.findIndex((other) => sameId(other, id)) === index);
}

function mergeAssignments(first: RoleAssignmentFacts[], second: RoleAssignmentFacts[]): RoleAssignmentFacts[] {
  return dedupeById([...first, ...second]);
}

function mergeNetworks(first: VirtualNetworkFacts[], second: VirtualNetworkFacts[]): VirtualNetworkFacts[] {
  return dedupeById([...first, ...second]);
}

function dedupeById<T extends { id: string }>(items: T[]): T[] {
  return dedupeByKey(items, (item) => item.id);
}

function dedupePrincipals(principals: PrincipalFacts[]): PrincipalFacts[] {
  return dedupeByKey(principals, (principal) => principal.objectId);
}

/** Keeps the first item of each key; ARM ids and object ids compare in any letter case. */
function dedupeByKey<T>(items: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item).toLowerCase();
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** Waits for every read to finish; readers record their own gaps, and a cancellation rethrows. */
async function settle(reads: (Promise<unknown> | undefined)[]): Promise<void> {
  const results = await Promise.allSettled(reads.filter((read): read is Promise<unknown> => read !== undefined));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    throw failure.reason;
  }
}
