/**
 * The live form of the command line against the sandbox as a custom cloud: `kv-doctor diagnose
 * --vault ID --identity ID --arm-endpoint URL --ca FILE`, signed in with AZURE_* variables. The
 * endpoints come from the sandbox's `/metadata/endpoints` document, as they would from Azure
 * Stack Hub's.
 */
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { fetchCloudMetadata } from '../../../src/azure/cloudMetadata';
import { main } from '../../../src/cli/main';
import { loadDemo, startHttps, type HttpsRun } from './support';

const VARIABLES = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_AUTHORITY_HOST'] as const;

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: new PassThrough(),
    env: process.env,
  });
  return { code, stdout, stderr };
}

describe('live form against a custom cloud', function () {
  this.timeout(30_000);
  let run: HttpsRun | undefined;
  const saved: Partial<Record<(typeof VARIABLES)[number], string>> = {};

  beforeEach(async () => {
    for (const name of VARIABLES) {
      saved[name] = process.env[name];
    }
    run = await startHttps(loadDemo());
    process.env.AZURE_TENANT_ID = run.sandbox.operator.tenantId;
    process.env.AZURE_CLIENT_ID = run.sandbox.operator.clientId;
    process.env.AZURE_CLIENT_SECRET = run.sandbox.operator.clientSecret;
    delete process.env.AZURE_AUTHORITY_HOST;
  });

  afterEach(async () => {
    for (const name of VARIABLES) {
      if (saved[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = saved[name];
      }
    }
    await run?.sandbox.stop();
    run = undefined;
  });

  it('reads the cloud from its metadata', async () => {
    const { sandbox } = run as HttpsRun;
    const cloud = await fetchCloudMetadata(sandbox.armEndpoint, { ca: sandbox.caPem });

    assert.equal(cloud.armEndpoint, sandbox.armEndpoint);
    assert.equal(cloud.authorityHost, `${sandbox.url}/adfs`);
    assert.equal(cloud.graphEndpoint, sandbox.graphEndpoint);
  });

  it('diagnoses the demo vault', async () => {
    const { sandbox, request } = run as HttpsRun;
    const result = await runCli([
      'diagnose',
      '--vault', request.vaultId,
      '--identity', request.caller.identity as string,
      '--operations', 'secrets/list,secrets/get',
      '--objects', 'secrets/catalog-db-password',
      '--arm-endpoint', sandbox.armEndpoint,
      '--ca', sandbox.caFile as string,
      '--format', 'json',
    ]);
    const output = JSON.parse(result.stdout) as { verdict: string; findings: { code: string; severity: string }[] };

    assert.equal(result.code, 1, result.stderr);
    assert.equal(output.verdict, 'blocked');
    assert.ok(output.findings.some((finding) => finding.code === 'rbac-missing-data-action' && finding.severity === 'blocker'));
  });

  it('rejects an endpoint without metadata', async () => {
    const { sandbox, request } = run as HttpsRun;
    const endpoint = `${sandbox.url}/no-cloud-here`;
    const result = await runCli(['diagnose', '--vault', request.vaultId, '--object-id', '0b6e2d94-5c1a-4f37-8e2b-9a4d7c3e1f58', '--arm-endpoint', endpoint, '--ca', sandbox.caFile as string]);

    assert.equal(result.code, 2);
    assert.match(result.stderr, /Cannot read the cloud metadata of https:\/\/127\.0\.0\.1:\d+\/no-cloud-here/);
    assert.match(result.stderr, /returned 404/);
  });
});
