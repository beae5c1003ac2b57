import assert from 'node:assert/strict';
import { denialReason, groupDenials, mapAuditTable, readAuditRow } from '../../../src/azure/map/auditLog';
import { auditDestination } from '../../../src/azure/map/diagnosticSettings';

const VAULT = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1';
const WORKSPACE = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law1';
const KUBELET_OID = '11111111-1111-1111-1111-111111111111';
const KUBELET_APPID = '22222222-2222-2222-2222-222222222222';
const KUBELET_MIRID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/MC_rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/agentpool';
const TENANT = '33333333-3333-3333-3333-333333333333';

/** A row of the resource-specific table as the query API returns it (Identity as JSON text). */
function resourceSpecificRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    TimeGenerated: '2026-12-04T11:52:10Z',
    _ResourceId: VAULT.toLowerCase(),
    OperationName: 'SecretGet',
    ResultSignature: 'Forbidden',
    ResultType: 'Forbidden',
    ResultDescription: 'Caller is not authorized to perform action on resource.',
    HttpStatusCode: 403,
    CallerIpAddress: '10.31.0.37',
    Identity: JSON.stringify({ claim: { oid: KUBELET_OID, appid: KUBELET_APPID, xms_mirid: KUBELET_MIRID, 'http://schemas.microsoft.com/identity/claims/tenantid': TENANT } }),
    IsRbacAuthorized: false,
    IsAddressAuthorized: true,
    Id: 'https://kv1.vault.azure.net/secrets/db-password',
    ...overrides,
  };
}

/** A row of the shared AzureDiagnostics table, with its flattened claim columns. */
function azureDiagnosticsRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    TimeGenerated: '2026-12-04T11:30:00Z',
    ResourceId: VAULT.toUpperCase(),
    ResourceProvider: 'MICROSOFT.KEYVAULT',
    Category: 'AuditEvent',
    OperationName: 'SecretList',
    ResultSignature: 'Forbidden',
    ResultType: 'Success',
    ResultDescription: 'Client address is not authorized and caller is not a trusted service.\r\nClient address: 203.0.113.9',
    httpStatusCode_d: 403,
    CallerIPAddress: '203.0.113.9',
    identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g: KUBELET_OID,
    identity_claim_appid_g: KUBELET_APPID,
    identity_claim_xms_mirid_s: KUBELET_MIRID,
    identity_claim_http_schemas_microsoft_com_identity_claims_tenantid_g: TENANT,
    requestUri_s: 'https://kv1.vault.azure.net/secrets?api-version=7.4',
    ...overrides,
  };
}

describe('audit row parsing', () => {
  it('reads the resource-specific layout', () => {
    const denial = readAuditRow(resourceSpecificRow());

    assert.deepEqual(denial, {
      time: '2026-12-04T11:52:10.000Z',
      operationName: 'SecretGet',
      status: 403,
      reason: 'ForbiddenByRbac',
      description: 'Caller is not authorized to perform action on resource.',
      callerObjectId: KUBELET_OID,
      callerClientId: KUBELET_APPID,
      managedIdentityResourceId: KUBELET_MIRID,
      callerTenantId: TENANT,
      clientAddress: '10.31.0.37',
      object: 'secrets/db-password',
    });
  });

  it('reads the Identity column as an object too', () => {
    const denial = readAuditRow(resourceSpecificRow({ Identity: { claim: { oid: KUBELET_OID, appid: KUBELET_APPID } } }));

    assert.equal(denial?.callerObjectId, KUBELET_OID);
    assert.equal(denial?.callerClientId, KUBELET_APPID);
    assert.equal(denial?.managedIdentityResourceId, undefined);
  });

  it('reads the AzureDiagnostics layout', () => {
    const denial = readAuditRow(azureDiagnosticsRow());

    assert.equal(denial?.operationName, 'SecretList');
    assert.equal(denial?.status, 403);
    assert.equal(denial?.reason, 'ForbiddenByFirewall');
    assert.equal(denial?.callerObjectId, KUBELET_OID);
    assert.equal(denial?.callerClientId, KUBELET_APPID);
    assert.equal(denial?.managedIdentityResourceId, KUBELET_MIRID);
    assert.equal(denial?.callerTenantId, TENANT);
    assert.equal(denial?.clientAddress, '203.0.113.9');
    assert.equal(denial?.object, undefined);
  });

  it('reads the short oid column of AzureDiagnostics', () => {
    const row = azureDiagnosticsRow({ identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g: undefined, identity_claim_oid_g: KUBELET_OID });

    assert.equal(readAuditRow(row)?.callerObjectId, KUBELET_OID);
  });

  it('takes the status from the signature when no status column exists', () => {
    const denial = readAuditRow(azureDiagnosticsRow({ httpStatusCode_d: undefined, ResultSignature: 'Unauthorized', ResultDescription: undefined }));

    assert.equal(denial?.status, 401);
    assert.equal(denial?.reason, 'Unauthorized');
  });

  it('skips successes and rows without a time or operation', () => {
    assert.equal(readAuditRow(resourceSpecificRow({ HttpStatusCode: 200, ResultSignature: 'OK' })), undefined);
    assert.equal(readAuditRow(resourceSpecificRow({ TimeGenerated: null })), undefined);
    assert.equal(readAuditRow(resourceSpecificRow({ TimeGenerated: 'yesterday' })), undefined);
    assert.equal(readAuditRow(resourceSpecificRow({ OperationName: '' })), undefined);
  });

  it('survives an Identity column that is not JSON', () => {
    const denial = readAuditRow(resourceSpecificRow({ Identity: '{not json' }));

    assert.equal(denial?.callerObjectId, undefined);
    assert.equal(denial?.reason, 'ForbiddenByRbac');
  });

  it('accepts Date values and boolean strings', () => {
    const denial = readAuditRow(resourceSpecificRow({ TimeGenerated: new Date('2026-12-04T10:00:00Z'), ResultDescription: null, IsRbacAuthorized: 'false' }));

    assert.equal(denial?.time, '2026-12-04T10:00:00.000Z');
    assert.equal(denial?.reason, 'ForbiddenByRbac');
  });
});

describe('audit denial reason', () => {
  const cases: [string, number | undefined, string | undefined, { rbac?: boolean; policy?: boolean; address?: boolean }, string][] = [
    ['code in the description', 403, 'Operation failed (ForbiddenByConnection)', {}, 'ForbiddenByConnection'],
    ['401', 401, 'Token is expired', {}, 'Unauthorized'],
    ['public access wording', 403, 'Public network access is disabled and request is not from a trusted service nor via an approved private link.', {}, 'ForbiddenByConnection'],
    ['firewall wording', 403, 'Client address is not authorized and caller is not a trusted service.', {}, 'ForbiddenByFirewall'],
    ['RBAC wording', 403, 'Caller is not authorized to perform action on resource.', {}, 'ForbiddenByRbac'],
    ['access policy wording', 403, "The user, group or application 'appid=x' does not have secrets get permission on key vault 'kv1'.", {}, 'ForbiddenByPolicy'],
    ['disabled secret', 403, 'Operation get is not allowed on a disabled secret.', {}, 'SecretDisabled'],
    ['address flag before RBAC flag', 403, undefined, { address: false, rbac: false }, 'ForbiddenByFirewall'],
    ['RBAC flag', 403, undefined, { rbac: false, address: true }, 'ForbiddenByRbac'],
    ['access policy flag', 403, undefined, { policy: false }, 'ForbiddenByPolicy'],
    ['both authorization flags false', 403, undefined, { rbac: false, policy: false }, 'Forbidden'],
    ['nothing known', 403, undefined, {}, 'Forbidden'],
  ];
  for (const [name, status, description, flags, expected] of cases) {
    it(name, () => {
      assert.equal(denialReason(status, description, flags), expected);
    });
  }
});

describe('audit denial grouping', () => {
  it('groups by caller, operation, reason and address', () => {
    const groups = mapAuditTable({
      columns: Object.keys(resourceSpecificRow()),
      rows: [
        Object.values(resourceSpecificRow({ TimeGenerated: '2026-12-04T11:00:00Z' })),
        Object.values(resourceSpecificRow({ TimeGenerated: '2026-12-04T11:52:10Z' })),
        Object.values(resourceSpecificRow({ TimeGenerated: '2026-12-04T11:20:00Z', CallerIpAddress: '10.31.0.38' })),
        Object.values(resourceSpecificRow({ TimeGenerated: '2026-12-04T11:30:00Z', HttpStatusCode: 200, ResultSignature: 'OK' })),
      ],
    });

    assert.equal(groups.length, 2);
    assert.equal(groups[0]?.count, 2);
    assert.equal(groups[0]?.firstSeen, '2026-12-04T11:00:00.000Z');
    assert.equal(groups[0]?.lastSeen, '2026-12-04T11:52:10.000Z');
    assert.equal(groups[0]?.operation, 'secrets/get');
    assert.equal(groups[1]?.clientAddress, '10.31.0.38');
    assert.equal(groups[1]?.count, 1);
  });

  it('orders groups newest first', () => {
    const older = readAuditRow(azureDiagnosticsRow({ TimeGenerated: '2026-12-04T08:00:00Z' }));
    const newer = readAuditRow(resourceSpecificRow({ TimeGenerated: '2026-12-04T09:00:00Z' }));
    const groups = groupDenials([older!, newer!]);

    assert.deepEqual(groups.map((group) => group.operationName), ['SecretGet', 'SecretList']);
  });

  it('returns no group for an empty table', () => {
    assert.deepEqual(mapAuditTable({ columns: [], rows: [] }), []);
  });
});

describe('diagnostic settings destination', () => {
  it('finds AuditEvent sent to a workspace with its table', () => {
    const destination = auditDestination([
      { name: 'to-storage', properties: { storageAccountId: '/subscriptions/x/st', logs: [{ category: 'AuditEvent', enabled: true }] } },
      { name: 'to-law', properties: { workspaceId: WORKSPACE, logAnalyticsDestinationType: 'Dedicated', logs: [{ category: 'AuditEvent', enabled: true }] } },
    ]);

    assert.deepEqual(destination, { destination: 'log-analytics', workspaceId: WORKSPACE, settingName: 'to-law', table: 'AZKVAuditLogs' });
  });

  it('accepts the audit and allLogs category groups', () => {
    for (const group of ['audit', 'allLogs']) {
      const destination = auditDestination([{ name: 's', properties: { workspaceId: WORKSPACE, logs: [{ categoryGroup: group, enabled: true }] } }]);
      assert.equal(destination.destination, 'log-analytics', group);
      assert.equal(destination.table, undefined, group);
    }
  });

  it('reads the AzureDiagnostics destination type', () => {
    const destination = auditDestination([{ name: 's', properties: { workspaceId: WORKSPACE, logAnalyticsDestinationType: 'AzureDiagnostics', logs: [{ category: 'AuditEvent', enabled: true }] } }]);

    assert.equal(destination.table, 'AzureDiagnostics');
  });

  it('tells storage-only from none', () => {
    const storageOnly = auditDestination([{ name: 's', properties: { storageAccountId: '/subscriptions/x/st', logs: [{ category: 'AuditEvent', enabled: true }] } }]);
    const disabled = auditDestination([{ name: 's', properties: { workspaceId: WORKSPACE, logs: [{ category: 'AuditEvent', enabled: false }] } }]);
    const otherCategory = auditDestination([{ name: 's', properties: { workspaceId: WORKSPACE, logs: [{ category: 'AzurePolicyEvaluationDetails', enabled: true }] } }]);

    assert.equal(storageOnly.destination, 'not-log-analytics');
    assert.equal(disabled.destination, 'none');
    assert.equal(otherCategory.destination, 'none');
    assert.equal(auditDestination([]).destination, 'none');
  });
});
