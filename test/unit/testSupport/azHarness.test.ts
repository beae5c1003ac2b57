/**
 * The pure parts of the az end-to-end harness: the custom cloud, hostile-name derivation, the
 * fix plan, the state snapshot and the verification output check.
 */
import assert from 'node:assert/strict';
import type { AccessFacts } from '../../../src/diagnosis/facts';
import type { Diagnosis, Finding } from '../../../src/diagnosis/finding';
import type { Scenario } from '../../../src/scenario/types';
import { TenantState } from '../../../sandbox';
import { buildCloudConfig } from '../../az/support/azSession';
import { expectedWrites, matchesWrite, planFixes } from '../../az/support/fixPlan';
import { HOSTILE_GROUP_SUFFIX, HOSTILE_ROLE_NAME, withHostileResourceGroups, withHostileRoleNames } from '../../az/support/hostileNames';
import { snapshotState } from '../../az/support/stateSnapshot';
import { checkVerificationOutput, isDataPlaneCommand } from '../../az/support/verificationCheck';

const subscription = '/subscriptions/00000000-0000-0000-0000-000000000001';
const vaultId = `${subscription}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app`;
const identityId = `${subscription}/resourceGroups/rg-app-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app`;
const principalId = '11111111-1111-1111-1111-111111111111';

function scenario(): Scenario {
  return {
    schema: 'kv-scenario/1',
    now: '2026-12-04T12:00:00Z',
    tenant: {
      tenantId: '22222222-2222-2222-2222-222222222222',
      subscriptions: [{ subscriptionId: '00000000-0000-0000-0000-000000000001', displayName: 'Test', tenantId: '22222222-2222-2222-2222-222222222222', state: 'Enabled' }],
      resources: [
        { id: vaultId, name: 'kv-app', type: 'Microsoft.KeyVault/vaults', properties: { accessPolicies: [{ objectId: principalId, permissions: { secrets: ['list', 'get'] } }] } },
        { id: identityId, name: 'id-app', type: 'Microsoft.ManagedIdentity/userAssignedIdentities' },
        { id: `${subscription}/resourceGroups/rg-app-2/providers/Microsoft.KeyVault/vaults/kv-other`, name: 'kv-other', type: 'Microsoft.KeyVault/vaults' },
      ],
      roleDefinitions: [{ id: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/r1`, name: 'r1', type: 'Microsoft.Authorization/roleDefinitions', properties: { roleName: 'Reader Plus' } }],
    },
    directory: { principals: [] },
    question: { vault: vaultId, caller: { identity: identityId }, operations: ['secrets/get'] },
    workspace: { files: { 'k8s/sa.yaml': 'metadata:\n  name: rg-app\n' } },
  };
}

function finding(code: Finding['code'], severity: Finding['severity'], fixes: Finding['fixes']): Finding {
  return { code, family: 'authorization', severity, title: code, detail: '', evidence: [], fixes };
}

const roleFix = {
  title: 'Assign Key Vault Secrets User',
  spec: { kind: 'role-assignment-create' as const, principalId, principalType: 'ServicePrincipal', roleDefinitionGuid: '4633458b-17de-408a-b874-0445c86b69e6', roleName: 'Key Vault Secrets User', scope: vaultId },
};

describe('az harness cloud config', () => {
  it('uses an ADFS authority on the sandbox', () => {
    const config = buildCloudConfig('https://127.0.0.1:8443') as { endpoints: Record<string, string> };

    assert.equal(config.endpoints.activeDirectory, 'https://127.0.0.1:8443/adfs');
    assert.equal(config.endpoints.resourceManager, 'https://127.0.0.1:8443/');
    assert.equal(config.endpoints.microsoftGraphResourceId, 'https://127.0.0.1:8443/graph/');
  });
});

describe('hostile resource groups', () => {
  const { scenario: derived, renames } = withHostileResourceGroups(scenario());

  it('renames the vault and identity groups', () => {
    assert.deepEqual(renames.map((rename) => rename.from).sort(), ['rg-app', 'rg-app-identity']);
    assert.equal(derived.question.vault, vaultId.replace('/rg-app/', `/rg-app${HOSTILE_GROUP_SUFFIX}/`));
    assert.equal(derived.question.caller.identity, identityId.replace('/rg-app-identity/', `/rg-app-identity${HOSTILE_GROUP_SUFFIX}/`));
  });

  it('leaves longer names alone', () => {
    assert.ok(derived.tenant.resources[2].id.includes('/rg-app-2/'), derived.tenant.resources[2].id);
  });

  it('keeps workspace files', () => {
    assert.equal(derived.workspace?.files['k8s/sa.yaml'], 'metadata:\n  name: rg-app\n');
  });

  it('keeps within the ARM group name rule', () => {
    for (const rename of renames) {
      assert.match(rename.to, /^[-\p{L}\p{N}_.()]+$/u);
      assert.ok(!rename.to.endsWith('.'));
    }
  });
});

describe('hostile role names', () => {
  it('renames every custom role', () => {
    const derived = withHostileRoleNames(scenario());
    assert.equal(derived.tenant.roleDefinitions?.[0].properties?.roleName, HOSTILE_ROLE_NAME);
    assert.equal(scenario().tenant.roleDefinitions?.[0].properties?.roleName, 'Reader Plus');
  });
});

describe('fix plan', () => {
  it('runs blocker fixes and sets alternatives apart', () => {
    const alternative = { title: 'Or switch the vault to Azure RBAC', spec: { kind: 'vault-update' as const, vaultId, enableRbacAuthorization: true } };
    const diagnosis = {
      verdict: 'blocked',
      findings: [finding('rbac-no-assignment', 'blocker', [roleFix, alternative]), finding('rbac-recent-change', 'warning', [roleFix])],
    } as unknown as Diagnosis;

    const plan = planFixes(diagnosis);

    assert.deepEqual(plan.steps.map((step) => step.spec.kind), ['role-assignment-create']);
    assert.deepEqual(plan.alternatives.map((step) => step.spec.kind), ['vault-update']);
    assert.deepEqual([...plan.fixedCodes], ['rbac-no-assignment']);
    assert.equal(plan.coversAllBlockers, true);
  });

  it('skips fixes outside Resource Manager', () => {
    const enable = { title: 'Enable the secret', spec: { kind: 'secret-enable' as const, vaultName: 'kv-app', secretName: 's1' } };
    const diagnosis = { verdict: 'blocked', findings: [finding('secret-disabled', 'blocker', [enable]), finding('rbac-no-assignment', 'blocker', [])] } as unknown as Diagnosis;

    const plan = planFixes(diagnosis);

    assert.equal(plan.steps.length, 0);
    assert.equal(plan.skipped.length, 1);
    assert.match(plan.skipped[0].reason, /secret-enable/);
    assert.equal(plan.coversAllBlockers, false);
  });

  it('runs a shared command once', () => {
    const diagnosis = { verdict: 'blocked', findings: [finding('model-access-policies', 'blocker', [roleFix]), finding('rbac-no-assignment', 'blocker', [roleFix])] } as unknown as Diagnosis;
    assert.equal(planFixes(diagnosis).steps.length, 1);
  });
});

describe('expected writes', () => {
  it('matches a new role assignment below the scope', () => {
    const [target] = expectedWrites(roleFix.spec) ?? [];

    assert.ok(matchesWrite(target, 'PUT', `${vaultId}/providers/Microsoft.Authorization/roleAssignments/abc`));
    assert.ok(!matchesWrite(target, 'PUT', `${vaultId}/providers/Microsoft.Authorization/roleAssignments/`));
    assert.ok(!matchesWrite(target, 'DELETE', `${vaultId}/providers/Microsoft.Authorization/roleAssignments/abc`));
  });

  it('matches vault ids exactly', () => {
    const [target] = expectedWrites({ kind: 'access-policy-set', vaultId, objectId: principalId, secrets: ['get'] }) ?? [];

    assert.ok(matchesWrite(target, 'PUT', vaultId.toLowerCase()));
    assert.ok(!matchesWrite(target, 'PUT', `${vaultId}-2`));
  });
});

describe('state snapshot', () => {
  it('ignores permission order and systemData', () => {
    const state = new TenantState(scenario());
    const before = snapshotState(state);

    const vault = state.resources.get(vaultId.toLowerCase());
    assert.ok(vault);
    vault.systemData = { lastModifiedAt: '2026-12-04T12:00:01Z' };
    (vault.properties as { accessPolicies: Array<{ permissions: { secrets: string[] } }> }).accessPolicies[0].permissions.secrets = ['get', 'list'];

    assert.equal(snapshotState(state), before);
  });

  it('ignores role definition write times', () => {
    const state = new TenantState(scenario());
    const before = snapshotState(state);

    const role = state.customRoles.get('r1');
    assert.ok(role);
    (role.properties as Record<string, unknown>).updatedOn = '2026-12-04T12:00:02Z';

    assert.equal(snapshotState(state), before);
  });

  it('sees a changed property', () => {
    const state = new TenantState(scenario());
    const before = snapshotState(state);

    const vault = state.resources.get(vaultId.toLowerCase());
    assert.ok(vault);
    (vault.properties as Record<string, unknown>).enableRbacAuthorization = true;

    assert.notEqual(snapshotState(state), before);
  });
});

describe('verification output check', () => {
  const facts = {
    request: { vaultId },
    vault: { id: vaultId, tenantId: '22222222-2222-2222-2222-222222222222', enableRbacAuthorization: true, accessPolicies: [] },
    caller: { principalId, identityId },
    identities: [],
    roleAssignments: [
      { id: `${vaultId}/providers/Microsoft.Authorization/roleAssignments/a1`, scope: vaultId, principalId, roleDefinitionId: 'x' },
      { id: `${vaultId}/secrets/s1/providers/Microsoft.Authorization/roleAssignments/a2`, scope: `${vaultId}/secrets/s1`, principalId, roleDefinitionId: 'x' },
      { id: `${subscription}/providers/Microsoft.Authorization/roleAssignments/a3`, scope: subscription, principalId: '33333333-3333-3333-3333-333333333333', roleDefinitionId: 'x' },
    ],
  } as unknown as AccessFacts;

  it('compares role assignments at and above the vault', () => {
    const script = `az role assignment list --scope ${vaultId} --include-inherited --query "[?principalId=='${principalId}']"`;
    const agreeing = JSON.stringify([{ id: `${vaultId}/providers/Microsoft.Authorization/roleAssignments/a1` }]);
    const extra = JSON.stringify([{ id: `${vaultId}/providers/Microsoft.Authorization/roleAssignments/a1` }, { id: '/x' }]);

    assert.deepEqual(checkVerificationOutput(script, agreeing, facts).mismatches, []);
    assert.equal(checkVerificationOutput(script, extra, facts).mismatches.length, 1);
  });

  it('compares the vault permission model', () => {
    const script = 'az keyvault show --name kv-app --query "{tenantId:properties.tenantId, enableRbacAuthorization:properties.enableRbacAuthorization}"';

    assert.deepEqual(checkVerificationOutput(script, JSON.stringify({ tenantId: '22222222-2222-2222-2222-222222222222', enableRbacAuthorization: true }), facts).mismatches, []);
    assert.equal(checkVerificationOutput(script, JSON.stringify({ tenantId: '22222222-2222-2222-2222-222222222222', enableRbacAuthorization: false }), facts).mismatches.length, 1);
  });

  it('recognises data-plane commands', () => {
    assert.ok(isDataPlaneCommand('az keyvault secret list-versions --vault-name kv --name s'));
    assert.ok(!isDataPlaneCommand('az keyvault show --name kv'));
  });
});
