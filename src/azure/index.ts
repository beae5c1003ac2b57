/**
 * The Azure side of the product: clouds, credentials, `collect`, `apply` and discovery. SDK
 * packages load on first use, so importing this module at extension activation loads none.
 */
export { armScope, cloudByName, cloudFromMetadata, CLOUDS, customCloud, graphScope, type AzureCloud, type CustomCloudValues } from './clouds';
export { fetchCloudMetadata } from './cloudMetadata';
export { azureCliCredential, cachingCredential, clientSecretCredential, environmentCredential } from './credentials';
export { DEFAULT_RETRY, type AzureEnv, type Logger, type RequestRecord, type RetrySettings } from './env';
export { collect, collectWithStats, type CollectOptions, type CollectStats } from './collect';
export { readRecentDenials, type RecentDenialsResult } from './recentDenials';
export { apply, requiredRolesFor, type ApplicableFix, type ApplyOptions, type ApplyResult, type WriteOutcome, type WriteStatus } from './apply';
export {
  discoverIdentities,
  discoverVaults,
  listSubscriptions,
  listTenants,
  resolveVault,
  vaultNameFromUri,
  type DiscoveryOptions,
  type IdentitySummary,
  type SubscriptionSummary,
  type TenantSummary,
  type VaultSummary,
} from './discover';
export { InvalidRequestError, validateAccessRequest } from './request';
export { describeError, formatError } from './errors';
