import type { WorkloadFacts } from '../diagnosis/workload';

/** Workload facts with every list present and empty. */
export function emptyWorkloadFacts(): WorkloadFacts {
  return {
    files: [],
    serviceAccounts: [],
    podTemplates: [],
    secretProviderClasses: [],
    secretStores: [],
    externalSecrets: [],
    roleAssignments: [],
    vaults: [],
    federatedCredentials: [],
    roleDefinitions: [],
    errors: [],
  };
}
