/**
 * Variants of the real-world scenario cases with one fact changed (a resource removed, an id
 * mistyped), and cases whose report wording matters, run through `kv-doctor diagnose --scenario`
 * and the local sandbox.
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
  findings: { code: string; family: string; severity: string; title: string; detail: string; missing?: string[]; fixes: { title: string; az?: string }[] }[];
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

  it('names a mistyped vault at the top', async () => {
    const scenario = loadCase('aks-workload-secrets-user-should-work.json');
    const vault = `${String(scenario.question.vault)}x`;
    scenario.question.vault = vault;
    const text = await diagnoseVariant('mistyped-vault.json', scenario, 'text');
    const markdown = await diagnoseVariant('mistyped-vault.json', scenario, 'markdown');
    const head = text.stdout.split('\n').slice(0, 7).join(' ');

    assert.equal(text.code, 3, text.stderr);
    assert.match(text.stdout.split('\n')[0], /^UNKNOWN: /);
    assert.ok(head.includes(`The vault ${vault} was not found (404`), head);
    assert.match(head, /Check the subscription id, the resource group and the vault name/);
    assert.match(markdown.stdout, /\*\*Verdict:\*\* UNKNOWN[^\n]*\n\n\*\*The vault /);
  });

  it('blocks an object id that names nothing', async () => {
    const scenario = loadCase('aks-workload-secrets-user-should-work.json');
    const typo = '3711f5df-218d-40b3-ad7e-2209ba3132ae';
    scenario.question.caller = { objectId: typo };
    const result = await diagnoseVariant('unknown-object-id.json', scenario);
    const output = JSON.parse(result.stdout) as Output;
    const notFound = output.findings.find((finding) => finding.code === 'caller-not-found');
    const commands = output.findings.flatMap((finding) => finding.fixes.map((fix) => fix.az ?? ''));

    assert.ok(notFound, JSON.stringify(output.findings.map((finding) => finding.code)));
    assert.equal(notFound.severity, 'blocker');
    assert.match(notFound.detail, /client \(application\) id/);
    assert.notEqual(output.verdict, 'should-work');
    assert.deepEqual(commands.filter((command) => command.includes('role assignment create') || command.includes(typo)), []);
  });

  it('blocks a managed identity that returns 404', async () => {
    const scenario = loadCase('aks-workload-secrets-user-should-work.json');
    scenario.question.caller = { identity: `${String((scenario.question.caller as { identity: string }).identity)}-typo` };
    const result = await diagnoseVariant('unknown-identity.json', scenario);
    const output = JSON.parse(result.stdout) as Output;

    assert.equal(output.findings.find((finding) => finding.code === 'caller-not-found')?.severity, 'blocker');
    assert.equal(result.code, 1);
  });

  it('names the cluster identity that holds the role', async () => {
    const result = await runCli(['diagnose', '--scenario', path.join(casesDir, 'csi-roles-assigned-to-cluster-identity-not-kubelet.json'), '--format', 'json']);
    const output = JSON.parse(result.stdout) as Output;
    const blocker = output.findings.find((finding) => finding.code === 'rbac-no-assignment' && finding.severity === 'blocker');

    assert.ok(blocker);
    assert.match(blocker.detail, /Key Vault Administrator and Key Vault Secrets Officer are held by aks-warehouse \(cluster identity of aks-warehouse, 4fba5b13-5c68-46b3-92be-1af15a3374c0\), not by the kubelet identity of cluster aks-warehouse that calls/);
    assert.ok(output.findings.every((finding) => finding.fixes.every((fix) => !(fix.az ?? '').includes('4fba5b13-5c68-46b3-92be-1af15a3374c0'))));
  });

  it('shows a shared fix once', async () => {
    const result = await runCli(['diagnose', '--scenario', path.join(casesDir, 'csi-node-identity-role-ignored-on-access-policy-vault.json'), '--format', 'json']);
    const output = JSON.parse(result.stdout) as { findings: { fixes: { az?: string; note?: string }[] }[] };
    const commands = output.findings.flatMap((finding) => finding.fixes.map((fix) => fix.az ?? ''));
    const setPolicy = commands.filter((command) => command.startsWith('az keyvault set-policy'));

    assert.equal(setPolicy.length, 1, setPolicy.join('\n---\n'));
    assert.equal(new Set(commands).size, commands.length);
  });
});
