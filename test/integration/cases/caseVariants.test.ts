/**
 * Variants of the real-world scenario cases with one fact changed (a resource removed, an id
 * mistyped), run through `kv-doctor diagnose --scenario` and the local sandbox. Each variant
 * checks that a fact which cannot be read never turns into a blocker or a fix.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main';

const repoRoot = path.resolve(__dirname, '../../..');
const casesDir = path.resolve(repoRoot, '../shared/scenarios/cases');

interface Output {
  verdict: string;
  findings: { code: string; family: string; severity: string; title: string; detail: string; missing?: string[]; fixes: { spec: { kind: string; principalId?: string; objectId?: string } }[] }[];
}

interface Scenario {
  tenant: { resources: { id: string; type: string; properties?: Record<string, unknown> }[] };
  directory: Record<string, unknown>;
  question: Record<string, unknown>;
}

function loadCase(name: string): Scenario {
  return JSON.parse(fs.readFileSync(path.join(casesDir, name), 'utf8')) as Scenario;
}

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: new PassThrough(),
    env: {},
  });
  return { code, stdout, stderr };
}

describe('scenario case variants', function () {
  this.timeout(120_000);
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-doctor-variants-'));
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function diagnoseVariant(name: string, scenario: Scenario, format = 'json'): Promise<{ code: number; stdout: string; stderr: string }> {
    const file = path.join(folder, name);
    fs.writeFileSync(file, JSON.stringify(scenario));
    return runCli(['diagnose', '--scenario', file, '--format', format]);
  }

  it('leaves a deleted private endpoint unknown', async () => {
    const scenario = loadCase('aks-workload-secrets-user-should-work.json');
    scenario.tenant.resources = scenario.tenant.resources.filter((resource) => resource.type !== 'Microsoft.Network/privateEndpoints');
    const result = await diagnoseVariant('no-private-endpoint.json', scenario);
    const output = JSON.parse(result.stdout) as Output;
    const publicAccess = output.findings.filter((finding) => finding.code === 'network-public-access-disabled');

    assert.equal(result.code, 3, result.stderr);
    assert.equal(output.verdict, 'unknown');
    assert.deepEqual(publicAccess.map((finding) => finding.severity), ['unknown']);
    assert.deepEqual(publicAccess[0].missing, ['privateEndpoints']);
    assert.deepEqual(output.findings.filter((finding) => finding.family === 'network').flatMap((finding) => finding.fixes), []);
    assert.ok(output.findings.every((finding) => finding.severity !== 'blocker'));
  });
});
