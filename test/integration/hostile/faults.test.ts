/**
 * ARM and Graph faults against the HTTPS sandbox through the real collector. The faults are
 * broken, truncated and fuzzed bodies, missing fields, nulls, unknown role definitions, lists
 * whose nextLink never ends, throttling, server errors, slow and dropped connections and a token
 * that expires midway. The base case is should-work, so each fault is the only reason for another
 * verdict. Every run must finish within a bound, never throw, name the missing fact as a gap, and
 * never say should-work.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { startSandbox, type Fault, type FaultRule, type Sandbox } from '../../../sandbox/index';
import { collectWithStats } from '../../../src/azure/collect';
import { MAX_PAGES } from '../../../src/azure/clients';
import { runScenario, sandboxEnv } from '../../../src/cli/scenarioRun';
import { scenarioRequest } from '../../../src/cli/scenarioFile';
import { diagnose } from '../../../src/diagnosis/diagnose';
import { parseWorkspaceFiles } from '../../../src/workspace/parse';
import { FAST_RETRY, missingFacts, runWithFaults, SHOULD_WORK_CASE, type FaultRun } from './support/faultRun';
import { loadCase } from './support/hostileScenario';

const SUBSCRIPTION = 'c42ab405-d70c-4996-bf77-fa649b94c39b';
const VAULT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-catalog/providers/Microsoft.KeyVault/vaults/kv-catalog-prod`;
const CALLER_PRINCIPAL = '3711f5df-218d-40b3-ad7e-2209ba3132ad';

const VAULT = '**/Microsoft.KeyVault/vaults/kv-catalog-prod';
const ROLE_ASSIGNMENTS = '**/providers/Microsoft.Authorization/roleAssignments';
const DENY_ASSIGNMENTS = '**/providers/Microsoft.Authorization/denyAssignments';
const IDENTITY = '**/userAssignedIdentities/id-catalog-api';
const FEDERATED_CREDENTIALS = '**/userAssignedIdentities/id-catalog-api/federatedIdentityCredentials';
const DNS_RECORDS = '**/privateDnsZones/*/A';
const GROUP_MEMBERSHIP = '/graph/v1.0/directoryObjects/*/transitiveMemberOf';
const RESOURCE_GRAPH = '/providers/Microsoft.ResourceGraph/resources';

/** A generous bound: every fault here ends within a few seconds; a hang would run into minutes. */
const BOUND_MS = 30_000;

function okBody(body: unknown): Fault {
  return { kind: 'status', status: 200, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** Returns a page fault whose nextLink points back at the same list, so the list never ends. */
function endlessPage(sandbox: Sandbox, path: string, apiVersion: string): Fault {
  return okBody({ value: [], nextLink: `${sandbox.url}${path}?api-version=${apiVersion}&$skiptoken=again` });
}

interface FaultCase {
  name: string;
  /** The gap fact expected (a prefix such as `roleAssignments` also matches `roleAssignments:allPrincipals`). */
  gap: string;
  /** The fact an `unknown` finding names as missing, when it is not the gap's own (an identity read feeds the caller). */
  unknown?: string;
  faults: (sandbox: Sandbox) => FaultRule[];
  prepare?: (sandbox: Sandbox) => void;
  /** Minimum duration of the run in milliseconds, for faults that are slow on purpose. */
  minimumMs?: number;
}

const CASES: FaultCase[] = [
  { name: 'truncated vault body', gap: 'vault', faults: () => [{ method: 'GET', path: VAULT, fault: { kind: 'truncate' } }] },
  { name: 'truncated role assignment list', gap: 'roleAssignments', faults: () => [{ method: 'GET', path: ROLE_ASSIGNMENTS, fault: { kind: 'truncate' } }] },
  { name: 'HTML instead of the identity', gap: 'identity', unknown: 'caller', faults: () => [{ method: 'GET', path: IDENTITY, fault: { kind: 'malformed' } }] },
  { name: 'vault without properties', gap: 'vault', faults: () => [{ method: 'GET', path: VAULT, fault: okBody({ id: VAULT_ID, name: 'kv-catalog-prod', type: 'Microsoft.KeyVault/vaults' }) }] },
  { name: 'vault properties null', gap: 'vault', faults: () => [{ method: 'GET', path: VAULT, fault: okBody({ id: VAULT_ID, name: 'kv-catalog-prod', type: 'Microsoft.KeyVault/vaults', properties: null }) }] },
  { name: 'vault body null', gap: 'vault', faults: () => [{ method: 'GET', path: VAULT, fault: okBody('null') }] },
  { name: 'identity without principal id', gap: 'identity', unknown: 'caller', faults: () => [{ method: 'GET', path: IDENTITY, fault: okBody({ id: '/x', name: 'id-catalog-api', properties: { tenantId: null } }) }] },
  { name: 'role assignment list value null', gap: 'roleAssignments', faults: () => [{ method: 'GET', path: ROLE_ASSIGNMENTS, fault: okBody({ value: null }) }] },
  { name: 'role assignment list without value', gap: 'roleAssignments', faults: () => [{ method: 'GET', path: ROLE_ASSIGNMENTS, fault: okBody({}) }] },
  { name: 'role assignment items null', gap: 'roleAssignments', faults: () => [{ method: 'GET', path: ROLE_ASSIGNMENTS, fault: okBody({ value: [null, 7, 'x'] }) }] },
  { name: 'role assignment without fields', gap: 'roleAssignments', faults: () => [{ method: 'GET', path: ROLE_ASSIGNMENTS, query: { $filter: /assignedTo/ }, fault: okBody({ value: [{ properties: {} }] }) }] },
  { name: 'deny assignment items null', gap: 'denyAssignments', faults: () => [{ method: 'GET', path: DENY_ASSIGNMENTS, fault: okBody({ value: [null] }) }] },
  {
    name: 'unknown role definition id',
    gap: 'roleDefinitions',
    faults: () => [],
    prepare: (sandbox) => {
      for (const assignment of sandbox.state.roleAssignments.values()) {
        const properties = assignment.properties as { principalId?: string; roleDefinitionId?: string };
        if (properties.principalId === CALLER_PRINCIPAL) {
          properties.roleDefinitionId = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/0badc0de-0000-4000-8000-000000000000`;
        }
      }
    },
  },
  { name: 'endless deny assignment pages', gap: 'denyAssignments', faults: (sandbox) => [{ method: 'GET', path: DENY_ASSIGNMENTS, fault: endlessPage(sandbox, `${VAULT_ID}/providers/Microsoft.Authorization/denyAssignments`, '2022-04-01') }] },
  { name: 'endless role assignment pages', gap: 'roleAssignments', faults: (sandbox) => [{ method: 'GET', path: ROLE_ASSIGNMENTS, fault: endlessPage(sandbox, `${VAULT_ID}/providers/Microsoft.Authorization/roleAssignments`, '2022-04-01') }] },
  {
    name: 'endless DNS record pages',
    gap: 'privateDns',
    faults: (sandbox) => [{ method: 'GET', path: DNS_RECORDS, fault: endlessPage(sandbox, `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/A`, '2024-06-01') }],
  },
  { name: '429 without Retry-After', gap: 'vault', faults: () => [{ method: 'GET', path: VAULT, fault: { kind: 'throttle' } }] },
  { name: '429 with Retry-After', gap: 'denyAssignments', faults: () => [{ method: 'GET', path: DENY_ASSIGNMENTS, fault: { kind: 'throttle', retryAfterSeconds: 1 } }], minimumMs: 2_000 },
  { name: '500 on federated credentials', gap: 'federatedCredentials', faults: () => [{ method: 'GET', path: FEDERATED_CREDENTIALS, fault: { kind: 'status', status: 500 } }] },
  { name: 'dropped identity connection', gap: 'identity', unknown: 'caller', faults: () => [{ method: 'GET', path: IDENTITY, fault: { kind: 'drop' } }] },
  {
    name: 'slow then dropped vault read',
    gap: 'vault',
    faults: () => [
      { method: 'GET', path: VAULT, fault: { kind: 'latency', ms: 1_500 } },
      { method: 'GET', path: VAULT, fault: { kind: 'drop' } },
    ],
    minimumMs: 4_500,
  },
  {
    name: '401 expired token midway',
    gap: 'roleAssignments',
    faults: () => [
      { method: 'GET', path: ROLE_ASSIGNMENTS, fault: { kind: 'status', status: 401, code: 'ExpiredAuthenticationToken', message: 'The access token expiry UTC time is earlier than current UTC time.' } },
      { method: 'GET', path: DENY_ASSIGNMENTS, fault: { kind: 'status', status: 401, code: 'ExpiredAuthenticationToken', message: 'The access token expiry UTC time is earlier than current UTC time.' } },
    ],
  },
];

function assertHonest(run: FaultRun, expectedGap: string, expectedUnknown = expectedGap): void {
  const { gaps, unknown } = missingFacts(run);
  const names = (expected: string) => (fact: string) => fact === expected || fact.startsWith(`${expected}:`);

  assert.ok(run.elapsedMs < BOUND_MS, `took ${run.elapsedMs} ms`);
  assert.notEqual(run.diagnosis.verdict, 'should-work');
  assert.ok(gaps.some(names(expectedGap)), `no ${expectedGap} gap in ${JSON.stringify(run.facts.gaps)}`);
  assert.ok(unknown.some(names(expectedUnknown)), `no unknown finding names ${expectedUnknown}: ${JSON.stringify(unknown)}`);
}

describe('collector under ARM faults', function () {
  this.timeout(60_000);

  it('baseline is should-work', async () => {
    const run = await runWithFaults();

    assert.equal(run.diagnosis.verdict, 'should-work');
    assert.deepEqual(run.facts.gaps, []);
  });

  for (const faultCase of CASES) {
    it(`${faultCase.name} becomes a gap`, async () => {
      const run = await runWithFaults({ prepare: (sandbox) => {
        faultCase.prepare?.(sandbox);
        for (const rule of faultCase.faults(sandbox)) {
          sandbox.inject(rule);
        }
      } });

      assertHonest(run, faultCase.gap, faultCase.unknown);
      if (faultCase.minimumMs !== undefined) {
        assert.ok(run.elapsedMs >= faultCase.minimumMs, `finished after ${run.elapsedMs} ms, before the injected delays`);
      }
    });
  }

  it('stops an endless list at the page limit', async () => {
    const run = await runWithFaults({ prepare: (sandbox) => sandbox.inject({ method: 'GET', path: DENY_ASSIGNMENTS, fault: endlessPage(sandbox, `${VAULT_ID}/providers/Microsoft.Authorization/denyAssignments`, '2022-04-01') }) });
    const gap = run.facts.gaps.find((candidate) => candidate.fact === 'denyAssignments');
    const pages = run.sandbox.log.filter((record) => /\/denyAssignments$/i.test(record.path)).length;

    // The SDK pager fetches a page before the loop counts it, so the page over the limit is read too.
    assert.equal(gap?.code, 'PagingLimitExceeded');
    assert.ok(pages >= MAX_PAGES, `${pages} pages read`);
    assert.ok(pages <= MAX_PAGES + 1, `${pages} pages read`);
  });

  it('endless Resource Graph pages name management groups', async () => {
    const run = await runWithFaults({ faults: [{ method: 'POST', path: RESOURCE_GRAPH, fault: okBody({ totalRecords: 1, count: 0, resultTruncated: 'false', $skipToken: 'again', data: [] }) }] });
    const gap = run.facts.gaps.find((candidate) => candidate.fact === 'managementGroups');
    const incomplete = run.diagnosis.findings.find((finding) => finding.code === 'facts-incomplete');

    // Inherited assignments and deny assignments come from ARM's own lists, so a missing
    // management group chain is a warning, and should-work stays possible.
    assert.ok(run.elapsedMs < BOUND_MS, `took ${run.elapsedMs} ms`);
    assert.equal(gap?.code, 'PagingLimitExceeded');
    assert.notEqual(incomplete?.severity, 'ok');
    assert.ok(incomplete?.missing?.includes('managementGroups'), JSON.stringify(incomplete));
  });

  it('endless group membership pages end', async () => {
    const warnings: string[] = [];
    const scenario = loadCase(SHOULD_WORK_CASE);
    const started = Date.now();
    const run = await runScenario(scenario, {
      https: true,
      retry: FAST_RETRY,
      log: { info: () => undefined, warn: (message) => warnings.push(message), error: (message) => warnings.push(message) },
      onSandbox: (sandbox) =>
        sandbox.inject({ method: 'GET', path: GROUP_MEMBERSHIP, fault: okBody({ value: [], '@odata.nextLink': `${sandbox.graphEndpoint}/v1.0/directoryObjects/${CALLER_PRINCIPAL}/transitiveMemberOf?$skiptoken=again` }) }),
    });

    // Group membership only widens what access policies match; on an RBAC vault ARM's
    // assignedTo() list already covers groups, so the verdict may stay should-work.
    assert.ok(Date.now() - started < BOUND_MS);
    assert.ok(warnings.some((message) => message.includes(`more than ${MAX_PAGES} pages`)), warnings.join('\n'));
    assert.ok(run.facts.caller.principalId);
  });

  it('recovers from one 429', async () => {
    const run = await runWithFaults({ faults: [{ method: 'GET', path: VAULT, fault: { kind: 'throttle', retryAfterSeconds: 0 }, times: 1 }] });
    const vaultReads = run.sandbox.log.filter((record) => record.path.endsWith('/vaults/kv-catalog-prod'));

    assert.equal(run.diagnosis.verdict, 'should-work');
    assert.deepEqual(vaultReads.map((record) => record.status), [429, 200]);
  });

  it('token refresh failing midway becomes gaps', async () => {
    const scenario = loadCase(SHOULD_WORK_CASE);
    const sandbox = await startSandbox({ scenario, https: true });
    try {
      const env = sandboxEnv(sandbox, true, { retry: FAST_RETRY });
      env.credential = failingAfter(env.credential, 2);
      const workload = scenario.workspace ? parseWorkspaceFiles(scenario.workspace.files) : undefined;
      const started = Date.now();
      const { facts } = await collectWithStats(scenarioRequest(scenario), env, { now: scenario.now, workload });
      const diagnosis = diagnose(facts);

      assert.ok(Date.now() - started < BOUND_MS);
      assert.notEqual(diagnosis.verdict, 'should-work');
      assert.ok(facts.gaps.some((gap) => gap.fact === 'vault' && gap.code === 'AuthenticationError'), JSON.stringify(facts.gaps));
      assert.ok(facts.gaps.every((gap) => /Sign-in failed/.test(gap.error)), JSON.stringify(facts.gaps));
      assert.ok(diagnosis.findings.some((finding) => finding.severity === 'unknown' && finding.missing?.includes('vault')));
    } finally {
      await sandbox.stop();
    }
  });

  describe('fuzzed bodies', () => {
    // Routes whose real content the should-work verdict depends on, so no random body can
    // legitimately keep it.
    const routes: { name: string; rule: Omit<FaultRule, 'fault'> }[] = [
      { name: 'vault', rule: { method: 'GET', path: VAULT } },
      { name: 'identity', rule: { method: 'GET', path: IDENTITY } },
      { name: 'caller role assignments', rule: { method: 'GET', path: ROLE_ASSIGNMENTS, query: { $filter: /assignedTo/ } } },
      { name: 'federated credentials', rule: { method: 'GET', path: FEDERATED_CREDENTIALS } },
    ];
    const bodies = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 40 }),
      fc.jsonValue().map((value) => JSON.stringify({ value: [value] })),
      fc.jsonValue().map((value) => JSON.stringify({ id: VAULT_ID, properties: value })),
    );

    for (const route of routes) {
      it(`${route.name} never yields should-work`, async () => {
        await fc.assert(
          fc.asyncProperty(bodies, async (body) => {
            const started = Date.now();
            const run = await runScenario(loadCase(SHOULD_WORK_CASE), {
              retry: FAST_RETRY,
              onSandbox: (sandbox) => sandbox.inject({ ...route.rule, fault: okBody(body) }),
            });
            const diagnosis = diagnose(run.facts);

            assert.ok(Date.now() - started < BOUND_MS);
            assert.notEqual(diagnosis.verdict, 'should-work', `body ${body}`);
          }),
          { numRuns: 25, seed: 20261204 },
        );
      });
    }
  });
});

/** Wraps a credential so that it hands out `count` tokens, then fails as an expired refresh does. */
function failingAfter(inner: TokenCredential, count: number): TokenCredential {
  let issued = 0;
  return {
    async getToken(scopes, options): Promise<AccessToken | null> {
      issued += 1;
      if (issued > count) {
        const error = new Error('AADSTS700082: The refresh token has expired due to inactivity.');
        error.name = 'AuthenticationError';
        throw error;
      }
      return inner.getToken(scopes, options);
    },
  };
}
