/**
 * Azure Resource Graph (`POST /providers/Microsoft.ResourceGraph/resources`) over the tenant's
 * resources, resource containers and role assignments, for the KQL subset in sandbox/README.md.
 * Rows follow Resource Graph's conventions: `type` and `resourceGroup` in lower case.
 */
import { decodeSkipToken, encodeSkipToken } from '../http/paging';
import { ArmError, isRecord, json, parseJsonBody } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import type { SandboxResponse } from '../http/types';
import { runKql, type KqlRow } from '../query/kqlEvaluate';
import { KqlError } from '../query/kqlLexer';
import { parseKql } from '../query/kqlParser';
import { managementGroupName, resourceGroupOf, sameId, subscriptionOf } from '../tenant/armId';
import type { TenantState } from '../tenant/tenantState';

const RESOURCE_COLUMNS = ['id', 'name', 'type', 'tenantId', 'kind', 'location', 'resourceGroup', 'subscriptionId', 'managedBy', 'sku', 'plan', 'properties', 'tags', 'identity', 'zones', 'extendedLocation'];

function resourceRow(state: TenantState, resource: Record<string, unknown> & { id: string; type: string }): KqlRow {
  const row: KqlRow = {};
  for (const column of RESOURCE_COLUMNS) {
    row[column] = resource[column] ?? null;
  }
  row.type = resource.type.toLowerCase();
  row.tenantId = state.tenantId;
  row.resourceGroup = (resourceGroupOf(resource.id) ?? '').toLowerCase();
  row.subscriptionId = subscriptionOf(resource.id) ?? '';
  return row;
}

/** `managementGroupAncestorsChain` as Resource Graph gives it: nearest management group first. */
function ancestorsChain(state: TenantState, scope: string): { name: string; displayName: string }[] {
  return state.ancestorsOf(scope)
    .filter((ancestor) => ancestor !== '/')
    .map((ancestor) => ({ name: managementGroupName(ancestor), displayName: managementGroupName(ancestor) }));
}

function tableRows(state: TenantState, table: string): KqlRow[] {
  switch (table.toLowerCase()) {
    case 'resources':
      return [...state.resources.values()].map((resource) => resourceRow(state, resource));
    case 'resourcecontainers': {
      const subscriptions = state.subscriptions.map((subscription) => ({
        ...resourceRow(state, { id: subscription.id ?? `/subscriptions/${subscription.subscriptionId}`, type: 'Microsoft.Resources/subscriptions' }),
        name: subscription.displayName,
        properties: {
          state: subscription.state,
          subscriptionPolicies: subscription.subscriptionPolicies ?? null,
          managementGroupAncestorsChain: ancestorsChain(state, `/subscriptions/${subscription.subscriptionId}`),
        },
      }));
      const groups = [...state.resourceGroups.values()].map((group) => resourceRow(state, group));
      return [...subscriptions, ...groups];
    }
    case 'authorizationresources':
      return [...state.roleAssignments.values(), ...state.customRoles.values()].map((item) => resourceRow(state, item));
    default:
      throw new KqlError(`The table '${table}' is not available in the sandbox. Use Resources, ResourceContainers or AuthorizationResources.`);
  }
}

/** Subscriptions the request covers: `subscriptions`, those under `managementGroups`, or all. */
function requestedSubscriptions(state: TenantState, body: Record<string, unknown>): string[] {
  const all = state.subscriptions.map((subscription) => subscription.subscriptionId);

  if (Array.isArray(body.subscriptions) && body.subscriptions.length > 0) {
    return body.subscriptions.map(String);
  }
  if (Array.isArray(body.managementGroups) && body.managementGroups.length > 0) {
    const groups = body.managementGroups.map(String);
    return all.filter((subscriptionId) =>
      state.ancestorsOf(`/subscriptions/${subscriptionId}`).some((ancestor) => groups.some((group) => sameId(managementGroupName(ancestor), group))));
  }
  return all;
}

function columnType(rows: KqlRow[], column: string): string {
  const sample = rows.map((row) => row[column]).find((value) => value !== null && value !== undefined);
  if (typeof sample === 'number') {
    return Number.isInteger(sample) ? 'integer' : 'number';
  }
  if (typeof sample === 'boolean') {
    return 'boolean';
  }
  if (typeof sample === 'object') {
    return 'object';
  }
  return 'string';
}

function queryResources(context: RouteContext): SandboxResponse {
  const state = context.state;
  const body = parseJsonBody(context.request.body);
  if (typeof body.query !== 'string' || body.query.trim() === '') {
    throw new ArmError(400, 'BadRequest', 'The request needs a query string.');
  }
  const options = isRecord(body.options) ? body.options : {};

  let result;
  try {
    const query = parseKql(body.query);
    const subscriptions = requestedSubscriptions(state, body).map((id) => id.toLowerCase());
    const rows = tableRows(state, query.table).filter((row) => row.subscriptionId === '' || subscriptions.includes(String(row.subscriptionId).toLowerCase()));
    const sourceColumns = rows.length > 0 ? Object.keys(rows[0]) : RESOURCE_COLUMNS;
    result = runKql(query, rows, state.now(), sourceColumns);
  } catch (error) {
    if (error instanceof KqlError) {
      throw new ArmError(400, 'BadRequest', `The query is not valid or not supported by the sandbox: ${error.message}`, {}, [
        { code: 'InvalidQuery', message: 'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.' },
        { code: 'ParserFailure', message: error.message },
      ]);
    }
    throw error;
  }

  const top = typeof options.$top === 'number' ? options.$top : undefined;
  const skip = typeof options.$skip === 'number' ? options.$skip : 0;
  const offset = typeof options.$skipToken === 'string' ? decodeSkipToken(options.$skipToken) : skip;
  const size = Math.max(1, Math.min(context.pageSize, top ?? Infinity));
  const pageRows = result.rows.slice(offset, offset + size);
  const more = offset + size < result.rows.length;

  const data = options.resultFormat === 'table'
    ? { columns: result.columns.map((name) => ({ name, type: columnType(result.rows, name) })), rows: pageRows.map((row) => result.columns.map((name) => row[name] ?? null)) }
    : pageRows;
  return json(200, {
    totalRecords: result.rows.length,
    count: pageRows.length,
    resultTruncated: 'false',
    ...(more ? { $skipToken: encodeSkipToken(offset + size) } : {}),
    data,
    facets: [],
  });
}

export const resourceGraphRoutes: readonly Route[] = [
  {
    family: 'arm',
    methods: ['POST'],
    pattern: /^\/providers\/Microsoft\.ResourceGraph\/resources$/i,
    handle: queryResources,
  },
];
