import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');
const TSX_CLI = require.resolve('tsx/cli');
const ENTRY = join(REPO, 'src/cli/main.ts');

const SUB = '3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders-prod`;
const PRINCIPAL = 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512';
const TENANT = '11111111-2222-3333-4444-555555555555';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real entry point through tsx, as `kv-doctor` would run the bundle. */
function kvDoctor(args: string[], input?: string): Result {
  const result = spawnSync(process.execPath, [TSX_CLI, ENTRY, ...args], {
    cwd: REPO,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Facts for a vault using Azure RBAC where the caller holds no role: blocked by rbac-no-assignment. */
function blockedFacts(): Record<string, unknown> {
  return {
    schema: 'kv-doctor-facts/1',
    now: '2026-12-04T12:00:00Z',
    request: { vaultId: VAULT, caller: { objectId: PRINCIPAL }, operations: ['secrets/get'], objects: ['secrets/db-password'] },
    vault: { id: VAULT, name: 'kv-orders-prod', tenantId: TENANT, enableRbacAuthorization: true, accessPolicies: [], privateEndpointConnections: [] },
    caller: { principalId: PRINCIPAL, tenantId: TENANT, principalType: 'ServicePrincipal', groupIds: [] },
    identities: [],
    directory: { principals: [{ objectId: PRINCIPAL, type: 'ServicePrincipal' }], missingObjectIds: [] },
    roleAssignments: [],
    roleDefinitions: [],
    denyAssignments: [],
    managementGroupIds: [],
    objects: [{ ref: 'secrets/db-password', exists: true, enabled: true }],
    network: { privateEndpoints: [], privateDnsZones: [], virtualNetworks: [] },
    gaps: [],
  };
}

function grantedFacts(): Record<string, unknown> {
  return {
    ...blockedFacts(),
    roleAssignments: [
      {
        id: `${VAULT}/providers/Microsoft.Authorization/roleAssignments/0b9c6b59-5a7e-4a8c-9d55-55b1a3b21b0e`,
        scope: VAULT,
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`,
        principalId: PRINCIPAL,
        principalType: 'ServicePrincipal',
        createdOn: '2026-01-01T00:00:00Z',
      },
    ],
  };
}

describe('kv-doctor command line', function () {
  this.timeout(120000);
  let directory: string;

  const write = (name: string, content: string): string => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  };

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'kvd-cli-'));
  });

  after(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const result = kvDoctor(['--version']);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `${version}\n`);
  });

  it('prints help, and usage with exit 2 when no command is given', () => {
    const help = kvDoctor(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /kv-doctor diagnose --facts FILE/);

    const none = kvDoctor([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /Usage:/);
  });

  it('rejects an unknown command and an unknown flag', () => {
    const command = kvDoctor(['diagnosis']);
    assert.equal(command.status, 2);
    assert.match(command.stderr, /unknown command "diagnosis"/);

    const flag = kvDoctor(['diagnose', '--fact', 'x.json']);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /Unknown option --fact for kv-doctor diagnose\. Run `kv-doctor diagnose --help`/);
  });

  it('names a missing file and a missing value', () => {
    const missing = kvDoctor(['diagnose', '--facts', join(directory, 'nope.json')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /File not found: .*nope\.json \(given to --facts\)/);

    const noValue = kvDoctor(['diagnose', '--facts']);
    assert.equal(noValue.status, 2);
    assert.match(noValue.stderr, /Option --facts needs a value/);
  });

  it('reports invalid JSON with line and column', () => {
    const path = write('broken.json', '{\n  "schema": "kv-doctor-facts/1",\n  "now": ,\n}');
    const result = kvDoctor(['diagnose', '--facts', path]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Invalid JSON in .*broken\.json \(given to --facts\) at line 3, column 10: unexpected ",": expected a value\./);
  });

  it('reports facts that fail validation with the field path', () => {
    const facts = blockedFacts();
    (facts.request as Record<string, unknown>).operations = 'secrets/get';
    const result = kvDoctor(['diagnose', '--facts', write('invalid.json', JSON.stringify(facts))]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Invalid facts in .*invalid\.json: .*request\.operations/);
  });

  it('rejects two inputs at once and a bad format', () => {
    const path = write('blocked.json', JSON.stringify(blockedFacts()));
    const both = kvDoctor(['diagnose', '--facts', path, '--vault', VAULT]);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /Give exactly one of --facts FILE, --scenario FILE or --vault ID \(got --facts and --vault\)/);

    const format = kvDoctor(['diagnose', '--facts', path, '--format', 'yaml']);
    assert.equal(format.status, 2);
    assert.match(format.stderr, /Invalid value "yaml" for --format: use one of text, json, markdown/);
  });

  it('exits 1 for a blocked request and prints the fix', () => {
    const result = kvDoctor(['diagnose', '--facts', write('blocked.json', JSON.stringify(blockedFacts()))]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^BLOCKED/);
    assert.match(result.stdout, /\[BLOCKER\] +.*\(rbac-no-assignment\)/);
    assert.match(result.stdout, new RegExp(`--assignee-object-id ${PRINCIPAL}`));
    assert.ok(!result.stdout.includes('\u001b'), 'no colour codes with NO_COLOR set');
  });

  it('prints the JSON contract', () => {
    const result = kvDoctor(['diagnose', '--facts', write('blocked.json', JSON.stringify(blockedFacts())), '--format', 'json']);
    assert.equal(result.status, 1, result.stderr);
    const output = JSON.parse(result.stdout) as { verdict: string; findings: { code: string; severity: string; family: string; title: string; detail: string; evidence: string[]; fixes: { title: string; az?: string; powershell?: string; arm?: unknown[] }[] }[] };
    assert.equal(output.verdict, 'blocked');
    const blocker = output.findings.find((finding) => finding.code === 'rbac-no-assignment');
    assert.ok(blocker);
    assert.equal(blocker.severity, 'blocker');
    assert.equal(blocker.family, 'authorization');
    assert.ok(blocker.fixes.some((fix) => fix.az?.includes(`--role ${SECRETS_USER}`) && fix.powershell !== undefined && (fix.arm?.length ?? 0) > 0));
  });

  it('prints Markdown', () => {
    const result = kvDoctor(['diagnose', '--facts', write('blocked.json', JSON.stringify(blockedFacts())), '--format', 'markdown']);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^# Key Vault access diagnosis\n/);
    assert.match(result.stdout, /```bash\naz role assignment create/);
  });

  it('exits 0 when the request should work', () => {
    const result = kvDoctor(['diagnose', '--facts', write('granted.json', JSON.stringify(grantedFacts()))]);
    assert.equal(result.status, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /^SHOULD WORK/);
  });

  it('exits 3 when a check could not run', () => {
    const facts = { ...grantedFacts(), gaps: [{ fact: 'denyAssignments', error: '403 AuthorizationFailed', status: 403 }] };
    const result = kvDoctor(['diagnose', '--facts', write('unknown.json', JSON.stringify(facts))]);
    assert.equal(result.status, 3, result.stderr + result.stdout);
    assert.match(result.stdout, /^UNKNOWN/);
  });

  it('checks the caller options of the live form', () => {
    const result = kvDoctor(['diagnose', '--vault', VAULT, '--object-id', PRINCIPAL, '--client-id', PRINCIPAL]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Give exactly one caller with --vault/);
  });

  describe('explain', () => {
    const error = JSON.stringify({
      error: {
        code: 'Forbidden',
        message: `Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: appid=9f5b1c3e-0d4a-4e8b-9f3c-2a1b0c9d8e7f;oid=${PRINCIPAL};iss=https://sts.windows.net/${TENANT}/\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nResource: '${VAULT.toLowerCase()}/secrets/db-password'\r\nAssignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: null \r\nVault: kv-orders-prod;location=westeurope\r\n`,
        innererror: { code: 'ForbiddenByRbac' },
      },
    });

    it('reads the error from standard input', () => {
      const result = kvDoctor(['explain'], error);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^Azure RBAC denied the request\nError: forbidden-by-rbac, 403 Forbidden ForbiddenByRbac\n/);
      assert.match(result.stdout, /\nWhat it means:\n {2}The vault uses Azure RBAC/);
      assert.match(result.stdout, new RegExp(`Object \\(principal\\) id +${PRINCIPAL}`));
      assert.match(result.stdout, /Refused data action +Microsoft\.KeyVault\/vaults\/secrets\/getSecret\/action/);
      assert.match(result.stdout, /\nWhat to check next:\n {2}1\. /);
    });

    it('reads the error from a file and prints JSON', () => {
      const result = kvDoctor(['explain', '--file', write('error.json', error), '--format', 'json']);
      assert.equal(result.status, 0, result.stderr);
      const output = JSON.parse(result.stdout) as { explanation: { kind: string; headline: string; nextSteps: string[] }; parsed: { kind: string; caller?: { objectId?: string } } };
      assert.equal(output.explanation.kind, 'forbidden-by-rbac');
      assert.equal(output.explanation.headline, 'Azure RBAC denied the request');
      assert.ok(output.explanation.nextSteps.length > 0);
      assert.equal(output.parsed.kind, 'forbidden-by-rbac');
      assert.equal(output.parsed.caller?.objectId, PRINCIPAL);
    });

    it('rejects empty input', () => {
      const result = kvDoctor(['explain'], '  \n');
      assert.equal(result.status, 2);
      assert.match(result.stderr, /The error text is empty on standard input/);
    });
  });
});
