import { strict as assert } from 'node:assert';
import { diagnose } from '../../../src/diagnosis/diagnose';
import type { AccessFacts } from '../../../src/diagnosis/facts';
import { accessPolicy, makeFacts, OTHER_PRINCIPAL_ID, PRINCIPAL_ID, roleAssignment, ROLES, SUBSCRIPTION_ID, VAULT_ID, withCode } from './support/factsBuilder';

const CLUSTER_PRINCIPAL = '4fba5b13-5c68-46b3-92be-1af15a3374c0';

/** The caller is the cluster's kubelet identity; the cluster's own identity holds the roles. */
function kubeletCaller(facts: AccessFacts): AccessFacts {
  facts.cluster = {
    id: `${SUBSCRIPTION_ID}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-warehouse`,
    name: 'aks-warehouse',
    clusterPrincipalId: CLUSTER_PRINCIPAL,
    kubeletIdentity: { objectId: PRINCIPAL_ID, clientId: facts.caller.clientId },
    nodeSubnetIds: [],
  };
  facts.directory.principals.push({ objectId: CLUSTER_PRINCIPAL, type: 'ServicePrincipal', displayName: 'aks-warehouse' });
  return facts;
}

describe('other holders of vault access', () => {
  it('names the cluster identity holding the role', () => {
    const facts = kubeletCaller(makeFacts());
    facts.roleAssignments = [roleAssignment(ROLES.secretsUser, VAULT_ID, { principalId: CLUSTER_PRINCIPAL })];
    const diagnosis = diagnose(facts);
    const [finding] = withCode(diagnosis.findings, 'rbac-no-assignment', 'blocker');

    assert.match(finding.detail, new RegExp(`Key Vault Secrets User is held by aks-warehouse \\(cluster identity of aks-warehouse, ${CLUSTER_PRINCIPAL}\\), not by the kubelet identity of cluster aks-warehouse that calls`));
    const principals = diagnosis.findings.flatMap((each) => each.fixes.map((fix) => JSON.stringify(fix.spec)));
    assert.ok(principals.every((spec) => !spec.includes(CLUSTER_PRINCIPAL)), 'no fix names the other principal');
  });

  it('skips unknown principals and control-plane roles', () => {
    const facts = kubeletCaller(makeFacts());
    facts.roleAssignments = [
      roleAssignment(ROLES.secretsUser, VAULT_ID, { principalId: 'dddddddd-0000-4000-8000-000000000009' }),
      roleAssignment(ROLES.reader, VAULT_ID, { principalId: CLUSTER_PRINCIPAL }),
    ];
    const [finding] = withCode(diagnose(facts).findings, 'rbac-no-assignment', 'blocker');

    assert.doesNotMatch(finding.detail, /held by/);
  });

  it('names another identity with an access policy', () => {
    const facts = makeFacts({ rbac: false });
    facts.directory.principals.push({ objectId: OTHER_PRINCIPAL_ID, type: 'User', displayName: 'Platform Admin' });
    facts.vault!.accessPolicies = [accessPolicy(OTHER_PRINCIPAL_ID, { secrets: ['get', 'list'] })];
    const [finding] = withCode(diagnose(facts).findings, 'policy-no-entry', 'blocker');

    assert.match(finding.detail, new RegExp(`An access policy entry with secrets get, list is held by Platform Admin \\(User, ${OTHER_PRINCIPAL_ID}\\), not by id-app, which calls`));
  });
});
