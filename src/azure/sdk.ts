/**
 * Lazy loaders for the SDK packages. Each package is required on first use, not when this module
 * loads, so the extension's activation stays free of them. `require` (not `import()`) keeps one
 * CommonJS instance of each package, shared with the packages that depend on it.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

export function loadKeyVaultSdk(): typeof import('@azure/arm-keyvault') {
  return require('@azure/arm-keyvault');
}

export function loadAuthorizationSdk(): typeof import('@azure/arm-authorization') {
  return require('@azure/arm-authorization');
}

export function loadManagedIdentitySdk(): typeof import('@azure/arm-msi') {
  return require('@azure/arm-msi');
}

export function loadResourceGraphSdk(): typeof import('@azure/arm-resourcegraph') {
  return require('@azure/arm-resourcegraph');
}

export function loadSubscriptionsSdk(): typeof import('@azure/arm-resources-subscriptions') {
  return require('@azure/arm-resources-subscriptions');
}

export function loadLogsQuerySdk(): typeof import('@azure/monitor-query-logs') {
  return require('@azure/monitor-query-logs');
}

export function loadCorePipeline(): typeof import('@azure/core-rest-pipeline') {
  return require('@azure/core-rest-pipeline');
}

export function loadIdentity(): typeof import('@azure/identity') {
  return require('@azure/identity');
}
