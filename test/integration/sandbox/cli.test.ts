import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { dirname, join, resolve } from 'node:path';

import { casesDirectory } from './helpers';

const repositoryRoot = resolve(__dirname, '../../..');

/** Sends one HTTPS request trusting only `ca`, and returns the status and JSON body. */
function httpsJson(url: string, ca: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolvePromise, reject) => {
    const outgoing = request(url, { method, headers, ca }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolvePromise({ status: incoming.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function waitForOutput(child: ChildProcessWithoutNullStreams, marker: string, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`The sandbox CLI did not print '${marker}' within ${timeoutMs} ms. Output so far:\n${output}`)), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(marker)) {
        clearTimeout(timer);
        resolvePromise(output);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The sandbox CLI exited with code ${code} before printing '${marker}':\n${output}`));
    });
  });
}

function exportedValue(output: string, name: string): string {
  const match = new RegExp(`^export ${name}=(.*)$`, 'm').exec(output);
  assert.ok(match, `the output has no export line for ${name}`);
  return match[1].replace(/^'(.*)'$/, '$1');
}

describe('sandbox command line', function () {
  this.timeout(60_000);

  it('serves a scenario until SIGINT', async function () {
    const scenarioFile = join(casesDirectory(), 'aks-workload-secrets-user-should-work.json');
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'sandbox/cli.ts', '--scenario', scenarioFile, '--quiet'], { cwd: repositoryRoot });

    try {
      const output = await waitForOutput(child, 'Press Ctrl+C', 30_000);
      const url = exportedValue(output, 'AZURE_AUTHORITY_HOST');
      const caFile = exportedValue(output, 'NODE_EXTRA_CA_CERTS');
      const ca = readFileSync(caFile, 'utf8');

      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: exportedValue(output, 'AZURE_CLIENT_ID'),
        client_secret: exportedValue(output, 'AZURE_CLIENT_SECRET'),
        scope: 'https://management.azure.com/.default',
      }).toString();
      const token = await httpsJson(`${url}/adfs/oauth2/token`, ca, 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, form);
      const subscriptions = await httpsJson(`${url}/subscriptions?api-version=2022-12-01`, ca, 'GET', { authorization: `Bearer ${String(token.body.access_token)}` });

      assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(exportedValue(output, 'AZURE_TENANT_ID'), 'f538f839-a8df-4188-a515-bb60af71260f');
      assert.match(output, /^az cloud register -n KvDoctorSandbox --cloud-config '\{.*"activeDirectory":"https:\/\/127\.0\.0\.1:\d+\/adfs"/m);
      assert.equal(token.status, 200);
      assert.equal(subscriptions.status, 200);
      assert.equal((subscriptions.body.value as unknown[]).length, 1);

      const exited = new Promise<number | null>((resolvePromise) => child.on('exit', (code) => resolvePromise(code)));
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.equal(existsSync(dirname(caFile)), false, 'the certificate folder is deleted on exit');
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
    }
  });

  it('rejects a missing scenario file', async function () {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'sandbox/cli.ts', '--scenario', 'no-such-file.json'], { cwd: repositoryRoot });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });

    const code = await new Promise<number | null>((resolvePromise) => child.on('exit', (exitCode) => resolvePromise(exitCode)));

    assert.equal(code, 1);
    assert.match(stderr, /Cannot read the scenario file 'no-such-file\.json'/);
  });
});
