/**
 * Compares the output of a read-only verification command, run with the real az, with the
 * facts the diagnosis used. Each command form is recognized by its leading words.
 */
import type { AccessFacts } from '../../../src/diagnosis/facts';

export interface VerificationResult {
  /** Problems found; empty when the output agrees with the facts. */
  mismatches: string[];
  /** What was compared, for the test log. */
  compared: string;
}

/** Commands that read the Key Vault data plane, which the sandbox does not serve. */
export function isDataPlaneCommand(script: string): boolean {
  return /^az keyvault (secret|key|certificate) /.test(script);
}

function parseJson(stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

function isSameOrAncestorScope(scope: string, id: string): boolean {
  const normalizedScope = scope.toLowerCase().replace(/\/$/, '');
  const normalizedId = id.toLowerCase();
  return normalizedScope === '' || normalizedId === normalizedScope || normalizedId.startsWith(`${normalizedScope}/`);
}

function compareSets(label: string, actual: Iterable<string>, expected: Iterable<string>): string[] {
  const actualSet = new Set([...actual].map((value) => value.toLowerCase()));
  const expectedSet = new Set([...expected].map((value) => value.toLowerCase()));
  const missing = [...expectedSet].filter((value) => !actualSet.has(value));
  const extra = [...actualSet].filter((value) => !expectedSet.has(value));

  const mismatches: string[] = [];
  if (missing.length > 0) {
    mismatches.push(`${label}: missing from az output: ${missing.join(', ')}`);
  }
  if (extra.length > 0) {
    mismatches.push(`${label}: in az output but not in the facts: ${extra.join(', ')}`);
  }
  return mismatches;
}

function checkVaultShow(script: string, output: unknown, stdout: string, facts: AccessFacts): VerificationResult {
  const vault = facts.vault;
  if (!vault) {
    return { mismatches: ['the facts have no vault, but the command shows one'], compared: 'vault' };
  }

  if (/--output tsv/.test(script) && /properties\.tenantId/.test(script)) {
    const mismatches = stdout.trim() === vault.tenantId ? [] : [`tenantId: az ${stdout.trim()}, facts ${vault.tenantId}`];
    return { mismatches, compared: 'vault tenantId' };
  }

  if (typeof output !== 'object' || output === null || Array.isArray(output)) {
    return { mismatches: [], compared: 'vault (output is not an object; exit code only)' };
  }

  const fields = output as Record<string, unknown>;
  const mismatches: string[] = [];
  const compared: string[] = [];
  if ('enableRbacAuthorization' in fields) {
    compared.push('enableRbacAuthorization');
    if (Boolean(fields.enableRbacAuthorization) !== Boolean(vault.enableRbacAuthorization)) {
      mismatches.push(`enableRbacAuthorization: az ${String(fields.enableRbacAuthorization)}, facts ${String(vault.enableRbacAuthorization)}`);
    }
  }
  if ('tenantId' in fields) {
    compared.push('tenantId');
    if (fields.tenantId !== vault.tenantId) {
      mismatches.push(`tenantId: az ${String(fields.tenantId)}, facts ${vault.tenantId}`);
    }
  }
  if (Array.isArray(fields.accessPolicies)) {
    compared.push('accessPolicies');
    const objectIds = fields.accessPolicies.map((entry) => String((entry as { objectId?: unknown }).objectId));
    mismatches.push(...compareSets('access policy object ids', objectIds, vault.accessPolicies.map((entry) => entry.objectId)));
  }
  if ('publicNetworkAccess' in fields && vault.publicNetworkAccess !== undefined) {
    compared.push('publicNetworkAccess');
    if (fields.publicNetworkAccess !== vault.publicNetworkAccess) {
      mismatches.push(`publicNetworkAccess: az ${String(fields.publicNetworkAccess)}, facts ${vault.publicNetworkAccess}`);
    }
  }
  return { mismatches, compared: `vault ${compared.join(', ')}` };
}

function checkRoleAssignmentList(script: string, output: unknown, facts: AccessFacts): VerificationResult {
  if (!Array.isArray(output)) {
    return { mismatches: ['role assignment list did not return a JSON array'], compared: 'role assignments' };
  }

  const principalMatch = /principalId=='([0-9a-fA-F-]+)'/.exec(script);
  const vaultId = facts.vault?.id ?? facts.request.vaultId;

  // `--scope VAULT --include-inherited` returns the assignments at the vault and above it, so
  // assignments on single objects inside the vault are left out of the comparison.
  const expected = facts.roleAssignments
    .filter((assignment) => !principalMatch || assignment.principalId.toLowerCase() === principalMatch[1].toLowerCase())
    .filter((assignment) => isSameOrAncestorScope(assignment.scope, vaultId))
    .map((assignment) => assignment.id);
  const actual = output.map((assignment) => String((assignment as { id?: unknown }).id));

  return { mismatches: compareSets('role assignment ids', actual, expected), compared: `${expected.length} role assignment(s)` };
}

function checkIdentityShow(script: string, output: unknown, facts: AccessFacts): VerificationResult {
  const identity = facts.identities.find((candidate) => candidate.id.toLowerCase() === facts.caller.identityId?.toLowerCase());
  if (!identity || typeof output !== 'object' || output === null) {
    return { mismatches: identity ? ['identity show did not return an object'] : [], compared: 'identity (not in the facts; exit code only)' };
  }

  const fields = output as Record<string, unknown>;
  const mismatches: string[] = [];
  for (const field of ['clientId', 'principalId', 'tenantId'] as const) {
    if (field in fields && String(fields[field]).toLowerCase() !== identity[field].toLowerCase()) {
      mismatches.push(`${field}: az ${String(fields[field])}, facts ${identity[field]}`);
    }
  }
  return { mismatches, compared: 'identity clientId, principalId, tenantId' };
}

function checkFederatedCredentialList(output: unknown, facts: AccessFacts): VerificationResult {
  const identity = facts.identities.find((candidate) => candidate.id.toLowerCase() === facts.caller.identityId?.toLowerCase());
  if (!identity?.federatedCredentials || !Array.isArray(output)) {
    return { mismatches: [], compared: 'federated credentials (not in the facts; exit code only)' };
  }

  const actual = output.map((credential) => String((credential as { name?: unknown }).name));
  return {
    mismatches: compareSets('federated credential names', actual, identity.federatedCredentials.map((credential) => credential.name)),
    compared: `${identity.federatedCredentials.length} federated credential(s)`,
  };
}

function checkRoleDefinitionList(script: string, output: unknown): VerificationResult {
  const guid = /--name ([0-9a-fA-F-]{36})/.exec(script)?.[1];
  if (!guid || !Array.isArray(output)) {
    return { mismatches: ['role definition list did not return a JSON array'], compared: 'role definition' };
  }

  const names = output.map((definition) => String((definition as { name?: unknown }).name).toLowerCase());
  return { mismatches: names.includes(guid.toLowerCase()) ? [] : [`role definition ${guid} not in az output (${names.join(', ')})`], compared: `role definition ${guid}` };
}

/** Checks one command's output against the facts; forms not recognized pass on exit code alone. */
export function checkVerificationOutput(script: string, stdout: string, facts: AccessFacts): VerificationResult {
  const output = parseJson(stdout);

  if (script.startsWith('az keyvault show')) {
    return checkVaultShow(script, output, stdout, facts);
  }
  if (script.startsWith('az role assignment list')) {
    return checkRoleAssignmentList(script, output, facts);
  }
  if (script.startsWith('az identity show')) {
    return checkIdentityShow(script, output, facts);
  }
  if (script.startsWith('az identity federated-credential list')) {
    return checkFederatedCredentialList(output, facts);
  }
  if (script.startsWith('az role definition list')) {
    return checkRoleDefinitionList(script, output);
  }
  return { mismatches: [], compared: 'exit code only' };
}
