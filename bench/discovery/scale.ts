/**
 * Discovery at scale: listing every vault and identity of a generated tenant (300 subscriptions,
 * 3,000 vaults, 2,000 identities) through Azure Resource Graph. Then the same through
 * per-subscription lists with bounded concurrency, the fallback when Resource Graph fails. The
 * sandbox adds its latency to every request.
 */
import type { RequestRecord } from '../../sandbox';
import { discoverIdentities, discoverVaults, listSubscriptions, type DiscoveryOptions } from '../../src/azure/discover';
import type { AzureEnv } from '../../src/azure/env';
import type { FigureLog } from '../report';
import { RemoteSandbox } from '../sandbox/remoteSandbox';
import { generateTenant, LARGE_TENANT, tenantScenario } from '../tenant/generate';

export interface DiscoveryBenchOptions {
  latencyMs: number;
  seed: number;
  /** Also time the fallback for identities and with higher concurrency (slow at 300 subscriptions). */
  full: boolean;
}

/** Rows per page in the sandbox: Resource Graph's maximum page (1,000 rows); ARM lists fit in one page at this tenant's size. */
const PAGE_SIZE = 1000;
const RESOURCE_GRAPH_PATH = /^\/providers\/Microsoft\.ResourceGraph\/resources$/i;
const TOKEN_PATH = /\/oauth2\/|\/\.well-known\/|\/adfs\//i;

type Discover = (env: AzureEnv, subscriptionIds: string[], options?: DiscoveryOptions) => AsyncGenerator<{ id: string }[]>;

interface DiscoveryRun {
  items: number;
  wallMs: number;
  firstPageMs: number;
  /** Requests other than sign-in, all of them and to Resource Graph. */
  requests: number;
  resourceGraphRequests: number;
  /** Resource Graph requests the sandbox had responded to when the first page arrived. */
  resourceGraphRequestsBeforeFirstPage: number;
}

export async function measureDiscovery(log: FigureLog, options: DiscoveryBenchOptions): Promise<void> {
  const tenant = generateTenant(LARGE_TENANT, options.seed);
  const sandbox = await RemoteSandbox.start({ scenario: tenantScenario(tenant), latencyMs: options.latencyMs, pageSize: PAGE_SIZE });
  try {
    const env = sandbox.createEnv();

    // Signing in and listing subscriptions come before discovery in the extension too.
    const subscriptionsStarted = performance.now();
    const subscriptions = await listSubscriptions(env);
    const subscriptionIds = subscriptions.map((subscription) => subscription.subscriptionId);
    log.add({ section: 'discovery', name: 'list subscriptions', value: Math.round(performance.now() - subscriptionsStarted), unit: 'ms', note: `${subscriptionIds.length} subscriptions, including sign-in` });

    const sizes = `${tenant.subscriptionIds.length} subscriptions`;
    const vaultGraph = await timeDiscovery(sandbox, env, discoverVaults, subscriptionIds, {});
    reportRun(log, 'vaults via Resource Graph', vaultGraph, tenant.vaults.length, sizes, vaultGraph.resourceGraphRequests * options.latencyMs);
    log.add({ section: 'discovery', name: 'Resource Graph requests for all vaults', value: vaultGraph.resourceGraphRequests, unit: 'requests', target: { kind: 'max', limit: 3 } });
    log.add({
      section: 'discovery',
      name: 'Resource Graph requests before the first vaults',
      value: vaultGraph.resourceGraphRequestsBeforeFirstPage,
      unit: 'requests',
      target: { kind: 'max', limit: 1 },
      note: `first ${vaultGraph.firstPageMs.toFixed(0)} ms after the start`,
    });

    const identityGraph = await timeDiscovery(sandbox, env, discoverIdentities, subscriptionIds, {});
    reportRun(log, 'identities via Resource Graph', identityGraph, tenant.identities.length, sizes, identityGraph.resourceGraphRequests * options.latencyMs);

    // The fallback: Resource Graph fails for every later request, so discovery lists each subscription.
    await sandbox.fail('/providers/Microsoft.ResourceGraph/resources', 400, 'BadRequest');
    const vaultLists = await timeDiscovery(sandbox, env, discoverVaults, subscriptionIds, {});
    reportRun(log, 'vaults per subscription, concurrency 4 (default)', vaultLists, tenant.vaults.length, sizes, listingLowerBound(subscriptionIds.length, 4, options.latencyMs));
    if (options.full) {
      const identityLists = await timeDiscovery(sandbox, env, discoverIdentities, subscriptionIds, {});
      reportRun(log, 'identities per subscription, concurrency 4 (default)', identityLists, tenant.identities.length, sizes, listingLowerBound(subscriptionIds.length, 4, options.latencyMs));
      const vaultListsWide = await timeDiscovery(sandbox, env, discoverVaults, subscriptionIds, { concurrency: 16 });
      reportRun(log, 'vaults per subscription, concurrency 16', vaultListsWide, tenant.vaults.length, sizes, listingLowerBound(subscriptionIds.length, 16, options.latencyMs));
    }
  } finally {
    await sandbox.stop();
  }
}

async function timeDiscovery(sandbox: RemoteSandbox, env: AzureEnv, discover: Discover, subscriptionIds: string[], options: DiscoveryOptions): Promise<DiscoveryRun> {
  const logStart = (await sandbox.readLog()).length;
  let items = 0;
  let firstPageAt: number | undefined;
  let firstPageEpochMs = 0;

  const started = performance.now();
  for await (const page of discover(env, subscriptionIds, options)) {
    if (firstPageAt === undefined && page.length > 0) {
      firstPageAt = performance.now();
      firstPageEpochMs = Date.now();
    }
    items += page.length;
  }
  const wallMs = performance.now() - started;

  const records = (await sandbox.readLog(logStart)).filter((record) => !TOKEN_PATH.test(record.path));
  const graph = records.filter((record) => RESOURCE_GRAPH_PATH.test(record.path));
  return {
    items,
    wallMs,
    firstPageMs: (firstPageAt ?? performance.now()) - started,
    requests: records.length,
    resourceGraphRequests: graph.length,
    resourceGraphRequestsBeforeFirstPage: graph.filter((record) => answeredBy(record, firstPageEpochMs)).length,
  };
}

/** Returns true when the sandbox responded to the request no later than `epochMs` (millisecond clocks on both sides). */
function answeredBy(record: RequestRecord, epochMs: number): boolean {
  return Date.parse(record.time) <= epochMs;
}

/** Returns the lower bound of the fallback: the failed Resource Graph request, then one single-page list per subscription, `concurrency` at a time. */
function listingLowerBound(subscriptions: number, concurrency: number, latencyMs: number): number {
  return (1 + Math.ceil(subscriptions / concurrency)) * latencyMs;
}

function reportRun(log: FigureLog, name: string, run: DiscoveryRun, expected: number, sizes: string, lowerBoundMs: number): void {
  const missing = expected - run.items;
  log.add({
    section: 'discovery',
    name,
    value: Math.round(run.wallMs),
    unit: 'ms',
    note: `${run.items} of ${expected} in ${sizes}${missing !== 0 ? ` (${missing} missing)` : ''}, ${run.requests} requests, first items after ${Math.round(run.firstPageMs)} ms; lower bound ${lowerBoundMs} ms`,
  });
}
