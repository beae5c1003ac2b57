/**
 * The Log Analytics query API (`POST /v1/workspaces/{customerId}/query` with `{query, timespan}`,
 * or GET with `?query=`, and the same on `/v1/{workspace resource id}/query`). Queries run over the scenario's `tenant.logAnalytics` tables with the
 * KQL subset in sandbox/README.md.
 */
import { queryValue } from '../http/faults';
import { ArmError, json, parseJsonBody } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import type { SandboxResponse } from '../http/types';
import { runKql, type KqlRow } from '../query/kqlEvaluate';
import { KqlError } from '../query/kqlLexer';
import { parseKql } from '../query/kqlParser';
import { sameId } from '../tenant/armId';
import type { ScenarioLogAnalyticsWorkspace } from '../../src/scenario/types';

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text.toUpperCase() === 'P' || text.toUpperCase() === 'PT') {
    return undefined;
  }
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000;
}

/**
 * Returns the [start, end] window in epoch milliseconds of an ISO 8601 `timespan`: a duration
 * ending now (`P1D`), `start/end`, `start/duration` or `duration/end`.
 */
export function timespanWindow(timespan: string, now: Date): [number, number] {
  const parts = timespan.split('/');
  const invalid = () => new ArmError(400, 'BadArgumentError', `The timespan '${timespan}' is not valid. Use an ISO 8601 duration such as P1D, or start/end times.`);

  if (parts.length === 1) {
    const length = durationMs(parts[0]);
    if (length === undefined) {
      throw invalid();
    }
    return [now.getTime() - length, now.getTime()];
  }
  if (parts.length !== 2) {
    throw invalid();
  }

  const [first, second] = parts;
  const start = Date.parse(first);
  const end = Date.parse(second);
  if (!Number.isNaN(start) && !Number.isNaN(end)) {
    return [start, end];
  }
  const firstLength = durationMs(first);
  const secondLength = durationMs(second);
  if (!Number.isNaN(start) && secondLength !== undefined) {
    return [start, start + secondLength];
  }
  if (firstLength !== undefined && !Number.isNaN(end)) {
    return [end - firstLength, end];
  }
  throw invalid();
}

function columnType(rows: KqlRow[], column: string): string {
  const sample = rows.map((row) => row[column]).find((value) => value !== null && value !== undefined);
  if (sample instanceof Date || (typeof sample === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(sample))) {
    return 'datetime';
  }
  if (typeof sample === 'number') {
    return Number.isInteger(sample) ? 'long' : 'real';
  }
  if (typeof sample === 'boolean') {
    return 'bool';
  }
  if (typeof sample === 'object') {
    return 'dynamic';
  }
  return 'string';
}

/** Finds the workspace by its customerId (`/v1/workspaces/{id}/query`) or its resource id (`/v1/{resource id}/query`). */
function findWorkspace(context: RouteContext): ScenarioLogAnalyticsWorkspace {
  const key = context.match[1] ?? '';
  const byResourceId = key.toLowerCase().startsWith('subscriptions/');
  const workspace = context.state.logAnalytics.find((candidate) => (byResourceId ? sameId(candidate.workspaceId, `/${key}`) : sameId(candidate.customerId, key)));
  if (!workspace) {
    const source = byResourceId ? 'a workspaceId' : 'a customerId';
    throw new ArmError(404, 'WorkspaceNotFoundError', `The workspace '${key}' could not be found. Use ${source} from the scenario's tenant.logAnalytics.`);
  }
  return workspace;
}

function runQuery(context: RouteContext): SandboxResponse {
  const state = context.state;
  const workspace = findWorkspace(context);

  const body = context.request.method === 'POST' ? parseJsonBody(context.request.body) : {};
  const queryText = typeof body.query === 'string' ? body.query : queryValue(context.request.query, 'query');
  const timespan = typeof body.timespan === 'string' ? body.timespan : queryValue(context.request.query, 'timespan');
  if (!queryText) {
    throw new ArmError(400, 'BadArgumentError', 'The request needs a query.');
  }

  try {
    const query = parseKql(queryText);
    const table = Object.entries(workspace.tables).find(([name]) => name.toLowerCase() === query.table.toLowerCase());
    if (!table) {
      throw new KqlError(`'${query.table}' is not a table in this workspace. Tables: ${Object.keys(workspace.tables).join(', ') || '(none)'}.`);
    }

    let rows = table[1];
    if (timespan) {
      const [start, end] = timespanWindow(timespan, state.now());
      rows = rows.filter((row) => {
        const time = Date.parse(String(row.TimeGenerated ?? ''));
        return Number.isNaN(time) || (time >= start && time <= end);
      });
    }

    const sourceColumns = [...new Set(table[1].flatMap((row) => Object.keys(row)))];
    const result = runKql(query, rows, state.now(), sourceColumns);
    return json(200, {
      tables: [{
        name: 'PrimaryResult',
        columns: result.columns.map((name) => ({ name, type: columnType(result.rows, name) })),
        rows: result.rows.map((row) => result.columns.map((name) => {
          const value = row[name];
          return value instanceof Date ? value.toISOString() : value ?? null;
        })),
      }],
    });
  } catch (error) {
    if (error instanceof KqlError) {
      throw new ArmError(400, 'BadArgumentError', `The query could not be run: ${error.message}`, {}, [{ code: 'SyntaxError', message: error.message }]);
    }
    throw error;
  }
}

export const logAnalyticsRoutes: readonly Route[] = [
  {
    family: 'logAnalytics',
    methods: ['GET', 'POST'],
    pattern: /^\/v1\/workspaces\/([^/]+)\/query$/i,
    handle: runQuery,
  },
  {
    // Resource-centric queries on a workspace's resource id, as LogsQueryClient.queryResource sends them.
    family: 'logAnalytics',
    methods: ['GET', 'POST'],
    pattern: /^\/v1\/(subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+)\/query$/i,
    handle: runQuery,
  },
];
