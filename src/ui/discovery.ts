/**
 * Adapts the collection module's discovery to what the trees and pickers need. The Azure layer
 * and its SDKs load on the first call, through `backend()`.
 */
import type * as discover from '../azure/discover';
import type { AzureEnv } from '../azure/env';
import { backend } from './backend';
import type { ClusterSummary, DiscoveryApi, IdentitySummary, VaultSummary } from './resources';

const CLUSTER_QUERY = "Resources | where type =~ 'microsoft.containerservice/managedclusters' | project id, name, subscriptionId, resourceGroup";

function toCluster(row: Record<string, unknown>): ClusterSummary[] {
  const { id, name, subscriptionId, resourceGroup } = row;
  if (typeof id !== 'string' || typeof name !== 'string') {
    return [];
  }
  return [{ id, name, subscriptionId: String(subscriptionId ?? ''), resourceGroup: String(resourceGroup ?? '') }];
}

function toVault(vault: discover.VaultSummary): VaultSummary {
  return {
    id: vault.id,
    name: vault.name,
    subscriptionId: vault.subscriptionId,
    resourceGroup: vault.resourceGroup,
    location: vault.location,
    tenantId: vault.tenantId,
    vaultUri: vault.vaultUri,
    enableRbacAuthorization: vault.enableRbacAuthorization ?? null,
    publicNetworkAccess: vault.publicNetworkAccess,
    defaultAction: vault.defaultAction,
  };
}

/** Identities without a client or principal id cannot be diagnosed, so they are left out. */
function toIdentity(identity: discover.IdentitySummary, fallbackTenant: string | undefined): IdentitySummary[] {
  if (!identity.clientId || !identity.principalId) {
    return [];
  }
  return [
    {
      id: identity.id,
      name: identity.name,
      subscriptionId: identity.subscriptionId,
      resourceGroup: identity.resourceGroup,
      location: identity.location,
      clientId: identity.clientId,
      principalId: identity.principalId,
      tenantId: identity.tenantId ?? fallbackTenant ?? '',
    },
  ];
}

export function discoveryApi(): DiscoveryApi {
  return {
    async listTenants(env, options) {
      return backend().discover.listTenants(env, { signal: options?.signal });
    },

    async listSubscriptions(env: AzureEnv, options) {
      const subscriptions = await backend().discover.listSubscriptions(env, { signal: options?.signal });
      return subscriptions.map((subscription) => ({
        subscriptionId: subscription.subscriptionId,
        displayName: subscription.displayName,
        tenantId: subscription.tenantId ?? env.tenantId ?? '',
      }));
    },

    async listVaults(env, subscriptionIds, onPage, options) {
      for await (const page of backend().discover.discoverVaults(env, subscriptionIds, { signal: options?.signal })) {
        onPage(page.map(toVault));
      }
    },

    async listIdentities(env, subscriptionIds, onPage, options) {
      for await (const page of backend().discover.discoverIdentities(env, subscriptionIds, { signal: options?.signal })) {
        onPage(page.flatMap((identity) => toIdentity(identity, env.tenantId)));
      }
    },

    async listClusters(env, subscriptionIds, options) {
      if (subscriptionIds.length === 0) {
        return [];
      }
      const { AzureClients, queryResourceGraph } = backend();
      const rows = await queryResourceGraph(new AzureClients(env), CLUSTER_QUERY, { subscriptions: subscriptionIds, abortSignal: options?.signal });
      return rows.flatMap(toCluster).sort((a, b) => a.name.localeCompare(b.name));
    },

    async resolveVault(env, reference, options) {
      const value = reference.id ?? (reference.name ? `https://${reference.name}.${env.cloud.keyVaultDnsSuffix}/` : '');
      return toVault(await backend().discover.resolveVault(env, value, reference.subscriptionIds, { signal: options?.signal }));
    },
  };
}
