/**
 * Adds Key Vault audit events to a case: a Log Analytics workspace, the vault's diagnostic
 * setting that sends `AuditEvent` there, and resource-specific rows. The rows are timed relative
 * to the real clock, because the extension queries the 24 hours before the machine's time.
 */
import type { Scenario } from '../../../src/scenario/types';

export const AUDIT_WORKSPACE_NAME = 'law-ops';

export interface LoggedDenial {
  objectId: string;
  clientId: string;
  operationName: string;
  /** The object's URI path, such as `secrets/orders-api-key`. */
  object?: string;
  clientAddress: string;
  /** How long before `now` each refused request happened, in minutes. */
  minutesAgo: number[];
}

/** Returns a copy of the scenario whose vault logs the denials to a new workspace. */
export function withAuditLog(scenario: Scenario, denials: LoggedDenial[], now = Date.now()): Scenario {
  const copy = structuredClone(scenario);
  const vaultId = copy.question.vault;
  const subscriptionId = vaultId.split('/')[2];
  const workspaceId = `/subscriptions/${subscriptionId}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/${AUDIT_WORKSPACE_NAME}`;
  const vaultHost = `${vaultId.split('/').pop()}.vault.azure.net`;

  copy.tenant.resources.push(
    { id: workspaceId, name: AUDIT_WORKSPACE_NAME, type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: '0f5b6a3e-2c41-4e8d-9b7a-5d3c1e2f4a60' } },
    {
      id: `${vaultId}/providers/Microsoft.Insights/diagnosticSettings/send-to-${AUDIT_WORKSPACE_NAME}`,
      name: `send-to-${AUDIT_WORKSPACE_NAME}`,
      type: 'Microsoft.Insights/diagnosticSettings',
      properties: { workspaceId, logAnalyticsDestinationType: 'Dedicated', logs: [{ category: 'AuditEvent', enabled: true }] },
    },
  );

  const rows = denials.flatMap((denial) =>
    denial.minutesAgo.map((minutes) => ({
      TimeGenerated: new Date(now - minutes * 60_000).toISOString(),
      _ResourceId: vaultId.toLowerCase(),
      OperationName: denial.operationName,
      ResultSignature: 'Forbidden',
      ResultDescription: 'Caller is not authorized to perform action on resource.',
      HttpStatusCode: 403,
      CallerIpAddress: denial.clientAddress,
      Identity: { claim: { oid: denial.objectId, appid: denial.clientId } },
      IsRbacAuthorized: false,
      IsAddressAuthorized: true,
      ...(denial.object ? { Id: `https://${vaultHost}/${denial.object}` } : {}),
    })),
  );
  copy.tenant.logAnalytics = [{ workspaceId, customerId: '0f5b6a3e-2c41-4e8d-9b7a-5d3c1e2f4a60', tables: { AZKVAuditLogs: rows } }];
  return copy;
}
