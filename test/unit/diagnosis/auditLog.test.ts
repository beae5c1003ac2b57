import assert from 'node:assert/strict';
import { errorFromDenial, relevantDenial } from '../../../src/diagnosis/audit/denialError';
import { operationOfLoggedName } from '../../../src/diagnosis/audit/operationNames';
import { buildContext, diagnose } from '../../../src/diagnosis/diagnose';
import type { AccessFacts, AuditDenialGroup } from '../../../src/diagnosis/facts';
import { parseAccessFacts } from '../../../src/diagnosis/validate';
import { clusterVerifySpecs, execTarget, NAMESPACE_PLACEHOLDER, TARGET_PLACEHOLDER, vaultHost } from '../../../src/diagnosis/verify/clusterChecks';
import { CLIENT_ID, makeFacts, PRINCIPAL_ID, roleAssignment, ROLES, SUBSCRIPTION_ID, VAULT_ID, withCode } from './support/factsBuilder';

const KUBELET_OID = 'dddddddd-0000-4000-8000-000000000004';
const KUBELET_APPID = 'eeeeeeee-0000-4000-8000-000000000005';
const WORKSPACE_ID = `${SUBSCRIPTION_ID}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops`;

function denial(overrides: Partial<AuditDenialGroup> = {}): AuditDenialGroup {
  return {
    operationName: 'SecretGet',
    operation: 'secrets/get',
    status: 403,
    reason: 'ForbiddenByRbac',
    callerObjectId: KUBELET_OID,
    callerClientId: KUBELET_APPID,
    clientAddress: '10.31.0.37',
    count: 3,
    firstSeen: '2026-12-04T11:40:00.000Z',
    lastSeen: '2026-12-04T11:50:00.000Z',
    ...overrides,
  };
}

/** Facts of a caller with Key Vault Secrets User on the vault, plus the audit log. */
function factsWithDenials(denials: AuditDenialGroup[]): AccessFacts {
  const facts = makeFacts();
  facts.roleAssignments = [roleAssignment(ROLES.secretsUser, VAULT_ID)];
  facts.auditLog = {
    destination: 'log-analytics',
    workspaceId: WORKSPACE_ID,
    table: 'AZKVAuditLogs',
    window: { start: '2026-12-03T12:00:00.000Z', end: '2026-12-04T12:00:00.000Z' },
    rowLimit: 200,
    truncated: false,
    denials,
  };
  return facts;
}

describe('audit operation names', () => {
  it('maps logged names to catalogue operations', () => {
    assert.equal(operationOfLoggedName('SecretGet')?.name, 'secrets/get');
    assert.equal(operationOfLoggedName('KeyUnwrap')?.name, 'keys/unwrap');
    assert.equal(operationOfLoggedName('CertificateListVersions')?.name, 'certificates/listversions');
    assert.equal(operationOfLoggedName('KeyRotationPolicyGet')?.name, 'keys/getrotationpolicy');
  });

  it('leaves other operations unmapped', () => {
    assert.equal(operationOfLoggedName('Authentication'), undefined);
    assert.equal(operationOfLoggedName('VaultGet'), undefined);
    assert.equal(operationOfLoggedName('SecretFrobnicate'), undefined);
  });
});

describe('logged denial as the error', () => {
  it('builds a ForbiddenByRbac error with the logged caller', () => {
    const error = errorFromDenial(denial({ object: 'secrets/db-password' }), { id: VAULT_ID, name: 'kv-app-prod' });

    assert.equal(error.kind, 'forbidden-by-rbac');
    assert.equal(error.status, 403);
    assert.equal(error.innerCode, 'ForbiddenByRbac');
    assert.deepEqual(error.caller, { objectId: KUBELET_OID, appId: KUBELET_APPID });
    assert.equal(error.action, 'Microsoft.KeyVault/vaults/secrets/getSecret/action');
    assert.equal(error.resource, `${VAULT_ID}/secrets/db-password`.toLowerCase());
    assert.equal(error.clientAddress, '10.31.0.37');
    assert.equal(error.vaultName, 'kv-app-prod');
  });

  it('builds access policy and firewall errors', () => {
    const policy = errorFromDenial(denial({ reason: 'ForbiddenByPolicy' }));
    const firewall = errorFromDenial(denial({ reason: 'ForbiddenByFirewall', clientAddress: '203.0.113.9' }));
    const plain = errorFromDenial(denial({ reason: 'Forbidden' }));

    assert.equal(policy.kind, 'access-policy-denied');
    assert.deepEqual(policy.permission, { collection: 'secrets', name: 'get' });
    assert.equal(firewall.kind, 'forbidden-by-firewall');
    assert.equal(firewall.clientAddress, '203.0.113.9');
    assert.equal(plain.kind, 'unrecognised');
    assert.equal(plain.innerCode, undefined);
  });

  it('prefers a requested operation, then the diagnosed caller, then the newest', () => {
    const list = denial({ operationName: 'SecretList', operation: 'secrets/list', lastSeen: '2026-12-04T11:59:00.000Z' });
    const kubeletGet = denial({ lastSeen: '2026-12-04T11:55:00.000Z' });
    const ownGet = denial({ callerObjectId: PRINCIPAL_ID, callerClientId: CLIENT_ID, lastSeen: '2026-12-04T10:00:00.000Z' });
    const facts = factsWithDenials([list, kubeletGet, ownGet]);

    assert.equal(relevantDenial(facts, buildContext(facts).operations), ownGet);
    facts.auditLog!.denials = [list, kubeletGet];
    assert.equal(relevantDenial(facts, buildContext(facts).operations), kubeletGet);
    facts.auditLog!.denials = [list];
    assert.equal(relevantDenial(facts, buildContext(facts).operations), list);
  });

  it('leaves a pasted error in charge', () => {
    const facts = factsWithDenials([denial()]);
    facts.request.observedError = 'Operation returned an invalid status code \'Forbidden\'';
    const context = buildContext(facts);

    assert.equal(context.errorSource, 'pasted');
  });

  it('finds caller-mismatch without a pasted error', () => {
    const diagnosis = diagnose(factsWithDenials([denial()]));
    const mismatch = withCode(diagnosis.findings, 'caller-mismatch')[0];

    assert.equal(diagnosis.verdict, 'blocked');
    assert.equal(mismatch?.severity, 'blocker');
    assert.ok(mismatch?.evidence.some((line) => line.startsWith('audit log: 3× SecretGet by oid=')), JSON.stringify(mismatch?.evidence));
    assert.equal(diagnosis.recentDenials?.groups.length, 1);
    assert.equal(diagnosis.recentDenials?.workspaceId, WORKSPACE_ID);
  });

  it('passes when the logged caller is the diagnosed identity', () => {
    const diagnosis = diagnose(factsWithDenials([denial({ callerObjectId: PRINCIPAL_ID, callerClientId: CLIENT_ID })]));

    assert.equal(withCode(diagnosis.findings, 'caller-mismatch')[0]?.severity, 'ok');
  });

  it('adds nothing when the log holds no denial', () => {
    const facts = factsWithDenials([]);
    const diagnosis = diagnose(facts);

    assert.equal(buildContext(facts).error, undefined);
    assert.equal(diagnosis.verdict, 'should-work');
    assert.equal(withCode(diagnosis.findings, 'audit-log-unavailable').length, 0);
    assert.deepEqual(diagnosis.recentDenials?.groups, []);
  });
});

describe('audit log finding', () => {
  it('offers the enable command when nothing is sent', () => {
    const facts = makeFacts();
    facts.auditLog = { destination: 'none', candidateWorkspaceId: WORKSPACE_ID };
    const finding = withCode(diagnose(facts).findings, 'audit-log-unavailable')[0];

    assert.equal(finding?.severity, 'info');
    assert.equal(finding?.family, 'collection');
    assert.deepEqual(finding?.fixes[0]?.spec, { kind: 'diagnostic-setting-create', vaultId: VAULT_ID, name: 'kv-doctor-audit', categories: ['AuditEvent'], workspaceId: WORKSPACE_ID });
  });

  it('names storage-only settings', () => {
    const facts = makeFacts();
    facts.auditLog = { destination: 'not-log-analytics' };
    const finding = withCode(diagnose(facts).findings, 'audit-log-unavailable')[0];

    assert.match(finding?.detail ?? '', /storage account or an event hub/);
    assert.equal((finding?.fixes[0]?.spec as { workspaceId?: string }).workspaceId, undefined);
  });

  it('turns a gap into info, never a verdict change', () => {
    const facts = makeFacts();
    facts.roleAssignments = [roleAssignment(ROLES.secretsUser, VAULT_ID)];
    facts.auditLog = { destination: 'log-analytics', workspaceId: WORKSPACE_ID };
    facts.gaps = [{ fact: 'auditLog', error: 'Querying the workspace: Forbidden.', status: 403, code: 'AuthorizationFailed' }];
    const diagnosis = diagnose(facts);
    const finding = withCode(diagnosis.findings, 'audit-log-unavailable')[0];

    assert.equal(finding?.severity, 'info');
    assert.deepEqual(finding?.missing, ['auditLog']);
    assert.match(finding?.detail ?? '', /Log Analytics Reader/);
    assert.match(finding?.detail ?? '', /proves nothing/);
    assert.equal(withCode(diagnosis.findings, 'facts-incomplete')[0]?.severity, 'warning');
    assert.equal(diagnosis.verdict, 'should-work');
  });

  it('says nothing for facts without an audit log', () => {
    assert.equal(withCode(diagnose(makeFacts()).findings, 'audit-log-unavailable').length, 0);
  });
});

describe('audit log facts validation', () => {
  it('round-trips the audit log and cloud', () => {
    const facts = factsWithDenials([denial({ object: 'secrets/db-password', managedIdentityResourceId: '/subscriptions/x/mi' })]);
    facts.cloud = { name: 'AzureCloud', keyVaultDnsSuffix: 'vault.azure.net' };
    const parsed = parseAccessFacts(JSON.parse(JSON.stringify(facts)));

    assert.deepEqual(parsed.auditLog, facts.auditLog);
    assert.deepEqual(parsed.cloud, facts.cloud);
  });

  it('rejects a bad destination and a zero count', () => {
    const badDestination = JSON.parse(JSON.stringify(makeFacts()));
    badDestination.auditLog = { destination: 'storage' };
    const zeroCount = JSON.parse(JSON.stringify(factsWithDenials([denial({ count: 0 })])));

    assert.throws(() => parseAccessFacts(badDestination), /facts\.auditLog\.destination: expected one of none, not-log-analytics, log-analytics/);
    assert.throws(() => parseAccessFacts(zeroCount), /facts\.auditLog\.denials\[0\]\.count/);
  });

  it('accepts an auditLog gap', () => {
    const facts = JSON.parse(JSON.stringify(makeFacts()));
    facts.gaps = [{ fact: 'auditLog', error: 'x' }];

    assert.equal(parseAccessFacts(facts).gaps[0]?.fact, 'auditLog');
  });
});

describe('in-cluster checks', () => {
  it('use placeholders without manifests', () => {
    assert.deepEqual(execTarget(makeFacts()), { namespace: NAMESPACE_PLACEHOLDER, target: TARGET_PLACEHOLDER });
  });

  it('take the host from the vault URI or the cloud suffix', () => {
    const facts = makeFacts();
    assert.equal(vaultHost(facts), 'kv-app-prod.vault.azure.net');

    delete facts.vault!.vaultUri;
    facts.cloud = { name: 'AzureUSGovernment', keyVaultDnsSuffix: 'vault.usgovcloudapi.net' };
    assert.equal(vaultHost(facts), 'kv-app-prod.vault.usgovcloudapi.net');
  });

  it('expect the private endpoint address and the caller ids', () => {
    const facts = makeFacts();
    facts.network.privateEndpoints = [{ id: '/subscriptions/x/pe', ipAddresses: ['10.31.8.4'], privateLinkServiceId: VAULT_ID }];
    const specs = clusterVerifySpecs(facts);

    assert.deepEqual(specs.network[0], { kind: 'resolve-vault-host', namespace: NAMESPACE_PLACEHOLDER, target: TARGET_PLACEHOLDER, vaultHost: 'kv-app-prod.vault.azure.net', expectedAddresses: ['10.31.8.4'] });
    assert.deepEqual(specs.identity[0], { kind: 'workload-identity-environment', namespace: NAMESPACE_PLACEHOLDER, target: TARGET_PLACEHOLDER, expectedClientId: CLIENT_ID, expectedTenantId: facts.caller.tenantId });
  });

  it('attach to failing workload findings of cluster callers only', () => {
    const facts = factsWithDenials([denial()]);
    const offCluster = withCode(diagnose(facts).findings, 'caller-mismatch')[0];
    facts.request.client = 'aks-workload';
    const inCluster = withCode(diagnose(facts).findings, 'caller-mismatch')[0];

    assert.equal(offCluster?.verify, undefined);
    assert.deepEqual(inCluster?.verify?.map((spec) => spec.kind), ['workload-identity-environment', 'workload-identity-token-file', 'vault-network-info']);
  });
});
