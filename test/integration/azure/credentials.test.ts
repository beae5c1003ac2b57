/**
 * Sign-in paths against the sandbox's Entra endpoints over HTTPS: the environment credential a
 * user or pipeline sets up, a wrong secret, and the token cache shared by the SDK clients.
 */
import * as assert from 'node:assert/strict';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { collectWithStats } from '../../../src/azure/collect';
import { cachingCredential, clientSecretCredential, environmentCredential } from '../../../src/azure/credentials';
import { diagnose } from '../../../src/diagnosis/diagnose';
import { loadCase, startHttps, type HttpsRun } from './support';

const CASE = 'aks-workload-secrets-user-should-work';
const VARIABLES = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_AUTHORITY_HOST'] as const;

describe('credentials against the sandbox', function () {
  this.timeout(30_000);
  let run: HttpsRun | undefined;
  const saved: Partial<Record<(typeof VARIABLES)[number], string>> = {};

  beforeEach(() => {
    for (const name of VARIABLES) {
      saved[name] = process.env[name];
    }
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

  it('environment credential signs in over HTTPS', async () => {
    run = await startHttps(loadCase(CASE));
    const { sandbox } = run;
    process.env.AZURE_TENANT_ID = sandbox.operator.tenantId;
    process.env.AZURE_CLIENT_ID = sandbox.operator.clientId;
    process.env.AZURE_CLIENT_SECRET = sandbox.operator.clientSecret;
    process.env.AZURE_AUTHORITY_HOST = sandbox.authorityHost;
    const env = { ...run.env, credential: environmentCredential(run.env.cloud, { ca: sandbox.caPem }) };

    const { facts } = await collectWithStats(run.request, env, run.options);
    const tokenRequests = sandbox.log.filter((record) => /oauth2\/v2\.0\/token$/.test(record.path));

    assert.equal(facts.gaps.length, 0, JSON.stringify(facts.gaps));
    assert.equal(diagnose(facts).verdict, 'should-work');
    assert.ok(tokenRequests.length >= 1);
  });

  it('wrong secret gives gaps, not a crash', async () => {
    run = await startHttps(loadCase(CASE));
    const { sandbox } = run;
    const env = { ...run.env, credential: clientSecretCredential(run.env.cloud, sandbox.operator.tenantId, sandbox.operator.clientId, 'not-the-secret', { ca: sandbox.caPem }) };

    const { facts } = await collectWithStats(run.request, env, run.options);

    assert.ok(facts.gaps.some((gap) => gap.fact === 'vault'), JSON.stringify(facts.gaps));
    assert.ok(facts.gaps.every((gap) => /Sign-in failed|invalid_client|AADSTS/i.test(gap.error)), JSON.stringify(facts.gaps));
    assert.equal(diagnose(facts).verdict, 'unknown');
  });

  it('caching credential asks once per scope', async () => {
    let calls = 0;
    const inner: TokenCredential = {
      getToken: async (_scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> => {
        calls += 1;
        return { token: `token-${calls}`, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const cached = cachingCredential(inner);

    const [first, second] = await Promise.all([cached.getToken('https://arm.example/.default'), cached.getToken('https://arm.example/.default')]);
    const third = await cached.getToken('https://arm.example/.default');
    await cached.getToken('https://graph.example/.default');

    assert.equal(first?.token, 'token-1');
    assert.equal(second?.token, 'token-1');
    assert.equal(third?.token, 'token-1');
    assert.equal(calls, 2);
  });

  it('caching credential refreshes a token near expiry', async () => {
    let calls = 0;
    const cached = cachingCredential({
      getToken: async () => {
        calls += 1;
        return { token: `token-${calls}`, expiresOnTimestamp: Date.now() + 60_000 };
      },
    });

    await cached.getToken('https://arm.example/.default');
    const second = await cached.getToken('https://arm.example/.default');

    assert.equal(second?.token, 'token-2');
  });
});
