/**
 * The summaries the trees and pickers show, and the discovery calls that produce them. The adapter
 * in `discovery.ts` fills them from the collection module's discovery.
 */
import type { AzureEnv } from '../azure/env';

export interface TenantInfo {
  tenantId: string;
  displayName?: string;
}

export interface SubscriptionInfo {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
}

export interface VaultSummary {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  tenantId?: string;
  vaultUri?: string;
  /** `properties.enableRbacAuthorization`; null when absent (the vault uses access policies). */
  enableRbacAuthorization: boolean | null;
  publicNetworkAccess?: string;
  /** `properties.networkAcls.defaultAction`. */
  defaultAction?: string;
}

export interface IdentitySummary {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  clientId: string;
  principalId: string;
  tenantId: string;
}

export interface ClusterSummary {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
}

export interface DiscoveryOptions {
  signal?: AbortSignal;
}

/** Discovery as the UI needs it; every call is per signed-in account and tenant (`env`). */
export interface DiscoveryApi {
  listTenants(env: AzureEnv, options?: DiscoveryOptions): Promise<TenantInfo[]>;
  listSubscriptions(env: AzureEnv, options?: DiscoveryOptions): Promise<SubscriptionInfo[]>;
  /** Lists vaults in the subscriptions, calling `onPage` as pages arrive; resolves when all arrived. */
  listVaults(env: AzureEnv, subscriptionIds: string[], onPage: (vaults: VaultSummary[]) => void, options?: DiscoveryOptions): Promise<void>;
  listIdentities(
    env: AzureEnv,
    subscriptionIds: string[],
    onPage: (identities: IdentitySummary[]) => void,
    options?: DiscoveryOptions,
  ): Promise<void>;
  /** Lists AKS clusters in the subscriptions, for choosing where a workload runs. */
  listClusters(env: AzureEnv, subscriptionIds: string[], options?: DiscoveryOptions): Promise<ClusterSummary[]>;
  /** Reads one vault by resource id, or finds it by name or URI. */
  resolveVault(env: AzureEnv, reference: { id?: string; name?: string; subscriptionIds: string[] }, options?: DiscoveryOptions): Promise<VaultSummary | undefined>;
}

export type PublicAccess = 'enabled' | 'disabled' | 'selectedNetworks';

/** Classifies a vault's permission model and public access for its tree description. */
export function describeVaultAccess(vault: Pick<VaultSummary, 'enableRbacAuthorization' | 'publicNetworkAccess' | 'defaultAction'>): {
  model: 'rbac' | 'accessPolicies';
  publicAccess: PublicAccess;
} {
  const model = vault.enableRbacAuthorization === true ? 'rbac' : 'accessPolicies';

  let publicAccess: PublicAccess = 'enabled';
  if ((vault.publicNetworkAccess ?? '').toLowerCase() === 'disabled') {
    publicAccess = 'disabled';
  } else if ((vault.defaultAction ?? '').toLowerCase() === 'deny') {
    publicAccess = 'selectedNetworks';
  }
  return { model, publicAccess };
}

/** Groups items by subscription id (lower-cased), sorted by name within each group. */
export function groupBySubscription<T extends { subscriptionId: string; name: string }>(items: Iterable<T>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = item.subscriptionId.toLowerCase();
    const list = groups.get(key) ?? [];
    list.push(item);
    groups.set(key, list);
  }
  for (const list of groups.values()) {
    list.sort((a, b) => a.name.localeCompare(b.name));
  }
  return groups;
}
