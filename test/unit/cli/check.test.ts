import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import type { CheckOutput } from '../../../src/report/checkOutput';
import { sarifProblems } from './sarifShape';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: new PassThrough(),
    env: {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kv-doctor-check-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const STORE = [
  'apiVersion: external-secrets.io/v1',
  'kind: SecretStore',
  'metadata:',
  '  name: kv-orders',
  '  namespace: orders',
  'spec:',
  '  provider:',
  '    azurekv:',
  '      authType: WorkloadIdentity',
  '      vaultUrl: https://kv-orders.vault.azure.net',
  '',
].join('\n');
const ACCOUNT = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: orders-reader', '  namespace: orders', '  annotations:', '    azure.workload.identity/client-id: "639238ce-6f81-48cd-a6bd-142e9fd6eb53"', ''].join('\n');
const FIREWALL = [
  "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {",
  "  name: 'kv-orders'",
  '  properties: {',
  '    tenantId: subscription().tenantId',
  "    publicNetworkAccess: 'Disabled'",
  "    networkAcls: { defaultAction: 'Deny', ipRules: [ { value: '203.0.113.10' } ] }",
  '  }',
  '}',
  '',
].join('\n');

describe('kv-doctor check', () => {
  const blocked = writeTree({ 'k8s/orders/store.yaml': STORE, 'k8s/orders/sa.yaml': ACCOUNT, 'infra/vault.bicep': FIREWALL, 'broken.yaml': 'kind: [unclosed\n' });
  const clean = writeTree({ 'k8s/orders/sa.yaml': ACCOUNT });
  const warningOnly = writeTree({ 'infra/vault.bicep': FIREWALL });

  after(() => {
    for (const root of [blocked, clean, warningOnly]) rmSync(root, { recursive: true, force: true });
  });

  describe('text', () => {
    it('exits 1 on a blocker', async () => {
      const result = await run(['check', blocked]);
      assert.equal(result.code, 1, result.stderr);
    });

    it('prints file, line and column', async () => {
      const { stdout } = await run(['check', blocked]);
      assert.match(stdout, /^1 blocker, 1 warning, 0 notes in 4 files\./);
      assert.match(stdout, /k8s\/orders\/store\.yaml:9:7 \[BLOCKER\] SecretStore orders\/kv-orders has no serviceAccountRef/);
      assert.match(stdout, /infra\/vault\.bicep:5:5 \[WARNING\]/);
      assert.match(stdout, /Add serviceAccountRef orders\/orders-reader to SecretStore kv-orders \(preferred\)/);
    });

    it('lists files that could not be read', async () => {
      const { stdout } = await run(['check', blocked]);
      assert.match(stdout, /Files not checked\n {2}broken\.yaml:\d+: Invalid YAML/);
    });

    it('exits 0 without findings', async () => {
      const result = await run(['check', clean]);
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^0 blockers, 0 warnings, 0 notes in 1 file\.\n$/);
    });

    it('exits 0 on a warning by default', async () => {
      assert.equal((await run(['check', warningOnly])).code, 0);
    });

    it('exits 1 on a warning with --fail-on warning', async () => {
      assert.equal((await run(['check', warningOnly, '--fail-on', 'warning'])).code, 1);
    });
  });

  describe('json', () => {
    it('prints findings with ranges and rendered fixes', async () => {
      const result = await run(['check', blocked, '--format', 'json']);
      assert.equal(result.code, 1);
      const output = JSON.parse(result.stdout) as CheckOutput;

      assert.equal(output.schema, 'kv-doctor-check/1');
      assert.equal(output.fileCount, 4);
      assert.deepEqual(output.counts, { blocker: 1, warning: 1, info: 0, ok: 0, unknown: 0 });
      assert.deepEqual(output.findings.map((finding) => [finding.code, finding.severity, finding.file]), [
        ['network-rules-ignored', 'warning', 'infra/vault.bicep'],
        ['wi-eso-no-service-account-ref', 'blocker', 'k8s/orders/store.yaml'],
      ]);
      const store = output.findings[1];
      assert.deepEqual(store.range, [8, 6, 8, 32]);
      assert.equal(store.preferredFix, 0);
      assert.equal(store.fixes[0].edit?.file, 'k8s/orders/store.yaml');
      assert.equal(store.fixes[0].edit?.newText, '      serviceAccountRef:\n        name: orders-reader\n');
      assert.equal(output.errors[0].file, 'broken.yaml');
    });
  });

  describe('sarif', () => {
    it('prints a valid SARIF 2.1.0 log', async () => {
      const result = await run(['check', blocked, '--format', 'sarif']);
      assert.equal(result.code, 1);
      const log = JSON.parse(result.stdout) as unknown;
      assert.deepEqual(sarifProblems(log), []);
    });

    it('maps severities to levels and ranges to regions', async () => {
      const log = JSON.parse((await run(['check', blocked, '--format', 'sarif'])).stdout) as {
        runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[]; partialFingerprints: Record<string, string>; fixes?: unknown[] }[] }[];
      };
      const [run0] = log.runs;
      const store = run0.results.find((result) => result.ruleId === 'wi-eso-no-service-account-ref');
      const vault = run0.results.find((result) => result.ruleId === 'network-rules-ignored');

      assert.equal(store?.level, 'error');
      assert.equal(vault?.level, 'warning');
      assert.deepEqual(store?.locations[0].physicalLocation.artifactLocation.uri, 'k8s/orders/store.yaml');
      assert.deepEqual(store?.locations[0].physicalLocation.region, { startLine: 9, startColumn: 7, endLine: 9, endColumn: 33 });
      assert.match(store?.partialFingerprints['kvDoctorFinding/v1'] ?? '', /^[0-9a-f]{32}$/);
      assert.equal(store?.fixes?.length, 1);
      assert.ok(run0.tool.driver.rules.some((rule) => rule.id === 'csi-identity-mode'));
    });

    it('keeps fingerprints when lines move', async () => {
      const moved = writeTree({ 'k8s/orders/store.yaml': `# moved down\n\n${STORE}`, 'k8s/orders/sa.yaml': ACCOUNT });
      try {
        const fingerprintOf = async (root: string): Promise<string | undefined> => {
          const log = JSON.parse((await run(['check', root, '--format', 'sarif'])).stdout) as { runs: { results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[] };
          return log.runs[0].results.find((result) => result.ruleId === 'wi-eso-no-service-account-ref')?.partialFingerprints['kvDoctorFinding/v1'];
        };
        assert.equal(await fingerprintOf(moved), await fingerprintOf(blocked));
      } finally {
        rmSync(moved, { recursive: true, force: true });
      }
    });

    it('gives an empty result list for a clean folder', async () => {
      const result = await run(['check', clean, '--format', 'sarif']);
      const log = JSON.parse(result.stdout) as { runs: { results: unknown[] }[] };
      assert.equal(result.code, 0);
      assert.deepEqual(log.runs[0].results, []);
      assert.deepEqual(sarifProblems(log), []);
    });
  });

  describe('usage', () => {
    it('rejects an unknown option', async () => {
      const result = await run(['check', clean, '--verbose']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /Unknown option --verbose for kv-doctor check/);
    });

    it('rejects two folders', async () => {
      const result = await run(['check', clean, blocked]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /takes one folder, but got 2/);
    });

    it('rejects a missing folder', async () => {
      const result = await run(['check', join(clean, 'absent')]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /was not found/);
    });

    it('rejects an unknown format', async () => {
      const result = await run(['check', clean, '--format', 'markdown']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /Invalid value "markdown" for --format: use one of text, json, sarif/);
    });

    it('prints help', async () => {
      const result = await run(['check', '--help']);
      assert.equal(result.code, 0);
      assert.match(result.stdout, /kv-doctor check \[DIR\]/);
    });
  });
});
