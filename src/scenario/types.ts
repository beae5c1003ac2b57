/**
 * The scenario file: an Azure tenant exactly as Azure Resource Manager returns it, the directory,
 * the question to diagnose and the workspace files. It seeds the local sandbox and drives
 * `kv-doctor diagnose --scenario`. The `expect` block belongs to tests; the product never reads it.
 */
import type { ObservedError } from '../diagnosis/facts';

export const SCENARIO_SCHEMA = 'kv-scenario/1';

/** An ARM resource body exactly as `GET <id>` returns it. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ScenarioManagementGroup {
  id: string;
  parent: string | null;
  children: string[];
}

export interface ScenarioSubscription {
  id?: string;
  subscriptionId: string;
  displayName: string;
  tenantId: string;
  state: string;
  [key: string]: unknown;
}

export interface ScenarioLogAnalyticsWorkspace {
  workspaceId: string;
  customerId: string;
  tables: Record<string, Record<string, unknown>[]>;
}

export interface ScenarioTenant {
  tenantId: string;
  managementGroups?: ScenarioManagementGroup[];
  subscriptions: ScenarioSubscription[];
  resources: ArmResource[];
  roleDefinitions?: ArmResource[];
  roleAssignments?: ArmResource[];
  denyAssignments?: ArmResource[];
  logAnalytics?: ScenarioLogAnalyticsWorkspace[];
}

export interface ScenarioPrincipal {
  objectId: string;
  appId: string | null;
  type: 'ServicePrincipal' | 'User' | 'Group' | string;
  displayName: string;
  memberOf?: string[];
}

export interface ScenarioDirectory {
  principals: ScenarioPrincipal[];
  auditLogs?: Record<string, unknown>[];
}

export interface ScenarioQuestion {
  vault: string;
  caller: { identity?: string; objectId?: string; clientId?: string };
  operations: string[];
  objects?: string[];
  client?: string;
  from?: { subnetId?: string; publicIp?: string; cluster?: string };
  observedError?: ObservedError;
}

export interface Scenario {
  schema: typeof SCENARIO_SCHEMA;
  now: string;
  tenant: ScenarioTenant;
  directory: ScenarioDirectory;
  question: ScenarioQuestion;
  workspace?: { files: Record<string, string> };
}
