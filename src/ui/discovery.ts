/**
 * Adapts the collection module's discovery to what the trees and pickers need. The SDKs load on
 * the first call, because `../azure/discover` imports them only inside functions.
 */
import * as discover from '../azure/discover';
import type { AzureEnv } from '../azure/env';
import type { DiscoveryApi, IdentitySummary, VaultSummary } from './resources';

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
      return discover.listTenants(env, { signal: options?.signal });
    },

    async listSubscriptions(env: AzureEnv, options) {
      const subscriptions = await discover.listSubscriptions(env, { signal: options?.signal });
      return subscriptions.map((subscription) => ({
        subscriptionId: subscription.subscriptionId,
        displayName: subscription.displayName,
        tenantId: subscription.tenantId ?? env.tenantId ?? '',
      }));
    },

    async listVaults(env, subscriptionIds, onPage, options) {
      for await (const page of discover.discoverVaults(env, subscriptionIds, { signal: options?.signal })) {
        onPage(page.map(toVault));
      }
    },

    async listIdentities(env, subscriptionIds, onPage, options) {
      for await (const page of discover.discoverIdentities(env, subscriptionIds, { signal: options?.signal })) {
        onPage(page.flatMap((identity) => toIdentity(identity, env.tenantId)));
      }
    },

    async resolveVault(env, reference, options) {
      const value = reference.id ?? (reference.name ? `https://${reference.name}.${env.cloud.keyVaultDnsSuffix}/` : '');
      return toVault(await discover.resolveVault(env, value, reference.subscriptionIds, { signal: options?.signal }));
    },
  };
}
