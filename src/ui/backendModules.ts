/**
 * The modules the extension loads on first use: the Azure layer (ARM clients, credentials,
 * collection, Apply) with the SDK packages it requires, the diagnosis engine, the pasted-error
 * explanation and the facts validation of saved diagnoses. This file is
 * the entry point of the second bundle, dist/backend.js, and is reached only through
 * `backend()` in ./backend.ts, so activation neither reads nor compiles any of it.
 */
export { apply } from '../azure/apply';
export { AzureClients } from '../azure/clients';
export { azureCliCredential, cachingCredential, environmentCredential } from '../azure/credentials';
export { collect } from '../azure/collect';
export * as discover from '../azure/discover';
export { readFederatedCredentials } from '../azure/federatedCredentials';
export { readRecentDenials } from '../azure/recentDenials';
export { queryResourceGraph } from '../azure/resourceGraph';
export { explainError } from '../diagnosis/errors/explain';
export { parseAccessFacts } from '../diagnosis/validate';
export { diagnoseFacts } from './engine';
