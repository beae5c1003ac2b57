import assert from 'node:assert/strict';
import fc from 'fast-check';
import { resolveOperations } from '../../../src/diagnosis/diagnose';
import type { AccessFacts, RoleAssignmentFacts, RoleDefinitionFacts } from '../../../src/diagnosis/facts';
import { callerAssignments, evaluateTarget, type AssignmentView } from '../../../src/diagnosis/rbac/evaluate';
import { reachOf } from '../../../src/diagnosis/rbac/membership';
import { resolveRole } from '../../../src/diagnosis/rbac/roles';
import { scopeContains } from '../../../src/diagnosis/rbac/scope';
import { requestTargets } from '../../../src/diagnosis/rbac/targets';
import { MANAGEMENT_GROUP_ID, ROLES, ROOT_GROUP_ID, SUBSCRIPTION_ID, VAULT_ID, makeFacts } from './support/factsBuilder';

// Enough assignments that the evaluator builds its principal index (it indexes from 1,024).
const TENANT_SIZE = 1500;

const PRINCIPALS = ['aaaaaaaa-0000-4000-8000-000000000001', 'AAAAAAAA-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002'];
const GROUPS = ['99999999-0000-4000-8000-000000000001', '99999999-0000-4000-8000-000000000002', '99999999-0000-4000-8000-00000000000A'];
const CUSTOM_ROLE_GUID = 'dddddddd-0000-4000-8000-000000000001';

/** Scopes around the vault, with the case and trailing-slash variations ARM and Key Vault produce. */
const SCOPES = [
  '/',
  ROOT_GROUP_ID,
  MANAGEMENT_GROUP_ID,
  '/providers/Microsoft.Management/managementGroups/mg-unrelated',
  SUBSCRIPTION_ID,
  `${SUBSCRIPTION_ID}/resourceGroups/rg-app`,
  `${SUBSCRIPTION_ID}/resourceGroups/RG-APP/`,
  `${SUBSCRIPTION_ID}/resourceGroups/rg-app-2`,
  VAULT_ID,
  VAULT_ID.toLowerCase(),
  `${VAULT_ID}-2`,
  `${VAULT_ID}/secrets/app-secret`,
  `${VAULT_ID}/secrets/other`,
  `${VAULT_ID}/keys/app-key`,
];

const CUSTOM_ROLE: RoleDefinitionFacts = {
  id: `${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_ROLE_GUID}`,
  name: CUSTOM_ROLE_GUID,
  roleName: 'Secrets Reader Without Set',
  roleType: 'CustomRole',
  assignableScopes: [SUBSCRIPTION_ID],
  permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/secrets/*'], notDataActions: ['Microsoft.KeyVault/vaults/secrets/setSecret/action'] }],
};

const ROLE_IDS = [
  `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.secretsUser}`,
  `${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.secretsOfficer.toUpperCase()}/`,
  `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.keyVaultReader}`,
  `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.reader}`,
  `/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_ROLE_GUID}`,
  '/providers/Microsoft.Authorization/roleDefinitions/eeeeeeee-0000-4000-8000-00000000000e',
];

const assignmentArbitrary = fc.record({
  principal: fc.constantFrom(...PRINCIPALS, ...GROUPS),
  principalType: fc.constantFrom('ServicePrincipal', 'Group', 'group', 'ForeignGroup', 'User', undefined),
  scope: fc.constantFrom(...SCOPES),
  role: fc.constantFrom(...ROLE_IDS),
  conditional: fc.boolean(),
});

const callerArbitrary = fc.record({
  principalId: fc.constantFrom(...PRINCIPALS, undefined),
  groupIds: fc.option(fc.subarray([...GROUPS, GROUPS[0]?.toUpperCase() ?? '', PRINCIPALS[0] ?? '']), { nil: undefined }),
});

interface DrawnAssignment {
  principal: string;
  principalType: string | undefined;
  scope: string;
  role: string;
  conditional: boolean;
}

function tenantFacts(drawn: readonly DrawnAssignment[], caller: { principalId?: string; groupIds?: string[] }): AccessFacts {
  const roleAssignments: RoleAssignmentFacts[] = drawn.map((draw, index) => ({
    id: `${draw.scope.replace(/\/$/, '')}/providers/Microsoft.Authorization/roleAssignments/${index}`,
    scope: draw.scope,
    roleDefinitionId: draw.role,
    principalId: draw.principal,
    ...(draw.principalType ? { principalType: draw.principalType } : {}),
    ...(draw.conditional
      ? {
          condition: "((!(ActionMatches{'Microsoft.KeyVault/vaults/secrets/getSecret/action'})) OR (@Resource[Microsoft.KeyVault/vaults/secrets:name] StringEquals 'app-secret'))",
          conditionVersion: '2.0',
        }
      : {}),
  }));

  const facts = makeFacts();
  return {
    ...facts,
    request: { ...facts.request, operations: ['secrets/get', 'secrets/list', 'secrets/set'], objects: ['secrets/app-secret', 'secrets/other'] },
    caller: { ...caller },
    roleAssignments,
    roleDefinitions: [CUSTOM_ROLE],
    managementGroupIds: [ROOT_GROUP_ID, MANAGEMENT_GROUP_ID.toUpperCase()],
  };
}

/** Lists the caller's views from every assignment, in order, through the public helpers. */
function referenceViews(facts: AccessFacts): AssignmentView[] {
  return facts.roleAssignments.flatMap((assignment) => {
    const reach = reachOf(assignment.principalId, assignment.principalType, facts);
    return reach ? [{ assignment, reach, role: resolveRole(assignment.roleDefinitionId, facts) }] : [];
  });
}

describe('rbac index', () => {
  it('lists the same caller views as a full scan', () => {
    fc.assert(
      fc.property(fc.array(assignmentArbitrary, { minLength: TENANT_SIZE, maxLength: TENANT_SIZE }), callerArbitrary, (drawn, caller) => {
        const facts = tenantFacts(drawn, caller);

        assert.deepEqual(callerAssignments(facts), referenceViews(facts));
        // A second call reads the index built by the first.
        assert.deepEqual(callerAssignments({ ...facts }), referenceViews(facts));

        const small: AccessFacts = { ...facts, roleAssignments: facts.roleAssignments.slice(0, 60) };
        assert.deepEqual(callerAssignments(small), referenceViews(small));
      }),
      { numRuns: 25, endOnFailure: true },
    );
  });

  it('decides targets like the unindexed path', () => {
    const operations = resolveOperations(['secrets/get', 'secrets/list', 'secrets/set']);
    fc.assert(
      fc.property(fc.array(assignmentArbitrary, { minLength: TENANT_SIZE, maxLength: TENANT_SIZE }), callerArbitrary, (drawn, caller) => {
        const facts = tenantFacts(drawn, caller);
        const views = callerAssignments(facts);

        for (const target of requestTargets(facts, operations)) {
          // A copied array is not one the index prepared, so it takes the scope-by-scope path.
          assert.deepEqual(evaluateTarget(facts, target, views), evaluateTarget(facts, target, [...views]));
        }
      }),
      { numRuns: 25, endOnFailure: true },
    );
  });

  it('scope test matches scopeContains', () => {
    const facts = tenantFacts(
      SCOPES.map((scope) => ({ principal: PRINCIPALS[0] as string, principalType: 'ServicePrincipal', scope, role: ROLE_IDS[0] as string, conditional: false })),
      { principalId: PRINCIPALS[0], groupIds: [] },
    );
    const padded: AccessFacts = { ...facts, roleAssignments: [...facts.roleAssignments, ...Array.from({ length: TENANT_SIZE }, () => ({ ...(facts.roleAssignments[0] as RoleAssignmentFacts), principalId: PRINCIPALS[2] as string }))] };
    const [target] = requestTargets(padded, resolveOperations(['secrets/get']));
    assert.ok(target);

    const decision = evaluateTarget(padded, target, callerAssignments(padded));
    const expected = SCOPES.filter((scope) => scopeContains(scope, target.resource, padded.managementGroupIds));
    assert.deepEqual(
      decision.inScope.map((view) => view.assignment.scope),
      expected,
    );
  });

  it('keeps the caller index after the array grows', () => {
    const facts = tenantFacts(
      Array.from({ length: TENANT_SIZE }, () => ({ principal: PRINCIPALS[2] as string, principalType: 'User', scope: VAULT_ID, role: ROLE_IDS[0] as string, conditional: false })),
      { principalId: PRINCIPALS[0], groupIds: [] },
    );
    assert.equal(callerAssignments(facts).length, 0);

    facts.roleAssignments.push({ id: 'added', scope: VAULT_ID, roleDefinitionId: ROLE_IDS[0] as string, principalId: PRINCIPALS[0] as string });
    assert.deepEqual(
      callerAssignments(facts).map((view) => view.assignment.id),
      ['added'],
    );
  });
});
