/**
 * Discovery for pickers and trees: tenants, subscriptions, vaults and user-assigned identities.
 * Vaults and identities come from Azure Resource Graph, one page at a time, so the first vaults
 * show early. When Resource Graph rejects the query, per-subscription lists take over with bounded
 * concurrency. Users who cannot list at all can resolve a vault from its id or URI.
 */
import { AzureClients, listAll } from './clients';
import type { AzureEnv, Logger } from './env';
import { formatError, isNotFound } from './errors';
import { parseResourceId, requireResourceId } from './ids';
import { assignDefined, record, text, type Json } from './map/values';
import { queryResourceGraphPages } from './resourceGraph';

export interface TenantSummary {
  tenantId: string;
  displayName?: string;
  defaultDomain?: string;
}

export interface SubscriptionSummary {
  subscriptionId: string;
  displayName: string;
  tenantId?: string;
  state?: string;
}

export interface VaultSummary {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  vaultUri?: string;
  tenantId?: string;
  enableRbacAuthorization?: boolean;
  /** `properties.publicNetworkAccess`; absent means Enabled. */
  publicNetworkAccess?: string;
  /** `properties.networkAcls.defaultAction`: Deny means only the firewall's networks reach the vault. */
  defaultAction?: string;
}

export interface IdentitySummary {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  principalId?: string;
  clientId?: string;
  tenantId?: string;
}

export interface DiscoveryOptions {
  signal?: AbortSignal;
  log?: Logger;
  /** Rows per Resource Graph page (at most 1000). */
  pageSize?: number;
  /** Subscriptions listed at once by the fallback (default 4). */
  concurrency?: number;
}

/** Tenants the signed-in account can reach. */
export async function listTenants(env: AzureEnv, options: DiscoveryOptions = {}): Promise<TenantSummary[]> {
  const client = await new AzureClients({ ...env, log: options.log ?? env.log }).subscriptions();
  const tenants = await listAll(client.tenants.list({ abortSignal: options.signal }));
  return tenants
    .filter((tenant) => tenant.tenantId)
    .map((tenant) => {
      const summary: TenantSummary = { tenantId: tenant.tenantId as string };
      assignDefined(summary, { displayName: tenant.displayName, defaultDomain: tenant.defaultDomain });
      return summary;
    });
}

/**
 * Subscriptions of the credential's tenant, optionally narrowed by a filter (for example the
 * user's selected subscriptions); disabled and deleted ones are left out.
 */
export async function listSubscriptions(
  env: AzureEnv,
  options: DiscoveryOptions & { filter?: (subscription: SubscriptionSummary) => boolean } = {},
): Promise<SubscriptionSummary[]> {
  const client = await new AzureClients({ ...env, log: options.log ?? env.log }).subscriptions();
  const subscriptions = await listAll(client.subscriptions.list({ abortSignal: options.signal }));
  return subscriptions
    .filter((subscription) => subscription.subscriptionId && !['Disabled', 'Deleted'].includes(subscription.state ?? ''))
    .map((subscription) => {
      const summary: SubscriptionSummary = { subscriptionId: subscription.subscriptionId as string, displayName: subscription.displayName ?? (subscription.subscriptionId as string) };
      assignDefined(summary, { tenantId: subscription.tenantId, state: subscription.state });
      return summary;
    })
    .filter((subscription) => options.filter?.(subscription) ?? true);
}

/** Vaults in these subscriptions, one page at a time. */
export function discoverVaults(env: AzureEnv, subscriptionIds: string[], options: DiscoveryOptions = {}): AsyncGenerator<VaultSummary[]> {
  return discover(env, subscriptionIds, options, {
    type: 'microsoft.keyvault/vaults',
    map: mapVaultRow,
    listSubscription: async (clients, subscriptionId) => {
      const client = await clients.keyVault(subscriptionId);
      const vaults = await listAll(client.vaults.listBySubscription({ abortSignal: options.signal }));
      return vaults.map((vault) => mapVaultRow({ ...vault, properties: vault.properties as unknown as Json }));
    },
  });
}

/** User-assigned managed identities in these subscriptions, one page at a time. */
export function discoverIdentities(env: AzureEnv, subscriptionIds: string[], options: DiscoveryOptions = {}): AsyncGenerator<IdentitySummary[]> {
  return discover(env, subscriptionIds, options, {
    type: 'microsoft.managedidentity/userassignedidentities',
    map: mapIdentityRow,
    listSubscription: async (clients, subscriptionId) => {
      const client = await clients.managedIdentity(subscriptionId);
      const identities = await listAll(client.userAssignedIdentities.listBySubscription({ abortSignal: options.signal }));
      return identities.map((identity) =>
        mapIdentityRow({ id: identity.id, name: identity.name, location: identity.location, properties: { principalId: identity.principalId, clientId: identity.clientId, tenantId: identity.tenantId } }),
      );
    },
  });
}

/**
 * Finds a vault from its resource id (one GET) or its URI (`https://<name>.<suffix>/`, found by
 * name through Resource Graph, then through per-subscription lists). Throws an error naming the
 * value and what to try when nothing matches.
 */
export async function resolveVault(env: AzureEnv, idOrUri: string, subscriptionIds: string[], options: DiscoveryOptions = {}): Promise<VaultSummary> {
  const clients = new AzureClients({ ...env, log: options.log ?? env.log });
  const value = idOrUri.trim();

  if (value.startsWith('/')) {
    const parsed = requireResourceId(value, 'Microsoft.KeyVault', 'vaults', 'vault id');
    const client = await clients.keyVault(parsed.subscriptionId);
    try {
      const vault = await client.vaults.get(parsed.resourceGroup, parsed.name, { abortSignal: options.signal });
      return mapVaultRow({ ...vault, properties: vault.properties as unknown as Json });
    } catch (error) {
      if (isNotFound(error)) {
        throw new Error(`The vault ${value} was not found; check the subscription, resource group and name.`);
      }
      throw new Error(`Reading the vault ${value} failed: ${formatError(error)}`);
    }
  }

  const name = vaultNameFromUri(value, env.cloud.keyVaultDnsSuffix);
  for await (const page of discoverVaults(env, subscriptionIds, options)) {
    const match = page.find((vault) => vault.name.toLowerCase() === name.toLowerCase());
    if (match) {
      return match;
    }
  }
  throw new Error(`No vault named ${name} was found in ${subscriptionIds.length} subscription(s); give the vault's resource id instead.`);
}

/** Returns the vault name of a URI such as `https://kv-orders.vault.azure.net/`. */
export function vaultNameFromUri(uri: string, dnsSuffix: string): string {
  let host: string;
  try {
    host = new URL(uri).hostname.toLowerCase();
  } catch {
    throw new Error(`Invalid vault "${uri}": give a resource id (/subscriptions/...) or a vault URI (https://<name>.${dnsSuffix}/).`);
  }
  const suffix = `.${dnsSuffix.toLowerCase()}`;
  if (!host.endsWith(suffix)) {
    throw new Error(`The vault URI "${uri}" does not end in ${dnsSuffix}, the Key Vault suffix of this cloud; choose the cloud the vault is in.`);
  }
  return host.slice(0, -suffix.length);
}

interface DiscoverySource<T> {
  type: string;
  map(row: Json): T;
  listSubscription(clients: AzureClients, subscriptionId: string): Promise<T[]>;
}

async function* discover<T extends { id: string }>(env: AzureEnv, subscriptionIds: string[], options: DiscoveryOptions, source: DiscoverySource<T>): AsyncGenerator<T[]> {
  if (subscriptionIds.length === 0) {
    return;
  }
  const log = options.log ?? env.log;
  const clients = new AzureClients({ ...env, log });
  const seen = new Set<string>();
  const fresh = (items: T[]) =>
    items.filter((item) => {
      const key = item.id.toLowerCase();
      if (seen.has(key)) {
        return false;
      }
      seen.add(key);
      return true;
    });

  try {
    const query = `Resources | where type =~ '${source.type}' | project id, name, type, location, subscriptionId, resourceGroup, properties`;
    for await (const rows of queryResourceGraphPages(clients, query, { subscriptions: subscriptionIds, pageSize: options.pageSize, abortSignal: options.signal })) {
      const page = fresh(rows.flatMap((row) => mapped(source, row, log)));
      if (page.length > 0) {
        yield page;
      }
    }
    return;
  } catch (error) {
    if (options.signal?.aborted) {
      throw error;
    }
    log?.warn(`The Azure Resource Graph query for ${source.type} failed (${formatError(error)}), so each subscription is listed instead.`);
  }

  yield* listPerSubscription(clients, subscriptionIds, options, source, fresh, log);
}

/** Lists subscriptions `concurrency` at a time and yields each subscription's items as soon as its response arrives. */
async function* listPerSubscription<T>(
  clients: AzureClients,
  subscriptionIds: string[],
  options: DiscoveryOptions,
  source: DiscoverySource<T>,
  fresh: (items: T[]) => T[],
  log: Logger | undefined,
): AsyncGenerator<T[]> {
  const queue = [...subscriptionIds];
  const running = new Map<string, Promise<{ subscriptionId: string; items: T[] }>>();
  const concurrency = Math.max(1, options.concurrency ?? 4);

  const start = (subscriptionId: string) => {
    running.set(
      subscriptionId,
      source.listSubscription(clients, subscriptionId).then(
        (items) => ({ subscriptionId, items }),
        (error: unknown) => {
          log?.warn(`Listing ${source.type} in the subscription ${subscriptionId} failed: ${formatError(error)}`);
          return { subscriptionId, items: [] as T[] };
        },
      ),
    );
  };

  while (queue.length > 0 || running.size > 0) {
    while (running.size < concurrency && queue.length > 0) {
      start(queue.shift() as string);
    }
    const { subscriptionId, items } = await Promise.race(running.values());
    running.delete(subscriptionId);
    if (options.signal?.aborted) {
      throw new Error('Discovery was cancelled.');
    }
    const page = fresh(items);
    if (page.length > 0) {
      yield page;
    }
  }
}

function mapped<T>(source: DiscoverySource<T>, row: Json, log: Logger | undefined): T[] {
  try {
    return [source.map(row)];
  } catch (error) {
    log?.warn(`Skipped a malformed ${source.type} row: ${formatError(error)}`);
    return [];
  }
}

function mapVaultRow(row: Json): VaultSummary {
  const properties = record(row.properties);
  const summary: VaultSummary = summarizeRow(row, 'vault');
  assignDefined(summary, {
    location: text(row.location),
    vaultUri: text(properties.vaultUri),
    tenantId: text(properties.tenantId),
    enableRbacAuthorization: typeof properties.enableRbacAuthorization === 'boolean' ? properties.enableRbacAuthorization : undefined,
    publicNetworkAccess: text(properties.publicNetworkAccess),
    defaultAction: text(record(properties.networkAcls).defaultAction),
  });
  return summary;
}

function mapIdentityRow(row: Json): IdentitySummary {
  const properties = record(row.properties);
  const summary: IdentitySummary = summarizeRow(row, 'identity');
  assignDefined(summary, {
    location: text(row.location),
    principalId: text(properties.principalId),
    clientId: text(properties.clientId),
    tenantId: text(properties.tenantId),
  });
  return summary;
}

/** Reads the id, name, subscription and resource group that every summary has. Throws when the row's id is not a resource id. */
function summarizeRow(row: Json, resourceKind: string): { id: string; name: string; subscriptionId: string; resourceGroup: string } {
  const id = text(row.id);
  const parsed = id ? parseResourceId(id) : undefined;
  if (!id || !parsed) {
    throw new Error(`A ${resourceKind} row has no valid resource id (${String(row.id)}).`);
  }
  return { id, name: text(row.name) ?? parsed.name ?? '', subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup ?? '' };
}
