/** Shared setup for the sandbox integration tests: scenario cases, credentials and SDK client options. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import type { TokenCredential } from '@azure/core-auth';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { ClientSecretCredential } from '@azure/identity';

import type { Sandbox } from '../../../sandbox/index';
import type { Scenario } from '../../../src/scenario/types';

/** The ARM audience the product requests, whatever the endpoint. */
export const ARM_SCOPES = ['https://management.azure.com/.default'];

/** Proxies do not bypass loopback by themselves, so the sandbox's host must be named exactly. */
if (Object.keys(process.env).some((name) => /^(https?|all)_proxy$/i.test(name))) {
  process.env.NO_PROXY = ['127.0.0.1', process.env.NO_PROXY].filter(Boolean).join(',');
}

function repositoryRoot(): string {
  let directory = __dirname;
  while (!existsSync(join(directory, 'package.json')) || !existsSync(join(directory, 'sandbox'))) {
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(`No repository root (a folder with package.json and sandbox/) above ${__dirname}.`);
    }
    directory = parent;
  }
  return directory;
}

/** Returns the scenario cases folder, which sits beside the repository. */
export function casesDirectory(): string {
  const directory = resolve(repositoryRoot(), '../shared/scenarios/cases');
  if (!existsSync(directory)) {
    throw new Error(`The scenario cases folder ${directory} does not exist; the sandbox integration tests need it beside the repository.`);
  }
  return directory;
}

export function caseNames(): string[] {
  return readdirSync(casesDirectory()).filter((name) => name.endsWith('.json')).sort();
}

export function loadCase(name: string): Scenario {
  return JSON.parse(readFileSync(join(casesDirectory(), name), 'utf8')) as Scenario;
}

export type TransportName = 'https' | 'in-process';

/** Client options that reach the sandbox over the given transport, with fast retries for fault tests. */
export function transportOptions(sandbox: Sandbox, transport: TransportName): Record<string, unknown> {
  const base = { endpoint: sandbox.url, retryOptions: { maxRetries: 3, retryDelayInMs: 50, maxRetryDelayInMs: 200 } };
  return transport === 'https' ? { ...base, tlsOptions: { ca: sandbox.caPem } } : { ...base, httpClient: sandbox.httpClient };
}

/** Creates the operator's client secret credential, which signs in through the sandbox's Entra ID endpoints. */
export function operatorCredential(sandbox: Sandbox, transport: TransportName): TokenCredential {
  const { tenantId, clientId, clientSecret } = sandbox.operator;
  const transportOption = transport === 'https' ? { tlsOptions: { ca: sandbox.caPem } } : { httpClient: sandbox.httpClient };
  return new ClientSecretCredential(tenantId, clientId, clientSecret, {
    authorityHost: sandbox.authorityHost,
    disableInstanceDiscovery: true,
    ...transportOption,
  });
}

/** A credential with a static token, for tests about the ARM side only. */
export const staticCredential: TokenCredential = {
  getToken: async () => ({ token: 'sandbox-test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

/** Object ids and scopes of `inheritanceScenario`. */
export const INHERITANCE = {
  tenantId: '414971c0-e638-41d4-a02f-ff6a9c84845d',
  subscriptionId: '3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad',
  platformGroup: '/providers/Microsoft.Management/managementGroups/mg-platform',
  vault: '/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders-prod',
  caller: 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512',
  admin: 'b3c0499f-07ac-4314-993d-8a8d9e3c425c',
  directGroup: '5a3f7c1e-1111-4d7e-9a55-0c1a2b3c4d01',
  outerGroup: '5a3f7c1e-2222-4d7e-9a55-0c1a2b3c4d02',
  roles: {
    reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    keyVaultReader: '21090545-7ca7-4776-b22c-e363652d74d2',
    secretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  },
};

function assignment(name: string, scope: string, principalId: string, principalType: string, roleGuid: string) {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: `/subscriptions/${INHERITANCE.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
      principalId,
      principalType,
      scope,
      condition: null,
      conditionVersion: null,
      createdOn: '2026-11-01T10:00:00Z',
      updatedOn: '2026-11-01T10:00:00Z',
    },
  };
}

/**
 * Builds the External Secrets case with a management group between the tenant root and the
 * subscription, and nested groups: the caller is in `directGroup`, which is in `outerGroup`.
 * It adds role assignments around the vault. `...0a` is at the management group, `...0b` at the
 * subscription, `...0c` at the vault's resource group, `...0d` on a secret and `...0e` at another
 * resource group.
 */
export function inheritanceScenario(): Scenario {
  const scenario = loadCase('eso-find-with-key-vault-reader-cannot-get.json');
  const { tenantId, subscriptionId, platformGroup, vault, caller, admin, directGroup, outerGroup, roles } = INHERITANCE;
  const root = `/providers/Microsoft.Management/managementGroups/${tenantId}`;
  const subscription = `/subscriptions/${subscriptionId}`;

  scenario.tenant.managementGroups = [
    { id: root, parent: null, children: [platformGroup] },
    { id: platformGroup, parent: root, children: [subscription] },
  ];
  scenario.directory.principals.push(
    { objectId: directGroup, appId: null, type: 'Group', displayName: 'grp-orders-readers', memberOf: [outerGroup] },
    { objectId: outerGroup, appId: null, type: 'Group', displayName: 'grp-platform-readers', memberOf: [] },
  );
  const callerPrincipal = scenario.directory.principals.find((principal) => principal.objectId === caller);
  if (callerPrincipal) {
    callerPrincipal.memberOf = [directGroup];
  }

  scenario.tenant.roleAssignments = [
    ...(scenario.tenant.roleAssignments ?? []),
    assignment('a0000000-0000-4000-8000-00000000000a', platformGroup, outerGroup, 'Group', roles.reader),
    assignment('a0000000-0000-4000-8000-00000000000b', subscription, caller, 'ServicePrincipal', roles.keyVaultReader),
    assignment('a0000000-0000-4000-8000-00000000000c', `${subscription}/resourceGroups/rg-orders`, admin, 'User', roles.contributor),
    assignment('a0000000-0000-4000-8000-00000000000d', `${vault}/secrets/orders-api-key`, directGroup, 'Group', roles.secretsUser),
    assignment('a0000000-0000-4000-8000-00000000000e', `${subscription}/resourceGroups/rg-network`, caller, 'ServicePrincipal', roles.reader),
  ];
  return scenario;
}

/** Sends one request through the sandbox's in-process client and parses the JSON body. */
export async function sendJson(
  sandbox: Sandbox,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  pathAndQuery: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: 'Bearer sandbox-test-token' },
): Promise<{ status: number; body: Record<string, unknown> }> {
  let text: string | undefined;
  if (typeof body === 'string') {
    text = body;
  } else if (body !== undefined) {
    text = JSON.stringify(body);
  }

  const response = await sandbox.httpClient.sendRequest(createPipelineRequest({
    url: `${sandbox.url}${pathAndQuery}`,
    method,
    headers: createHttpHeaders({ 'content-type': 'application/json', ...headers }),
    body: text,
  }));
  const responseText = response.bodyAsText ?? '';
  return { status: response.status, body: responseText === '' ? {} : (JSON.parse(responseText) as Record<string, unknown>) };
}
