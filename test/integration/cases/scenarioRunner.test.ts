/**
 * The scenario runner's input checks and the demo. A bad scenario file gives exit code 2 and an
 * error naming the file, the field and the fix. `npm run demo` prints the Key Vault Secrets User fix.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { main } from '../../../src/cli/main';
import { validateScenario } from '../../../src/cli/scenarioFile';

const repoRoot = path.resolve(__dirname, '../../..');
const demoFile = path.join(repoRoot, 'demo/aks-external-secrets.json');

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

function demoScenario(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(demoFile, 'utf8')) as Record<string, unknown>;
}

describe('scenario runner', function () {
  this.timeout(60_000);
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-doctor-scenario-'));
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('rejects a missing file', async () => {
    const result = await runCli(['diagnose', '--scenario', path.join(folder, 'missing.json')]);

    assert.equal(result.code, 2);
    assert.match(result.stderr, /Scenario file not found: .*missing\.json/);
  });

  it('rejects invalid JSON', async () => {
    const file = path.join(folder, 'broken.json');
    fs.writeFileSync(file, '{ "schema": ');
    const result = await runCli(['diagnose', '--scenario', file]);

    assert.equal(result.code, 2);
    assert.match(result.stderr, /broken\.json is not valid JSON/);
  });

  it('names the field and the fix', () => {
    const scenario = demoScenario();
    const question = scenario.question as Record<string, unknown>;

    assert.throws(() => validateScenario({ ...scenario, schema: 'kv-scenario/2' }, 'a.json'), /Invalid scenario a\.json: "schema" is "kv-scenario\/2"; set it to "kv-scenario\/1"/);
    assert.throws(() => validateScenario({ ...scenario, question: { ...question, caller: {} } }, 'b.json'), /"question.caller" does not name exactly one caller/);
    assert.throws(() => validateScenario({ ...scenario, question: { ...question, client: 'lambda' } }, 'c.json'), /"question.client" is "lambda"; use one of aks-workload/);
    assert.throws(() => validateScenario({ ...scenario, now: 'yesterday' }, 'd.json'), /"now" is missing or not an ISO 8601 time/);
  });

  it('never reads expect or title', () => {
    const scenario = { ...demoScenario(), expect: 'not an object', title: 42 };

    assert.doesNotThrow(() => validateScenario(scenario, 'e.json'));
  });

  it('rejects an invalid caller id with exit code 2', async () => {
    const scenario = demoScenario();
    const file = path.join(folder, 'bad-client-id.json');
    fs.writeFileSync(file, JSON.stringify({ ...scenario, question: { ...(scenario.question as object), caller: { clientId: 'not-a-guid' } } }));
    const result = await runCli(['diagnose', '--scenario', file]);

    assert.equal(result.code, 2);
    assert.match(result.stderr, /Invalid client id "not-a-guid"/);
  });

  it('reads workload files from --workspace', async () => {
    const workspace = path.join(folder, 'workspace');
    fs.mkdirSync(path.join(workspace, 'k8s'), { recursive: true });
    const files = (demoScenario().workspace as { files: Record<string, string> }).files;
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
      fs.writeFileSync(path.join(workspace, name), text.replace('serviceAccountRef:\n        name: catalog-sync\n', ''));
    }
    const result = await runCli(['diagnose', '--scenario', demoFile, '--workspace', workspace, '--format', 'json']);
    const output = JSON.parse(result.stdout) as { findings: { code: string; severity: string }[] };

    assert.ok(output.findings.some((finding) => finding.code === 'wi-eso-no-service-account-ref' && finding.severity === 'blocker'), result.stdout.slice(0, 2000));
  });

  it('demo prints the Key Vault Secrets User fix', async () => {
    const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, [path.join(repoRoot, 'scripts/demo.ts')], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });

    assert.match(stdout, /\[BLOCKER\].*\(rbac-missing-data-action\)/);
    assert.match(stdout, /--role 4633458b-17de-408a-b874-0445c86b69e6/);
    assert.match(stdout, /--assignee-object-id 0b6e2d94-5c1a-4f37-8e2b-9a4d7c3e1f58/);
    assert.match(stdout, /--scope \/subscriptions\/9d2e4f61-7b3c-4a85-b1e9-46c0d8a27f15\/resourceGroups\/rg-shop-data\/providers\/Microsoft\.KeyVault\/vaults\/kv-shop-prod/);
  });
});
