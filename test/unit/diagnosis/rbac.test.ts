import assert from 'node:assert/strict';
import { rbacChecks } from '../../../src/diagnosis/checks/rbac';
import type { Finding } from '../../../src/diagnosis/finding';
import {
  GROUP_ID,
  MANAGEMENT_GROUP_ID,
  OTHER_PRINCIPAL_ID,
  OTHER_VAULT_ID,
  PRINCIPAL_ID,
  RESOURCE_GROUP_ID,
  ROLES,
  SUBSCRIPTION_ID,
  VAULT_ID,
  codesWith,
  contextOf,
  makeFacts,
  objectId,
  roleAssignment,
  withCode,
} from './support/factsBuilder';
import type { AccessFacts } from '../../../src/diagnosis/facts';

function run(facts: AccessFacts): Finding[] {
  return rbacChecks(contextOf(facts));
}

function roleFixGuids(finding: Finding | undefined): string[] {
  return (finding?.fixes ?? []).flatMap((fix) => (fix.spec.kind === 'role-assignment-create' ? [fix.spec.roleDefinitionGuid] : []));
}

describe('rbac check', () => {
  it('reports no assignment with a Secrets User fix at vault scope', () => {
    const findings = run(makeFacts());

    const [blocker] = withCode(findings, 'rbac-no-assignment', 'blocker');
    assert.ok(blocker);
    const fix = blocker.fixes[0];
    assert.equal(fix?.spec.kind, 'role-assignment-create');
    if (fix?.spec.kind === 'role-assignment-create') {
      assert.equal(fix.spec.principalId, PRINCIPAL_ID);
      assert.equal(fix.spec.principalType, 'ServicePrincipal');
      assert.equal(fix.spec.roleDefinitionGuid, ROLES.secretsUser);
      assert.equal(fix.spec.scope, VAULT_ID);
    }
  });

  it('offers an object-scope alternative for a single get', () => {
    const findings = run(makeFacts());

    const scopes = withCode(findings, 'rbac-no-assignment', 'blocker')[0]?.fixes.map((fix) => (fix.spec.kind === 'role-assignment-create' ? fix.spec.scope : ''));
    assert.deepEqual(scopes, [VAULT_ID, objectId('secrets/db-password')]);
  });

  it('allows get with Secrets User at the vault', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.equal(withCode(findings, 'rbac-missing-data-action', 'ok').length, 1);
    assert.equal(withCode(findings, 'rbac-deny-assignment', 'ok').length, 1);
  });

  it('Key Vault Reader lists but cannot get', () => {
    const facts = makeFacts({ operations: ['secrets/list', 'secrets/get'] });
    facts.roleAssignments.push(roleAssignment(ROLES.keyVaultReader, VAULT_ID));

    const findings = run(facts);

    const blockers = withCode(findings, 'rbac-missing-data-action', 'blocker');
    assert.equal(blockers.length, 1);
    assert.match(blockers[0]?.title ?? '', /getSecret/);
    assert.doesNotMatch(blockers[0]?.title ?? '', /readMetadata/);
    assert.match(withCode(findings, 'rbac-missing-data-action', 'ok')[0]?.title ?? '', /secrets\/list/);
    assert.deepEqual(roleFixGuids(blockers[0]), [ROLES.secretsUser]);
    assert.equal(withCode(findings, 'rbac-control-plane-only').length, 0);
    assert.match(blockers[0]?.detail ?? '', /never their values/);
  });

  for (const [name, role] of [
    ['Owner', ROLES.owner],
    ['Contributor', ROLES.contributor],
    ['Reader', ROLES.reader],
    ['Key Vault Contributor', ROLES.keyVaultContributor],
  ] as const) {
    it(`${name} has no data access`, () => {
      const facts = makeFacts();
      facts.roleAssignments.push(roleAssignment(role, SUBSCRIPTION_ID));

      const findings = run(facts);

      const blockers = withCode(findings, 'rbac-control-plane-only', 'blocker');
      assert.equal(blockers.length, 1);
      assert.match(blockers[0]?.detail ?? '', new RegExp(role));
      assert.deepEqual(roleFixGuids(blockers[0]), [ROLES.secretsUser, ROLES.secretsUser]);
    });
  }

  it('a certificate-scope role does not cover the secret of the same name', () => {
    const facts = makeFacts({ objects: ['secrets/tls-cert'] });
    facts.roleAssignments.push(roleAssignment(ROLES.certificateUser, objectId('certificates/tls-cert')));

    const findings = run(facts);

    const blockers = withCode(findings, 'rbac-scope-mismatch', 'blocker');
    assert.equal(blockers.length, 1);
    assert.match(blockers[0]?.detail ?? '', /certificates\/tls-cert/);
  });

  it('a certificate-scope role covers certificates/get on it', () => {
    const facts = makeFacts({ operations: ['certificates/get'], objects: ['certificates/tls-cert'] });
    facts.roleAssignments.push(roleAssignment(ROLES.certificateUser, objectId('certificates/tls-cert')));

    assert.deepEqual(codesWith(run(facts), 'blocker'), []);
  });

  it('a secret-scope role cannot allow listing', () => {
    const facts = makeFacts({ operations: ['secrets/list', 'secrets/get'] });
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, objectId('secrets/db-password')));

    const findings = run(facts);

    const blockers = withCode(findings, 'rbac-scope-mismatch', 'blocker');
    assert.equal(blockers.length, 1);
    assert.match(blockers[0]?.title ?? '', /secrets\/list on the vault/);
    assert.equal(withCode(findings, 'rbac-no-assignment').length, 0);
  });

  it('a role on another vault is a scope mismatch', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, OTHER_VAULT_ID));

    assert.deepEqual(codesWith(run(facts), 'blocker'), ['rbac-scope-mismatch']);
  });

  it('notDataActions in one role does not cancel a grant from another', () => {
    const facts = makeFacts();
    const customId = `${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/5f1f1f1f-0000-4000-8000-000000000001`;
    facts.roleDefinitions.push({
      id: customId,
      name: '5f1f1f1f-0000-4000-8000-000000000001',
      roleName: 'Secrets without values',
      roleType: 'CustomRole',
      assignableScopes: [SUBSCRIPTION_ID],
      permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/secrets/*'], notDataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action'] }],
    });
    facts.roleAssignments.push(roleAssignment('5f1f1f1f-0000-4000-8000-000000000001', VAULT_ID));
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, RESOURCE_GROUP_ID));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.equal(withCode(findings, 'rbac-not-data-actions').length, 0);
  });

  it('notDataActions alone deny the action', () => {
    const facts = makeFacts();
    facts.roleDefinitions.push({
      id: `${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/5f1f1f1f-0000-4000-8000-000000000002`,
      name: '5f1f1f1f-0000-4000-8000-000000000002',
      roleName: 'Secrets without values',
      roleType: 'CustomRole',
      assignableScopes: [SUBSCRIPTION_ID],
      permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/secrets/*'], notDataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action'] }],
    });
    facts.roleAssignments.push(roleAssignment('5f1f1f1f-0000-4000-8000-000000000002', VAULT_ID));

    assert.deepEqual(codesWith(run(facts), 'blocker'), ['rbac-not-data-actions']);
  });

  it('a deny assignment blocks despite a grant', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));
    facts.denyAssignments.push({
      id: `${RESOURCE_GROUP_ID}/providers/Microsoft.Authorization/denyAssignments/d1`,
      denyAssignmentName: 'Deny data reads',
      scope: RESOURCE_GROUP_ID,
      permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/secrets/*'], notDataActions: [] }],
      principals: [{ id: '00000000-0000-0000-0000-000000000000', type: 'SystemDefined' }],
      excludePrincipals: [],
      doNotApplyToChildScopes: false,
    });

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), ['rbac-deny-assignment']);
    assert.match(withCode(findings, 'rbac-deny-assignment')[0]?.detail ?? '', /Deny data reads/);
  });

  it('a deny assignment excluding the caller\'s group does not block', () => {
    const facts = makeFacts();
    facts.caller.groupIds = [GROUP_ID];
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));
    facts.denyAssignments.push({
      id: `${RESOURCE_GROUP_ID}/providers/Microsoft.Authorization/denyAssignments/d2`,
      scope: RESOURCE_GROUP_ID,
      permissions: [{ actions: [], notActions: [], dataActions: ['*'], notDataActions: [] }],
      principals: [{ id: '00000000-0000-0000-0000-000000000000', type: 'SystemDefined' }],
      excludePrincipals: [{ id: GROUP_ID, type: 'Group' }],
      doNotApplyToChildScopes: false,
    });

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.equal(withCode(findings, 'rbac-deny-assignment', 'ok').length, 1);
  });

  it('a deny assignment for child scopes only spares the vault', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));
    facts.denyAssignments.push({
      id: `${RESOURCE_GROUP_ID}/providers/Microsoft.Authorization/denyAssignments/d3`,
      scope: RESOURCE_GROUP_ID,
      permissions: [{ actions: [], notActions: [], dataActions: ['*'], notDataActions: [] }],
      principals: [{ id: PRINCIPAL_ID, type: 'ServicePrincipal' }],
      excludePrincipals: [],
      doNotApplyToChildScopes: true,
    });

    assert.deepEqual(codesWith(run(facts), 'blocker'), []);
  });

  it('unreadable deny assignments make a grant unknown', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));
    facts.gaps.push({ fact: 'denyAssignments', error: '403 AuthorizationFailed', status: 403, code: 'AuthorizationFailed' });

    const findings = run(facts);

    const unknown = withCode(findings, 'rbac-deny-assignment', 'unknown');
    assert.equal(unknown.length, 1);
    assert.match(unknown[0]?.detail ?? '', /deny assignments could not be read: 403 AuthorizationFailed/);
    assert.deepEqual(unknown[0]?.missing, ['denyAssignments']);
  });

  it('a management group assignment reaches the vault', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, MANAGEMENT_GROUP_ID));

    assert.deepEqual(codesWith(run(facts), 'blocker'), []);
  });

  it('a management group outside the ancestry does not reach the vault', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, '/providers/Microsoft.Management/managementGroups/mg-elsewhere'));

    assert.deepEqual(codesWith(run(facts), 'blocker'), ['rbac-scope-mismatch']);
  });

  it('scopes compare case-insensitively', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID.toLowerCase()));

    assert.deepEqual(codesWith(run(facts), 'blocker'), []);
  });

  it('a group assignment grants with a group-cache warning', () => {
    const facts = makeFacts();
    facts.caller.groupIds = [GROUP_ID];
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { principalId: GROUP_ID, principalType: 'Group' }));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.equal(withCode(findings, 'rbac-group-cache', 'warning').length, 1);
    assert.match(withCode(findings, 'rbac-group-cache')[0]?.detail ?? '', /24 hours/);
  });

  it('a group assignment with unread membership is unknown', () => {
    const facts = makeFacts();
    delete facts.caller.groupIds;
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { principalId: GROUP_ID, principalType: 'Group' }));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.deepEqual(withCode(findings, 'rbac-no-assignment', 'unknown')[0]?.missing, ['directory']);
  });

  it('an assignment of another principal grants nothing', () => {
    const facts = makeFacts();
    facts.directory.principals.push({ objectId: OTHER_PRINCIPAL_ID, type: 'ServicePrincipal', displayName: 'other' });
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { principalId: OTHER_PRINCIPAL_ID }));

    assert.deepEqual(codesWith(run(facts), 'blocker'), ['rbac-no-assignment']);
  });

  it('an unknown role definition is unknown, never a guess', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment('7e7e7e7e-0000-4000-8000-000000000009', VAULT_ID));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    const unknown = withCode(findings, 'rbac-missing-data-action', 'unknown');
    assert.equal(unknown.length, 1);
    assert.deepEqual(unknown[0]?.missing, ['roleDefinitions']);
  });

  it('the unconfirmed Purge Operator role is unknown', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.purgeOperator, VAULT_ID));

    assert.equal(withCode(run(facts), 'rbac-missing-data-action', 'unknown').length, 1);
  });

  it('unreadable role assignments are unknown', () => {
    const facts = makeFacts();
    facts.gaps.push({ fact: 'roleAssignments', error: '403 AuthorizationFailed' });

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.deepEqual(withCode(findings, 'rbac-no-assignment', 'unknown')[0]?.missing, ['roleAssignments']);
  });

  it('a custom role with keys/read under actions gets a role definition fix', () => {
    const facts = makeFacts({ operations: ['keys/get', 'keys/wrap', 'keys/unwrap'], objects: ['keys/cmk'] });
    const guid = '5f1f1f1f-0000-4000-8000-000000000003';
    facts.roleDefinitions.push({
      id: `${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
      name: guid,
      roleName: 'CMK access',
      roleType: 'CustomRole',
      assignableScopes: [SUBSCRIPTION_ID],
      permissions: [{ actions: ['Microsoft.KeyVault/vaults/keys/read'], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action'], notDataActions: [] }],
    });
    facts.roleAssignments.push(roleAssignment(guid, VAULT_ID));

    const findings = run(facts);

    const blockers = withCode(findings, 'rbac-control-plane-only', 'blocker');
    assert.equal(blockers.length, 1);
    const spec = blockers[0]?.fixes[0]?.spec;
    assert.equal(spec?.kind, 'role-definition-update');
    if (spec?.kind === 'role-definition-update') {
      assert.deepEqual(spec.permissions[0]?.actions, []);
      assert.deepEqual(spec.permissions[0]?.dataActions, [
        'Microsoft.KeyVault/vaults/keys/wrap/action',
        'Microsoft.KeyVault/vaults/keys/unwrap/action',
        'Microsoft.KeyVault/vaults/keys/read',
      ]);
    }
    assert.equal(blockers[0]?.fixes.length, 1);
  });

  it('a custom role with secrets/read under actions maps to the data actions', () => {
    const facts = makeFacts();
    const guid = '5f1f1f1f-0000-4000-8000-000000000004';
    facts.roleDefinitions.push({
      id: `${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
      name: guid,
      roleName: 'App secrets reader',
      roleType: 'CustomRole',
      assignableScopes: [SUBSCRIPTION_ID],
      permissions: [{ actions: ['Microsoft.KeyVault/vaults/secrets/read'], notActions: [], dataActions: [], notDataActions: [] }],
    });
    facts.roleAssignments.push(roleAssignment(guid, VAULT_ID));

    const spec = withCode(run(facts), 'rbac-control-plane-only', 'blocker')[0]?.fixes[0]?.spec;

    assert.equal(spec?.kind, 'role-definition-update');
    if (spec?.kind === 'role-definition-update') {
      assert.deepEqual(spec.permissions[0]?.dataActions, ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action']);
    }
  });

  it('a recent assignment warns only when everything passes', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { createdOn: '2026-12-04T11:55:00Z', updatedOn: '2026-12-04T11:55:00Z' }));

    const findings = run(facts);

    assert.equal(withCode(findings, 'rbac-recent-change', 'warning').length, 1);
    assert.match(withCode(findings, 'rbac-recent-change')[0]?.detail ?? '', /5 minutes/);
  });

  it('an older second grant silences the recent-change warning', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { createdOn: '2026-12-04T11:55:00Z', updatedOn: '2026-12-04T11:55:00Z' }));
    facts.roleAssignments.push(roleAssignment(ROLES.secretsOfficer, RESOURCE_GROUP_ID));

    assert.equal(withCode(run(facts), 'rbac-recent-change').length, 0);
  });

  it('a data role at a management group two hours ago still warns', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, MANAGEMENT_GROUP_ID, { createdOn: '2026-12-04T10:00:00Z', updatedOn: '2026-12-04T10:00:00Z' }));

    assert.equal(withCode(run(facts), 'rbac-recent-change', 'warning').length, 1);
  });

  it('an hour-old vault assignment does not warn', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { createdOn: '2026-12-04T11:00:00Z', updatedOn: '2026-12-04T11:00:00Z' }));

    assert.equal(withCode(run(facts), 'rbac-recent-change').length, 0);
  });

  it('an assignment naming a deleted principal is orphaned', () => {
    const facts = makeFacts();
    const stale = roleAssignment(ROLES.secretsUser, VAULT_ID, { principalId: OTHER_PRINCIPAL_ID });
    facts.roleAssignments.push(stale);
    facts.directory.missingObjectIds.push(OTHER_PRINCIPAL_ID);

    const findings = run(facts);

    const blockers = withCode(findings, 'rbac-orphaned-assignment', 'blocker');
    assert.equal(blockers.length, 1);
    assert.deepEqual(
      blockers[0]?.fixes.map((fix) => fix.spec.kind),
      ['role-assignment-create', 'role-assignment-delete'],
    );
    const [create, remove] = blockers[0]?.fixes ?? [];
    if (create?.spec.kind === 'role-assignment-create') {
      assert.equal(create.spec.principalId, PRINCIPAL_ID);
      assert.equal(create.spec.roleDefinitionGuid, ROLES.secretsUser);
      assert.equal(create.spec.scope, VAULT_ID);
    }
    if (remove?.spec.kind === 'role-assignment-delete') {
      assert.equal(remove.spec.assignmentId, stale.id);
    }
  });

  it('an assignment older than a recreated identity is orphaned', () => {
    const facts = makeFacts();
    facts.caller.createdAt = '2026-12-01T08:00:00Z';
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { principalId: OTHER_PRINCIPAL_ID, createdOn: '2026-04-08T10:00:00Z' }));

    assert.deepEqual(codesWith(run(facts), 'blocker'), ['rbac-orphaned-assignment']);
  });

  it('an assignment of a known principal is not orphaned', () => {
    const facts = makeFacts();
    facts.caller.createdAt = '2026-12-01T08:00:00Z';
    facts.directory.principals.push({ objectId: OTHER_PRINCIPAL_ID, type: 'ServicePrincipal', displayName: 'cluster' });
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { principalId: OTHER_PRINCIPAL_ID, createdOn: '2026-04-08T10:00:00Z' }));

    assert.deepEqual(codesWith(run(facts), 'blocker'), ['rbac-no-assignment']);
  });

  it('a stale assignment beside a working one is info', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { principalId: OTHER_PRINCIPAL_ID }));
    facts.directory.missingObjectIds.push(OTHER_PRINCIPAL_ID);

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.equal(withCode(findings, 'rbac-orphaned-assignment', 'info').length, 1);
  });

  it('the unknown principal id makes the check unknown', () => {
    const facts = makeFacts();
    delete facts.caller.principalId;
    facts.gaps.push({ fact: 'caller', error: 'identity not found' });

    const findings = run(facts);

    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'unknown');
    assert.match(findings[0]?.detail ?? '', /identity not found/);
  });

  it('writing secrets asks for Secrets Officer', () => {
    const facts = makeFacts({ operations: ['secrets/get', 'secrets/set'] });
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));

    const blocker = withCode(run(facts), 'rbac-missing-data-action', 'blocker')[0];

    assert.deepEqual(roleFixGuids(blocker), [ROLES.secretsOfficer, ROLES.secretsOfficer]);
  });

  it('encryption at rest asks for Crypto Service Encryption User', () => {
    const facts = makeFacts({ operations: ['keys/get', 'keys/wrap', 'keys/unwrap'], objects: ['keys/cmk'] });

    const blocker = withCode(run(facts), 'rbac-no-assignment', 'blocker')[0];

    assert.deepEqual(roleFixGuids(blocker), [ROLES.cryptoServiceEncryptionUser, ROLES.cryptoServiceEncryptionUser]);
  });

  it('signing asks for Crypto User', () => {
    const facts = makeFacts({ operations: ['keys/sign'], objects: ['keys/signing'] });

    assert.deepEqual(roleFixGuids(withCode(run(facts), 'rbac-no-assignment', 'blocker')[0]), [ROLES.cryptoUser, ROLES.cryptoUser]);
  });

  it('the CSI driver reading a certificate object asks for Certificate User', () => {
    const facts = makeFacts({ operations: ['certificates/get'], objects: ['certificates/tls'] });
    facts.request.client = 'csi-driver';

    assert.deepEqual(roleFixGuids(withCode(run(facts), 'rbac-no-assignment', 'blocker')[0]), [ROLES.certificateUser, ROLES.certificateUser]);
  });

  it('the CSI driver reading a key object asks for Certificate User', () => {
    const facts = makeFacts({ operations: ['keys/get'], objects: ['keys/signing'] });
    facts.request.client = 'csi-driver';

    assert.deepEqual(roleFixGuids(withCode(run(facts), 'rbac-no-assignment', 'blocker')[0]), [ROLES.certificateUser, ROLES.certificateUser]);
  });

  it('a request without a named object is checked at the vault', () => {
    const facts = makeFacts({ objects: [] });
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, objectId('secrets/db-password')));

    const findings = run(facts);

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.equal(withCode(findings, 'rbac-scope-mismatch', 'warning').length, 1);
  });

  it('names the role, GUID and scope in the detail', () => {
    const facts = makeFacts({ operations: ['secrets/list', 'secrets/get'] });
    facts.roleAssignments.push(roleAssignment(ROLES.keyVaultReader, VAULT_ID));

    const detail = withCode(run(facts), 'rbac-missing-data-action', 'blocker')[0]?.detail ?? '';

    assert.match(detail, /Key Vault Reader \(21090545-7ca7-4776-b22c-e363652d74d2\)/);
    assert.ok(detail.includes(VAULT_ID));
  });
});
