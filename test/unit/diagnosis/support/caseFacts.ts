/**
 * AccessFacts for the real-world situations the scenario cases describe, built by hand the way the
 * collector reports them, plus an assertion of the expected codes over the check families of the
 * authorization core (model, authorization, object state, collection).
 */
import assert from 'node:assert/strict';
import { diagnose, verdictOf } from '../../../../src/diagnosis/diagnose';
import {
  FACTS_SCHEMA,
  type AccessFacts,
  type AccessPolicyEntry,
  type AccessRequest,
  type CallerFacts,
  type ClientKind,
  type DirectoryFacts,
  type IdentityFacts,
  type ObjectFacts,
  type RoleAssignmentFacts,
  type RoleDefinitionFacts,
} from '../../../../src/diagnosis/facts';
import type { CauseCode, Diagnosis, Finding, Verdict } from '../../../../src/diagnosis/finding';

export interface CaseSpec {
  now?: string;
  tenantId: string;
  vaultId: string;
  rbac: boolean | null;
  vaultTenantId?: string;
  accessPolicies?: AccessPolicyEntry[];
  callerRef: AccessRequest['caller'];
  caller: CallerFacts;
  operations: string[];
  objects: string[];
  /** Object states that differ from "exists and enabled". */
  objectStates?: ObjectFacts[];
  client?: ClientKind;
  roleAssignments?: RoleAssignmentFacts[];
  roleDefinitions?: RoleDefinitionFacts[];
  identities?: IdentityFacts[];
  directory?: Partial<DirectoryFacts>;
  observedError?: string;
}

/** Builds a role assignment as the collector normalises ARM's body. */
export function armAssignment(name: string, role: string, principalId: string, scope: string, createdOn: string, principalType = 'ServicePrincipal'): RoleAssignmentFacts {
  const subscription = scope.split('/').slice(0, 3).join('/');
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    scope,
    roleDefinitionId: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
    principalId,
    principalType,
    condition: null,
    conditionVersion: null,
    createdOn,
    updatedOn: createdOn,
  };
}

export function caseFacts(spec: CaseSpec): AccessFacts {
  const vaultName = spec.vaultId.split('/').pop() as string;
  const states = new Map((spec.objectStates ?? []).map((state) => [state.ref, state]));
  const request: AccessRequest = { vaultId: spec.vaultId, caller: spec.callerRef, operations: spec.operations, objects: spec.objects };
  if (spec.client) {
    request.client = spec.client;
  }
  if (spec.observedError) {
    request.observedError = spec.observedError;
  }

  return {
    schema: FACTS_SCHEMA,
    now: spec.now ?? '2026-12-04T12:00:00Z',
    request,
    vault: {
      id: spec.vaultId,
      name: vaultName,
      location: 'westeurope',
      tenantId: spec.vaultTenantId ?? spec.tenantId,
      vaultUri: `https://${vaultName}.vault.azure.net/`,
      enableRbacAuthorization: spec.rbac,
      publicNetworkAccess: 'Enabled',
      networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
      accessPolicies: spec.accessPolicies ?? [],
      privateEndpointConnections: [],
    },
    caller: spec.caller,
    identities: spec.identities ?? [],
    directory: { principals: [], missingObjectIds: [], ...spec.directory },
    roleAssignments: spec.roleAssignments ?? [],
    roleDefinitions: spec.roleDefinitions ?? [],
    denyAssignments: [],
    managementGroupIds: [`/providers/Microsoft.Management/managementGroups/${spec.tenantId}`],
    objects: spec.objects.map((ref) => states.get(ref) ?? { ref, id: `${spec.vaultId}/${ref}`, exists: true, enabled: true }),
    network: { privateEndpoints: [], privateDnsZones: [], virtualNetworks: [] },
    gaps: [],
  };
}

/** Codes of the authorization core, the ones these tests judge. */
export const OWNED_CODES: readonly CauseCode[] = [
  'model-access-policies', 'model-rbac',
  'rbac-no-assignment', 'rbac-control-plane-only', 'rbac-missing-data-action', 'rbac-not-data-actions', 'rbac-scope-mismatch',
  'rbac-orphaned-assignment', 'rbac-deny-assignment', 'rbac-condition', 'rbac-recent-change', 'rbac-group-cache',
  'policy-no-entry', 'policy-client-id-as-object-id', 'policy-missing-permission', 'policy-compound-identity', 'policy-tenant-mismatch',
  'secret-disabled', 'key-operation-not-allowed', 'facts-incomplete',
];

const OWNED_FAMILIES: readonly Finding['family'][] = ['model', 'authorization', 'object', 'collection'];

export interface CaseExpectation {
  /** The verdict of the authorization core's findings alone. */
  verdict: Verdict;
  blockers?: CauseCode[];
  warnings?: CauseCode[];
  /** Codes the case tolerates as blocker or warning besides the expected ones. */
  tolerated?: CauseCode[];
}

/** Diagnoses the facts and checks the expectation against the authorization core's findings. */
export function assertCase(facts: AccessFacts, expected: CaseExpectation): Diagnosis {
  const diagnosis = diagnose(facts);
  const findings = diagnosis.findings.filter((finding) => OWNED_FAMILIES.includes(finding.family));
  const raised = (code: CauseCode, severities: Finding['severity'][]) => findings.some((finding) => finding.code === code && severities.includes(finding.severity));

  assert.equal(verdictOf(findings), expected.verdict, `verdict; findings: ${findings.map((finding) => `${finding.code}:${finding.severity}`).join(', ')}`);
  for (const code of expected.blockers ?? []) {
    assert.ok(raised(code, ['blocker']), `${code} is a blocker`);
  }
  for (const code of expected.warnings ?? []) {
    assert.ok(raised(code, ['warning', 'blocker']), `${code} is a warning`);
  }

  const allowed = new Set([...(expected.blockers ?? []), ...(expected.warnings ?? []), ...(expected.tolerated ?? [])]);
  for (const code of OWNED_CODES.filter((candidate) => !allowed.has(candidate))) {
    assert.ok(!raised(code, ['blocker', 'warning']), `${code} must not be a blocker or warning`);
  }
  return diagnosis;
}

/** Lists every fix spec of the authorization core's findings, for assertions on ids, roles and scopes. */
export function fixSpecs(diagnosis: Diagnosis): Record<string, unknown>[] {
  return diagnosis.findings
    .filter((finding) => OWNED_FAMILIES.includes(finding.family))
    .flatMap((finding) => finding.fixes.map((fix) => fix.spec as unknown as Record<string, unknown>));
}

/** Builds a Key Vault ForbiddenByRbac body as Key Vault returns it (the resource lower-cased). */
export function rbacError(principalId: string, tenantId: string, action: string, resource: string): string {
  const vaultName = resource.split('/vaults/')[1]?.split('/')[0] ?? '';
  const message = [
    'Caller is not authorized to perform action on resource.',
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.',
    `Caller: appid=00000000-0000-4000-8000-00000000000a;oid=${principalId};iss=https://sts.windows.net/${tenantId}/`,
    `Action: '${action}'`,
    `Resource: '${resource.toLowerCase()}'`,
    'Assignment: (not found)',
    'DenyAssignmentId: null',
    'DecisionReason: null',
    `Vault: ${vaultName};location=westeurope`,
    '',
  ].join('\r\n');
  return JSON.stringify({ error: { code: 'Forbidden', message, innererror: { code: 'ForbiddenByRbac' } } });
}

/** Builds a Key Vault access policy denial body ("does not have secrets get permission"). */
export function policyError(principalId: string, clientId: string, tenantId: string, vaultName: string, collection: string, permission: string): string {
  const message = `The user, group or application 'appid=${clientId};oid=${principalId};iss=https://sts.windows.net/${tenantId}/' does not have ${collection} ${permission} permission on key vault '${vaultName};location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`;
  return JSON.stringify({ error: { code: 'Forbidden', message, innererror: { code: 'ForbiddenByPolicy' } } });
}
