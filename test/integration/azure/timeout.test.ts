/**
 * Requests that never complete: a sandbox response delayed past the per-attempt timeout, and a
 * raw socket server on 127.0.0.1 that accepts connections and never responds. Each must end as a
 * gap or an error that says it timed out, within a bounded time, never as a hang.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { collectWithStats } from '../../../src/azure/collect';
import { fetchCloudMetadata } from '../../../src/azure/cloudMetadata';
import { diagnose } from '../../../src/diagnosis/diagnose';
import { loadCase, startHttps, type HttpsRun } from './support';

const CASE = 'aks-workload-secrets-user-should-work';
const SHORT_TIMEOUT = { maxRetries: 1, retryDelayMs: 20, maxRetryDelayMs: 100, maxRetryAfterMs: 5_000, requestTimeoutMs: 400 };

/** Starts a TCP server on 127.0.0.1 that accepts every connection and never writes a byte. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('per-request timeout', function () {
  this.timeout(30_000);
  let run: HttpsRun | undefined;

  afterEach(async () => {
    await run?.sandbox.stop();
    run = undefined;
  });

  it('turns a stalled deny assignment read into a gap', async () => {
    run = await startHttps(loadCase(CASE), SHORT_TIMEOUT);
    run.sandbox.inject({ method: 'GET', path: '**/providers/Microsoft.Authorization/denyAssignments', fault: { kind: 'latency', ms: 20_000 } });
    const started = Date.now();
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const gap = facts.gaps.find((candidate) => candidate.fact === 'denyAssignments');

    assert.ok(gap, JSON.stringify(facts.gaps));
    assert.equal(gap.code, 'ETIMEDOUT');
    assert.match(gap.error, /denyAssignments timed out: no complete response within 400 ms/);
    assert.ok(Date.now() - started < 10_000, `collection took ${Date.now() - started} ms`);
    assert.equal(diagnose(facts).verdict, 'unknown');
  });

  it('retries a stalled attempt once', async () => {
    run = await startHttps(loadCase(CASE), SHORT_TIMEOUT);
    run.sandbox.inject({ method: 'GET', path: '**/providers/Microsoft.Authorization/denyAssignments', fault: { kind: 'latency', ms: 20_000 } });
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (message: string) => warnings.push(message), error: () => undefined };
    await collectWithStats(run.request, run.env, { ...run.options, log });
    const failed = warnings.filter((line) => /denyAssignments\S* failed after/.test(line));

    assert.equal(failed.length, 1, warnings.join('\n'));
    assert.match(failed[0], /\(1 retry\): GET .* timed out/);
  });

  it('turns a stalled vault read into a vault gap', async () => {
    run = await startHttps(loadCase(CASE), SHORT_TIMEOUT);
    run.sandbox.inject({ method: 'GET', path: '**/providers/Microsoft.KeyVault/vaults/kv-catalog-prod', fault: { kind: 'latency', ms: 20_000 } });
    const { facts } = await collectWithStats(run.request, run.env, run.options);
    const gap = facts.gaps.find((candidate) => candidate.fact === 'vault');

    assert.ok(gap, JSON.stringify(facts.gaps));
    assert.equal(gap.code, 'ETIMEDOUT');
    assert.equal(diagnose(facts).verdict, 'unknown');
  });

  it('ends a metadata request to a silent server', async () => {
    const server = await silentServer();
    const started = Date.now();
    try {
      await assert.rejects(fetchCloudMetadata(`https://127.0.0.1:${server.port}`, { timeoutMs: 300 }), /timed out: no complete response within 300 ms/);
      assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    } finally {
      await server.close();
    }
  });

  it('keeps a cancellation a cancellation', async () => {
    const server = await silentServer();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    try {
      await assert.rejects(fetchCloudMetadata(`https://127.0.0.1:${server.port}`, { timeoutMs: 5_000, abortSignal: controller.signal }), (error: Error) => error.name === 'AbortError');
    } finally {
      await server.close();
    }
  });
});
