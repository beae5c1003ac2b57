/**
 * A SecretProviderClass in VM managed identity mode, shared by the check report tests. The fix
 * that switches it to workload identity replaces lines 9 to 11 with one clientID line.
 */
export const VM_MODE_PROVIDER_CLASS = [
  'apiVersion: secrets-store.csi.x-k8s.io/v1',
  'kind: SecretProviderClass',
  'metadata:',
  '  name: web-portal-tls',
  '  namespace: web',
  'spec:',
  '  provider: azure',
  '  parameters:',
  '    usePodIdentity: "false"',
  '    useVMManagedIdentity: "true"',
  '    userAssignedIdentityID: "a883ec47-91c4-4078-ad42-30a660f7175c"',
  '    keyvaultName: kv-web-prod',
  '',
].join('\n');
