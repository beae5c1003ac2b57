/**
 * Input errors and unreachable endpoints of `kv-doctor diagnose` and `kv-doctor explain`: bad
 * input exits 2 with a message naming the value, and an endpoint that cannot be reached exits 3.
 * The only endpoints used are local sandboxes on 127.0.0.1 that this file starts (and stops).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { startSandbox } from '../../../sandbox/index';
import { main } from '../../../src/cli/main';
import { loadCase } from '../azure/support';

const VAULT = '/subscriptions/c42ab405-d70c-4996-bf77-fa649b94c39b/resourceGroups/rg-catalog/providers/Microsoft.KeyVault/vaults/kv-catalog-prod';
const OBJECT_ID = '3711f5df-218d-40b3-ad7e-2209ba3132ad';

async function runCli(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(input);
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin,
    env: {},
  });
  return { code, stdout, stderr };
}

describe('kv-doctor input errors and unreachable endpoints', function () {
  this.timeout(60_000);
  let folder: string;
  let caFile: string;
  let closedEndpoint: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-doctor-cli-errors-'));
    // A sandbox gives a real CA certificate and a port; once stopped, nothing listens there.
    const sandbox = await startSandbox({ scenario: loadCase('aks-workload-secrets-user-should-work'), https: true });
    caFile = path.join(folder, 'ca.pem');
    fs.writeFileSync(caFile, sandbox.caPem ?? '');
    closedEndpoint = sandbox.armEndpoint;
    await sandbox.stop();
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const live = (...extra: string[]): string[] => ['diagnose', '--vault', VAULT, '--object-id', OBJECT_ID, '--arm-endpoint', closedEndpoint, '--ca', caFile, ...extra];

  it('rejects empty --operations', async () => {
    const result = await runCli(live('--operations', ''));

    assert.equal(result.code, 2);
    assert.match(result.stderr, /--operations "" names no operation/);
    assert.match(result.stderr, /Valid operations: .*secrets\/get/);
  });

  it('rejects an unknown operation', async () => {
    const result = await runCli(live('--operations', 'secrets/get,secrets/gett'));

    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown operation: "secrets\/gett"\. Valid operations: /);
  });

  it('rejects a --ca file that is not PEM', async () => {
    const notPem = path.join(folder, 'not-a-cert.txt');
    fs.writeFileSync(notPem, 'hello\n');
    const result = await runCli(['diagnose', '--vault', VAULT, '--object-id', OBJECT_ID, '--arm-endpoint', closedEndpoint, '--ca', notPem]);

    assert.equal(result.code, 2);
    assert.match(result.stderr, /not-a-cert\.txt \(given to --ca\) is not a PEM certificate/);
  });

  it('rejects a broken certificate block', async () => {
    const broken = path.join(folder, 'broken.pem');
    fs.writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    const result = await runCli(['diagnose', '--vault', VAULT, '--object-id', OBJECT_ID, '--arm-endpoint', closedEndpoint, '--ca', broken]);

    assert.equal(result.code, 2);
    assert.match(result.stderr, /broken\.pem \(given to --ca\) contains an invalid certificate block/);
  });

  it('exits 3 when the endpoint refuses connections', async () => {
    const result = await runCli(live());

    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /Cannot connect to https:\/\/127\.0\.0\.1:\d+ \(given to --arm-endpoint\)/);
    assert.match(result.stderr, /verdict is unknown/);
  });

  it('rejects explain input with wrong field types', async () => {
    const result = await runCli(['explain'], '{"status":"abc","headers":5,"body":7}');

    assert.equal(result.code, 2);
    assert.match(result.stderr, /"body" is 7/);
    assert.equal(result.stdout, '');
  });
});
