/**
 * Builders for hand-made facts in the identity and network check tests: complete AccessFacts with
 * empty defaults, a check context like the orchestrator builds, and workspace fixtures.
 */
import * as path from 'node:path';
import type { CheckContext } from '../../../../src/diagnosis/context';
import { parseObservedError } from '../../../../src/diagnosis/errors/parse';
import { FACTS_SCHEMA, type AccessFacts, type Gap } from '../../../../src/diagnosis/facts';
import type { CauseCode, Finding, Severity } from '../../../../src/diagnosis/finding';
import type { WorkloadFacts } from '../../../../src/diagnosis/workload';
import { parseWorkspaceFiles } from '../../../../src/workspace/parse';
import { readWorkspaceDir } from '../../../../src/workspace/readDir';

export const SUBSCRIPTION = '/subscriptions/b8d6be55-2d40-4b16-8c19-7c1abe7fe841';
export const VAULT_ID = `${SUBSCRIPTION}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app-prod`;
export const TENANT = '3485f0df-cb87-422e-a720-c66f71d6ab2f';

type FactsOverrides = Partial<Omit<AccessFacts, 'request'>> & { request?: Partial<AccessFacts['request']> };

/** Complete facts for an RBAC vault with public access and no firewall; overrides replace whole fields. */
export function buildFacts(overrides: FactsOverrides = {}): AccessFacts {
  const { request, ...rest } = overrides;
  return {
    schema: FACTS_SCHEMA,
    now: '2026-12-04T12:00:00Z',
    request: { vaultId: VAULT_ID, caller: { objectId: '00000000-0000-0000-0000-000000000001' }, operations: ['secrets/get'], objects: [], ...request },
    vault: {
      id: VAULT_ID,
      name: 'kv-app-prod',
      tenantId: TENANT,
      enableRbacAuthorization: true,
      publicNetworkAccess: 'Enabled',
      networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
      accessPolicies: [],
      privateEndpointConnections: [],
    },
    caller: {},
    identities: [],
    directory: { principals: [], missingObjectIds: [] },
    roleAssignments: [],
    roleDefinitions: [],
    denyAssignments: [],
    managementGroupIds: [],
    objects: [],
    network: { privateEndpoints: [], privateDnsZones: [], virtualNetworks: [] },
    gaps: [],
    ...rest,
  };
}

/** Builds the context the orchestrator builds: the parsed error and a gap lookup by fact name. */
export function contextFor(facts: AccessFacts): CheckContext {
  const observed = facts.request.observedError;
  return {
    facts,
    error: observed === undefined ? undefined : parseObservedError(observed),
    operations: [],
    gap: (fact: string): Gap | undefined => facts.gaps.find((gap) => gap.fact === fact || gap.fact.startsWith(`${fact}:`)),
  };
}

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'manifests');

/** Workload facts of a folder under test/fixtures/manifests. */
export function workloadFixture(name: string): WorkloadFacts {
  return parseWorkspaceFiles(readWorkspaceDir(path.join(FIXTURES, name)));
}

export function fixtureFiles(name: string): Record<string, string> {
  return readWorkspaceDir(path.join(FIXTURES, name));
}

export function findingsWith(findings: Finding[], code: CauseCode, severity?: Severity): Finding[] {
  return findings.filter((finding) => finding.code === code && (severity === undefined || finding.severity === severity));
}

/** Codes of findings that are blockers or warnings: what a scenario's `absent` list forbids. */
export function problemCodes(findings: Finding[]): CauseCode[] {
  return findings.filter((finding) => finding.severity === 'blocker' || finding.severity === 'warning').map((finding) => finding.code);
}

/** Applies a workspace edit (zero-based range) to a text, as the editor would. */
export function applyEdit(text: string, range: [number, number, number, number], newText: string): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number): number => lines.slice(0, line).reduce((sum, current) => sum + current.length + 1, 0) + column;
  return text.slice(0, offset(range[0], range[1])) + newText + text.slice(offset(range[2], range[3]));
}
