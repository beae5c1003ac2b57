/**
 * The product never touches the Key Vault data plane and never logs a credential. Every command
 * line command runs in this process (diagnose --scenario for every case, diagnose --facts,
 * explain, check), and collect and apply run against the sandbox. A transport wrapper records
 * every request with its host, token request scopes and bearer token audiences. A credential
 * wrapper records every scope requested, and a socket guard records every outgoing connection.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { Sandbox, SandboxOptions } from '../../../sandbox/index';
import { startSandbox } from '../../../sandbox/index';
import { apply } from '../../../src/azure/apply';
import { collectWithStats } from '../../../src/azure/collect';
import type { AzureEnv, Logger } from '../../../src/azure/env';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { sandboxEnv } from '../../../src/cli/scenarioRun';
import { scenarioRequest } from '../../../src/cli/scenarioFile';
import { diagnose } from '../../../src/diagnosis/diagnose';
import { renderFix } from '../../../src/fixes/render';
import { BASE_CASE, CASES_DIR, caseNames, hostileScenario, loadCase } from './support/hostileScenario';
import { dataPlaneReason, guardSockets, isVaultAudience, recordingClient, recordingCredential, type SentRequest, type SocketGuard } from './support/traffic';

const repoRoot = resolve(__dirname, '../../..');
const MANIFESTS = join(repoRoot, 'test/fixtures/manifests');

/** A JWT always starts with the Base64URL of `{"`: `eyJ`. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(argv: string[], input = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([input]),
    env: { ...process.env, NO_COLOR: '1' },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function assertNoDataPlane(sent: readonly SentRequest[], scopes: readonly string[] = []): void {
  const dataPlane = sent.map((request) => dataPlaneReason(request)).filter((reason): reason is string => reason !== undefined);
  assert.deepEqual(dataPlane, []);

  const vaultScopes = [...scopes, ...sent.map((request) => request.tokenScope ?? '')].filter(isVaultAudience);
  assert.deepEqual(vaultScopes, []);

  const vaultAudiences = sent.map((request) => request.tokenAudience ?? '').filter(isVaultAudience);
  assert.deepEqual(vaultAudiences, []);
}

function assertNoCredential(text: string, sent: readonly SentRequest[], clientSecrets: readonly string[]): void {
  assert.doesNotMatch(text, /Bearer /i);
  assert.doesNotMatch(text, JWT);
  assert.doesNotMatch(text, /\bauthorization\s*:/i);
  for (const secret of clientSecrets) {
    assert.ok(!text.includes(secret), 'a client secret was written out');
  }
  for (const request of sent) {
    const token = request.authorization?.replace(/^Bearer\s+/i, '');
    if (token) {
      assert.ok(!text.includes(token.slice(0, 40)), 'a token was written out');
    }
  }
}

/** Key Vault data-plane paths and API versions in the sandbox's own request log. */
function sandboxDataPlane(sandbox: Sandbox): string[] {
  return sandbox.log
    .filter((record) => /^\/(secrets|keys|certificates|deleted)/i.test(record.path) || /^7\./.test(record.apiVersion ?? ''))
    .map((record) => `${record.method} ${record.path}?${record.rawQuery}`);
}

describe('no data plane and no credential leaks', function () {
  this.timeout(120_000);

  describe('command line', () => {
    const sent: SentRequest[] = [];
    const sandboxes: Sandbox[] = [];
    const clientSecrets: string[] = [];
    let guard: SocketGuard;
    let restoreSandboxModule: () => void;
    let directory: string;

    before(() => {
      directory = mkdtempSync(join(tmpdir(), 'kvd-secrets-'));
      guard = guardSockets();

      // The scenario runner requires the sandbox module when it starts one. Wrapping the export
      // in the module cache lets this test see the transport the runner builds its credential
      // and clients on, without changing what the sandbox does.
      const modulePath = require.resolve('../../../sandbox/index');
      const cached = require.cache[modulePath];
      assert.ok(cached, 'the sandbox module is not loaded');
      const original = cached.exports as typeof import('../../../sandbox/index');
      cached.exports = {
        ...original,
        startSandbox: async (options: SandboxOptions) => {
          const sandbox = await original.startSandbox(options);
          sandbox.httpClient = recordingClient(sandbox.httpClient, sandbox.url, sent);
          sandboxes.push(sandbox);
          clientSecrets.push(sandbox.operator.clientSecret);
          return sandbox;
        },
      };
      restoreSandboxModule = () => {
        cached.exports = original;
      };
    });

    after(() => {
      restoreSandboxModule();
      guard.remove();
      rmSync(directory, { recursive: true, force: true });
    });

    for (const name of caseNames()) {
      it(`diagnose --scenario ${name} stays on ARM`, async () => {
        const sentBefore = sent.length;
        const result = await runCli(['diagnose', '--scenario', join(CASES_DIR, `${name}.json`), '--verbose', '--format', 'json']);
        const sandbox = sandboxes[sandboxes.length - 1];

        assert.ok([0, 1, 3].includes(result.code), `exit code ${result.code}: ${result.stderr}`);
        assert.ok(sent.length > sentBefore, 'the scenario sent no request through the recorded transport');
        assertNoDataPlane(sent.slice(sentBefore));
        assert.deepEqual(sandboxDataPlane(sandbox), []);
        assertNoCredential(result.stdout + result.stderr, sent.slice(sentBefore), clientSecrets);
      });
    }

    it('diagnose --scenario of hostile names stays on ARM', async () => {
      const file = join(directory, 'hostile.json');
      writeFileSync(file, JSON.stringify(hostileScenario(loadCase(BASE_CASE)).scenario));
      const sentBefore = sent.length;
      const result = await runCli(['diagnose', '--scenario', file, '--verbose', '--format', 'markdown']);

      assert.equal(result.code, 1, result.stderr);
      assertNoDataPlane(sent.slice(sentBefore));
      assertNoCredential(result.stdout + result.stderr, sent.slice(sentBefore), clientSecrets);
    });

    it('diagnose --facts sends nothing', async () => {
      const factsFile = join(directory, 'facts.json');
      const saved = await runCli(['diagnose', '--scenario', join(CASES_DIR, `${BASE_CASE}.json`), '--save-facts', factsFile]);
      assert.equal(saved.code, 1, saved.stderr);
      const sentBefore = sent.length;
      const socketsBefore = guard.attempts.length;

      const result = await runCli(['diagnose', '--facts', factsFile, '--format', 'json']);

      assert.equal(result.code, 1, result.stderr);
      assert.equal(sent.length, sentBefore);
      assert.equal(guard.attempts.length, socketsBefore);
    });

    it('explain sends nothing', async () => {
      const errorFile = join(directory, 'error.txt');
      const observed = loadCase(BASE_CASE).question.observedError;
      writeFileSync(errorFile, typeof observed === 'string' ? observed : JSON.stringify(observed));
      const sentBefore = sent.length;

      const fromFile = await runCli(['explain', '--file', errorFile, '--format', 'json']);
      const fromStdin = await runCli(['explain'], 'Operation returned an invalid status code \'Forbidden\'');

      assert.equal(fromFile.code, 0, fromFile.stderr);
      assert.equal(fromStdin.code, 0, fromStdin.stderr);
      assert.equal(sent.length, sentBefore);
    });

    it('check sends nothing', async () => {
      const sentBefore = sent.length;
      const result = await runCli(['check', MANIFESTS, '--format', 'json']);

      assert.ok([0, 1].includes(result.code), `exit code ${result.code}: ${result.stderr}`);
      assert.equal(sent.length, sentBefore);
    });

    it('opened no socket', () => {
      assert.deepEqual(guard.attempts, []);
    });
  });

  describe('collect and apply', () => {
    it('stay on ARM and keep tokens out of the log', async () => {
      const scenario = hostileScenario(loadCase(BASE_CASE)).scenario;
      const sandbox = await startSandbox({ scenario, https: false });
      const sent: SentRequest[] = [];
      const scopes: string[] = [];
      const lines: string[] = [];
      const log: Logger = {
        info: (message) => lines.push(message),
        warn: (message) => lines.push(message),
        error: (message) => lines.push(message),
        debug: (message) => lines.push(message),
      };

      try {
        sandbox.httpClient = recordingClient(sandbox.httpClient, sandbox.url, sent);
        const base = sandboxEnv(sandbox, false, { log });
        const env: AzureEnv = { ...base, credential: recordingCredential(base.credential, scopes) };

        const { facts } = await collectWithStats(scenarioRequest(scenario), env, { now: scenario.now, log });
        const fix = diagnose(facts).findings.find((finding) => finding.severity === 'blocker')?.fixes[0];
        assert.ok(fix, 'the scenario has no blocker fix');
        const result = await apply(renderFix(fix), env, { log });
        const after = await collectWithStats(scenarioRequest(scenario), env, { now: scenario.now, log });

        assert.equal(result.ok, true, result.summary);
        assert.equal(diagnose(after.facts).verdict, 'should-work');
        assert.ok(scopes.length > 0);
        assert.ok(scopes.every((scope) => scope === `${env.cloud.armEndpoint}/.default` || scope.startsWith(env.cloud.graphEndpoint)), scopes.join(', '));
        assertNoDataPlane(sent, scopes);
        assert.deepEqual(sandboxDataPlane(sandbox), []);
        assert.ok(lines.length > 10, 'the log recorded too little to judge');
        assertNoCredential(lines.join('\n'), sent, [sandbox.operator.clientSecret]);
      } finally {
        await sandbox.stop();
      }
    });

    it('HTTPS sandbox log has no data-plane request', async () => {
      const scenario = loadCase(BASE_CASE);
      const sandbox = await startSandbox({ scenario, https: true });
      const scopes: string[] = [];
      try {
        const base = sandboxEnv(sandbox, true);
        const env: AzureEnv = { ...base, credential: recordingCredential(base.credential, scopes) };
        const { facts } = await collectWithStats(scenarioRequest(scenario), env, { now: scenario.now });
        const fix = diagnose(facts).findings.find((finding) => finding.severity === 'blocker')?.fixes[0];
        assert.ok(fix);
        await apply(renderFix(fix), env);

        assert.deepEqual(sandboxDataPlane(sandbox), []);
        assert.deepEqual(scopes.filter(isVaultAudience), []);
        assert.ok(sandbox.log.every((record) => record.transport === 'https'));
      } finally {
        await sandbox.stop();
      }
    });
  });
});
