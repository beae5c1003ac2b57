/**
 * The az commands a person runs by hand to answer the same question. They resolve the caller
 * and read the vault, the caller's and the vault's role assignments and each role's definition.
 * Then the identity's federated credentials, the cluster, the private endpoint with its DNS zone,
 * and each named object. The commands run one after another with Debian's az 2.45 against the
 * sandbox, as a person copying them into a shell would.
 */
import { existsSync } from 'node:fs';
import type { AccessRequest } from '../../src/diagnosis/facts';
import type { Scenario } from '../../src/scenario/types';
import { parseResourceId, requireResourceId } from '../../src/azure/ids';
import { azBin } from '../../test/az/support/azProcess';
import { startAzSession, type AzSession } from '../../test/az/support/azSession';

export interface AzRun {
  wallMs: number;
  commands: number;
  /** Requests the sandbox received from az, token requests included. */
  requests: number;
  /** Commands that exited with an error, with the first line of stderr. */
  failures: string[];
}

/** Returns why az cannot run here, or undefined when it can. */
export function azUnavailableReason(): string | undefined {
  return existsSync(azBin) ? undefined : `az is not installed at ${azBin} (Debian package azure-cli)`;
}

/** API versions for the reads az has no working command for in Debian's 2.45 against the sandbox. */
const API_VERSIONS = {
  privateEndpoint: '2024-05-01',
  vaultObject: '2023-07-01',
};

/**
 * Runs the commands for `request` against a new sandbox seeded with `scenario`, with
 * `latencyMs` added to every request after sign-in (sign-in is not part of a diagnosis).
 */
export async function runAzByHand(scenario: Scenario, request: AccessRequest, latencyMs: number, pageSize: number): Promise<AzRun> {
  const session = await startAzSession({ scenario, pageSize });
  try {
    session.sandbox.inject({ path: '**', fault: { kind: 'latency', ms: latencyMs } });
    const before = session.sandbox.log.length;
    const runner = new CommandRunner(session);

    const started = performance.now();
    await runCommands(runner, scenario, request);
    const wallMs = performance.now() - started;

    const blocked = session.blockedConnections();
    if (blocked.length > 0) {
      throw new Error(`az tried to leave 127.0.0.1 during the benchmark: ${blocked.join('; ')}`);
    }
    return { wallMs, commands: runner.commands, requests: session.sandbox.log.length - before, failures: runner.failures };
  } finally {
    await session.stop();
  }
}

class CommandRunner {
  commands = 0;
  readonly failures: string[] = [];

  constructor(private readonly session: AzSession) {}

  /** Runs one command and returns its parsed JSON output, or undefined when it failed. */
  async json(args: string[]): Promise<unknown> {
    this.commands += 1;
    const result = await this.session.az([...args, '--output', 'json']);
    if (result.exitCode !== 0) {
      const firstLine = result.stderr.split('\n').find((line) => line.trim() !== '') ?? '';
      this.failures.push(`az ${args.slice(0, 3).join(' ')}: exit ${result.exitCode}: ${firstLine}`);
      return undefined;
    }
    return result.stdout.trim() === '' ? undefined : (JSON.parse(result.stdout) as unknown);
  }
}

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    current = isRecord(current) ? current[key] : undefined;
  }
  return current;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

async function runCommands(runner: CommandRunner, scenario: Scenario, request: AccessRequest): Promise<void> {
  const vault = requireResourceId(request.vaultId, 'Microsoft.KeyVault', 'vaults', 'vault id');
  const subscription = ['--subscription', vault.subscriptionId];

  // 1. Who is the caller: the principal id from the identity or from the client id.
  let principalId = request.caller.objectId;
  let identityId = request.caller.identity;
  if (request.caller.identity) {
    const identity = await runner.json(['identity', 'show', '--ids', request.caller.identity]);
    principalId = field(identity, 'principalId') as string | undefined;
  } else if (request.caller.clientId) {
    const principal = await runner.json(['ad', 'sp', 'show', '--id', request.caller.clientId]);
    principalId = field(principal, 'id') as string | undefined;
    identityId = identityWithClientId(scenario, request.caller.clientId);
  }

  // 2. The vault: permission model, network rules, private endpoint connections.
  const vaultBody = await runner.json(['keyvault', 'show', '--name', vault.name, '--resource-group', vault.resourceGroup, ...subscription]);

  // 3. Role assignments: the caller's (with groups and inherited ones) and everyone's on the vault.
  const roleIds = new Set<string>();
  const assignmentLists = [
    principalId ? await runner.json(['role', 'assignment', 'list', '--assignee', principalId, '--scope', request.vaultId, '--include-inherited', '--include-groups', ...subscription]) : undefined,
    await runner.json(['role', 'assignment', 'list', '--scope', request.vaultId, ...subscription]),
  ];
  for (const assignment of assignmentLists.flatMap(asArray)) {
    const roleId = field(assignment, 'roleDefinitionId');
    if (typeof roleId === 'string') {
      roleIds.add(roleId.split('/').pop() ?? roleId);
    }
  }

  // 4. What each role allows.
  for (const roleGuid of roleIds) {
    await runner.json(['role', 'definition', 'list', '--name', roleGuid, '--scope', `/subscriptions/${vault.subscriptionId}`]);
  }

  // 5. Workload identity: the identity's federated credentials and the cluster's issuer.
  const identity = identityId ? parseResourceId(identityId) : undefined;
  if (identity?.resourceGroup && identity.name) {
    await runner.json(['identity', 'federated-credential', 'list', '--identity-name', identity.name, '--resource-group', identity.resourceGroup, '--subscription', identity.subscriptionId]);
  }
  const cluster = request.from?.clusterId ? parseResourceId(request.from.clusterId) : undefined;
  if (cluster?.resourceGroup && cluster.name) {
    await runner.json(['aks', 'show', '--name', cluster.name, '--resource-group', cluster.resourceGroup, '--subscription', cluster.subscriptionId]);
  }

  // 6. Private endpoint and its DNS zone, when the vault has one.
  await readPrivateLink(runner, vaultBody, vault.subscriptionId);

  // 7. The state (enabled, expiry) of each named object, through ARM, never its value.
  for (const objectRef of request.objects) {
    await runner.json(['rest', '--method', 'get', '--url', `${request.vaultId}/${objectRef}?api-version=${API_VERSIONS.vaultObject}`]);
  }
}

async function readPrivateLink(runner: CommandRunner, vaultBody: unknown, subscriptionId: string): Promise<void> {
  const connections = asArray(field(vaultBody, 'properties', 'privateEndpointConnections'));
  for (const connection of connections) {
    const endpointId = field(connection, 'privateEndpoint', 'id') ?? field(connection, 'properties', 'privateEndpoint', 'id');
    if (typeof endpointId === 'string') {
      // `az network private-endpoint show` fails in Debian's az 2.45 ('NoneType' object has no attribute 'standard_medium'), so the endpoint is read with az rest.
      await runner.json(['rest', '--method', 'get', '--url', `${endpointId}?api-version=${API_VERSIONS.privateEndpoint}`]);
    }
  }
  if (connections.length === 0) {
    return;
  }

  const zones = asArray(await runner.json(['network', 'private-dns', 'zone', 'list', '--subscription', subscriptionId]));
  for (const zone of zones) {
    const zoneId = parseResourceId(String(field(zone, 'id') ?? ''));
    if (!zoneId?.resourceGroup || !zoneId.name || !/^privatelink\.vaultcore\./i.test(zoneId.name)) {
      continue;
    }
    const zoneArgs = ['--resource-group', zoneId.resourceGroup, '--zone-name', zoneId.name, '--subscription', zoneId.subscriptionId];
    await runner.json(['network', 'private-dns', 'link', 'vnet', 'list', ...zoneArgs]);
    await runner.json(['network', 'private-dns', 'record-set', 'a', 'list', ...zoneArgs]);
  }
}

/** Finds the user-assigned identity with this client id in the scenario, as a person finds it in the portal. */
function identityWithClientId(scenario: Scenario, clientId: string): string | undefined {
  const match = scenario.tenant.resources.find(
    (resource) => resource.type.toLowerCase() === 'microsoft.managedidentity/userassignedidentities' && String(resource.properties?.clientId ?? '').toLowerCase() === clientId.toLowerCase(),
  );
  return match?.id;
}
