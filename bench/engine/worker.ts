/**
 * Measures RBAC evaluation in a process of its own, so the resident set size is the engine's
 * and not the rest of the benchmark's. Sends one `EngineResult` to the parent over IPC.
 *
 * An evaluation decides one request target (caller, data action, resource) with
 * `callerAssignments` and `evaluateTarget`, the functions the diagnosis uses.
 */
import { resolveOperations } from '../../src/diagnosis/diagnose';
import { FACTS_SCHEMA, type AccessFacts, type RoleAssignmentFacts } from '../../src/diagnosis/facts';
import { callerAssignments, evaluateTarget } from '../../src/diagnosis/rbac/evaluate';
import { requestTargets } from '../../src/diagnosis/rbac/targets';
import { SeededRandom } from '../random';
import { generateTenant, LARGE_TENANT, type GeneratedTenant } from '../tenant/generate';
import { generateAuthorization, SECRET_NAME } from './assignments';

export interface EngineResult {
  assignments: number;
  /** Evaluations per second over all 50,000 assignments, as `diagnose` does when the facts hold them all. */
  tenantWidePerSecond: number;
  /** Evaluations per second when the caller's assignments are selected first by principal id. */
  indexedPerSecond: number;
  grantedShare: number;
  baselineRssMb: number;
  rssMb: number;
  peakRssMb: number;
}

interface Query {
  principalId: string;
  groupIds: string[];
  vaultId: string;
}

const OPERATIONS = resolveOperations(['secrets/get']);

function main(): void {
  const durationMs = Number(process.argv[2] ?? '2000');
  const seed = Number(process.argv[3] ?? '1');
  const baselineRssMb = rssMb();

  const tenant = generateTenant(LARGE_TENANT, seed);
  const authorization = generateAuthorization(tenant, 50_000, seed + 1);
  const queries = buildQueries(tenant, authorization.roleAssignments, seed + 2);
  const template: AccessFacts = {
    schema: FACTS_SCHEMA,
    now: '2026-12-04T12:00:00Z',
    request: { vaultId: '', caller: {}, operations: ['secrets/get'], objects: [`secrets/${SECRET_NAME}`] },
    caller: {},
    identities: [],
    directory: { principals: [], missingObjectIds: [] },
    roleAssignments: authorization.roleAssignments,
    roleDefinitions: authorization.roleDefinitions,
    denyAssignments: authorization.denyAssignments,
    managementGroupIds: authorization.managementGroupIds,
    objects: [],
    network: { privateEndpoints: [], privateDnsZones: [], virtualNetworks: [] },
    gaps: [],
  };

  const tenantWide = timeEvaluations(durationMs, queries, (query) => evaluate(template, query, authorization.roleAssignments));

  // Grouping by principal is what a collector's assignedTo() filter does on the server.
  const byPrincipal = new Map<string, RoleAssignmentFacts[]>();
  for (const assignment of authorization.roleAssignments) {
    const key = assignment.principalId.toLowerCase();
    byPrincipal.set(key, [...(byPrincipal.get(key) ?? []), assignment]);
  }
  const indexed = timeEvaluations(durationMs, queries, (query) =>
    evaluate(template, query, [query.principalId, ...query.groupIds].flatMap((id) => byPrincipal.get(id.toLowerCase()) ?? [])),
  );

  const result: EngineResult = {
    assignments: authorization.roleAssignments.length,
    tenantWidePerSecond: tenantWide.perSecond,
    indexedPerSecond: indexed.perSecond,
    grantedShare: indexed.granted / indexed.evaluations,
    baselineRssMb,
    rssMb: rssMb(),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(result);
}

/** Decides every target of the query and returns how many of them were granted. */
function evaluate(template: AccessFacts, query: Query, assignments: RoleAssignmentFacts[]): { decisions: number; granted: number } {
  const facts: AccessFacts = {
    ...template,
    request: { ...template.request, vaultId: query.vaultId, caller: { objectId: query.principalId } },
    caller: { principalId: query.principalId, principalType: 'ServicePrincipal', groupIds: query.groupIds },
    roleAssignments: assignments,
  };

  const views = callerAssignments(facts);
  let granted = 0;
  const targets = requestTargets(facts, OPERATIONS);
  for (const target of targets) {
    if (evaluateTarget(facts, target, views).grantState === 'granted') {
      granted += 1;
    }
  }
  return { decisions: targets.length, granted };
}

function timeEvaluations(durationMs: number, queries: Query[], run: (query: Query) => { decisions: number; granted: number }) {
  let evaluations = 0;
  let granted = 0;
  let index = 0;

  const started = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    // Checking the clock every 16 evaluations keeps its cost out of the figure.
    for (let batch = 0; batch < 16; batch += 1) {
      const outcome = run(queries[index % queries.length] as Query);
      evaluations += outcome.decisions;
      granted += outcome.granted;
      index += 1;
    }
    elapsed = performance.now() - started;
  }
  return { evaluations, granted, perSecond: (evaluations / elapsed) * 1000 };
}

/**
 * Builds callers with up to three groups each. Half of the queries ask about a vault where the
 * caller has an assignment, so grants and conditions are exercised as well as misses.
 */
function buildQueries(tenant: GeneratedTenant, assignments: RoleAssignmentFacts[], seed: number): Query[] {
  const random = new SeededRandom(seed);
  const vaultsOf = new Map<string, string[]>();
  for (const assignment of assignments) {
    if (/\/vaults\/[^/]+$/i.test(assignment.scope)) {
      vaultsOf.set(assignment.principalId, [...(vaultsOf.get(assignment.principalId) ?? []), assignment.scope]);
    }
  }

  return Array.from({ length: 1024 }, () => {
    const identity = random.pick(tenant.identities);
    const own = vaultsOf.get(identity.principalId);
    const vaultId = own && random.int(2) === 0 ? random.pick(own) : random.pick(tenant.vaults).id;
    return { principalId: identity.principalId, groupIds: Array.from({ length: random.int(4) }, () => random.pick(tenant.groupIds)), vaultId };
  });
}

function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

main();
