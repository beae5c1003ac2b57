/**
 * Loads a scenario file for `kv-doctor diagnose --scenario` and checks the fields the sandbox and
 * the request need. The `expect` and `title` fields belong to tests and are never read.
 */
import { readFile } from 'node:fs/promises';
import { CLIENT_KINDS, type AccessRequest, type ClientKind } from '../diagnosis/facts';
import { SCENARIO_SCHEMA, type Scenario } from '../scenario/types';
import { UsageError } from './errors';
import { parseJson } from './jsonInput';

/** Reads and validates a scenario; every problem is a `UsageError` naming the file, the field and the fix. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `Scenario file not found: ${path} (given to --scenario). Check the path.` : `Cannot read the scenario ${path}: ${(error as Error).message}`,
    );
  }

  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { line, column, reason } = parsed.problem;
    throw new UsageError(`The scenario ${path} is not valid JSON at line ${line}, column ${column}: ${reason}.`);
  }
  return validateScenario(parsed.value, path);
}

/** Checks a parsed scenario; `source` names it in errors. */
export function validateScenario(json: unknown, source: string): Scenario {
  const fail = (field: string, problem: string, fix: string): never => {
    throw new UsageError(`Invalid scenario ${source}: ${field} ${problem}; ${fix}.`);
  };

  if (!isRecord(json)) {
    return fail('the top level', 'is not a JSON object', 'give a kv-scenario/1 file');
  }
  if (json.schema !== SCENARIO_SCHEMA) {
    fail('"schema"', `is ${JSON.stringify(json.schema)}`, `set it to "${SCENARIO_SCHEMA}"`);
  }
  if (typeof json.now !== 'string' || Number.isNaN(Date.parse(json.now))) {
    fail('"now"', 'is missing or not an ISO 8601 time', 'set it, for example "2026-12-04T12:00:00Z"');
  }

  const tenant = json.tenant;
  if (!isRecord(tenant)) {
    return fail('"tenant"', 'is missing', 'add the tenant with tenantId, subscriptions and resources');
  }
  if (typeof tenant.tenantId !== 'string' || tenant.tenantId === '') {
    fail('"tenant.tenantId"', 'is missing', "set the tenant's GUID");
  }
  for (const field of ['subscriptions', 'resources'] as const) {
    if (!Array.isArray(tenant[field])) {
      fail(`"tenant.${field}"`, 'is not an array', 'give a list, possibly empty');
    }
  }
  for (const field of ['managementGroups', 'roleDefinitions', 'roleAssignments', 'denyAssignments'] as const) {
    if (tenant[field] !== undefined && !Array.isArray(tenant[field])) {
      fail(`"tenant.${field}"`, 'is not an array', 'give a list or leave the field out');
    }
  }
  (tenant.resources as unknown[]).forEach((resource, index) => {
    if (!isRecord(resource) || typeof resource.id !== 'string' || typeof resource.type !== 'string' || typeof resource.name !== 'string') {
      fail(`"tenant.resources[${index}]"`, 'lacks id, name or type', 'give each resource as ARM returns it');
    }
  });
  (tenant.subscriptions as unknown[]).forEach((subscription, index) => {
    if (!isRecord(subscription) || typeof subscription.subscriptionId !== 'string') {
      fail(`"tenant.subscriptions[${index}]"`, 'lacks subscriptionId', 'give each subscription as ARM returns it');
    }
  });
  (tenant.managementGroups as unknown[] | undefined)?.forEach((group, index) => {
    if (!isRecord(group) || typeof group.id !== 'string' || !Array.isArray(group.children)) {
      fail(`"tenant.managementGroups[${index}]"`, 'lacks id or children', 'give each management group with its id, parent and children');
    }
  });
  for (const field of ['roleDefinitions', 'roleAssignments', 'denyAssignments'] as const) {
    (tenant[field] as unknown[] | undefined)?.forEach((item, index) => {
      if (!isRecord(item) || typeof item.id !== 'string' || !isRecord(item.properties)) {
        fail(`"tenant.${field}[${index}]"`, 'lacks id or properties', 'give each item as ARM returns it');
      }
    });
  }

  const directory = json.directory;
  if (!isRecord(directory) || !Array.isArray(directory.principals)) {
    return fail('"directory.principals"', 'is missing', 'give the directory principals as a list, possibly empty');
  }
  (directory.principals as unknown[]).forEach((principal, index) => {
    if (!isRecord(principal) || typeof principal.objectId !== 'string' || typeof principal.type !== 'string') {
      fail(`"directory.principals[${index}]"`, 'lacks objectId or type', 'give each principal with its objectId, type and displayName');
    }
  });

  validateQuestion(json.question, fail);

  const workspace = json.workspace;
  if (workspace !== undefined) {
    if (!isRecord(workspace) || !isRecord(workspace.files) || Object.values(workspace.files).some((value) => typeof value !== 'string')) {
      fail('"workspace.files"', 'is not an object of file texts', 'map each relative path to the file text');
    }
  }
  return json as unknown as Scenario;
}

function validateQuestion(question: unknown, fail: (field: string, problem: string, fix: string) => never): void {
  if (!isRecord(question)) {
    fail('"question"', 'is missing', 'add the vault, the caller and the operations');
    return;
  }
  if (typeof question.vault !== 'string' || !question.vault.startsWith('/subscriptions/')) {
    fail('"question.vault"', 'is not a vault resource id', 'give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>');
  }

  const caller = question.caller;
  const callerFields = isRecord(caller) ? (['identity', 'objectId', 'clientId'] as const).filter((field) => typeof caller[field] === 'string') : [];
  if (callerFields.length !== 1) {
    fail('"question.caller"', 'does not name exactly one caller', 'give one of identity, objectId or clientId');
  }
  if (!Array.isArray(question.operations) || question.operations.some((operation) => typeof operation !== 'string')) {
    fail('"question.operations"', 'is not a list of operation names', 'give operations such as ["secrets/list", "secrets/get"]');
  }
  if (question.objects !== undefined && (!Array.isArray(question.objects) || question.objects.some((object) => typeof object !== 'string'))) {
    fail('"question.objects"', 'is not a list of object names', 'give objects such as ["secrets/db-password"]');
  }
  if (question.client !== undefined && !CLIENT_KINDS.includes(question.client as ClientKind)) {
    fail('"question.client"', `is ${JSON.stringify(question.client)}`, `use one of ${CLIENT_KINDS.join(', ')}`);
  }
  if (question.from !== undefined) {
    const from = question.from;
    if (!isRecord(from) || Object.values(from).some((value) => typeof value !== 'string')) {
      fail('"question.from"', 'is not an object of strings', 'give subnetId, publicIp and cluster as strings');
    }
  }
}

/** Builds the access request of a scenario's question. */
export function scenarioRequest(scenario: Scenario): AccessRequest {
  const question = scenario.question;
  const request: AccessRequest = {
    vaultId: question.vault,
    caller: { ...question.caller },
    operations: [...question.operations],
    objects: [...(question.objects ?? [])],
  };
  if (question.client !== undefined) {
    request.client = question.client as ClientKind;
  }
  if (question.from) {
    const from: NonNullable<AccessRequest['from']> = {};
    if (question.from.subnetId) from.subnetId = question.from.subnetId;
    if (question.from.publicIp) from.publicIp = question.from.publicIp;
    if (question.from.cluster) from.clusterId = question.from.cluster;
    request.from = from;
  }
  if (question.observedError !== undefined) {
    request.observedError = question.observedError;
  }
  return request;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
