import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import type { CheckOutput } from '../../../src/report/checkOutput';
import { VM_MODE_PROVIDER_CLASS } from './checkFixtures';
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
      assert.match(stdout, /^1 blocker, 1 warning, 0 info in 3 files; 1 file not checked\./);
      assert.match(stdout, /k8s\/orders\/store\.yaml:9:7 \[BLOCKER\] SecretStore orders\/kv-orders has no serviceAccountRef/);
      assert.match(stdout, /infra\/vault\.bicep:5:5 \[WARNING\]/);
      assert.match(stdout, /Add serviceAccountRef orders\/orders-reader to SecretStore kv-orders \(preferred\)/);
    });

    it('lists files that could not be read', async () => {
      const { stdout } = await run(['check', blocked]);
      assert.match(stdout, /Files not checked \(1\)\n {2}broken\.yaml:1: Invalid YAML: /);
    });

    it('exits 0 without findings', async () => {
      const result = await run(['check', clean]);
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^0 blockers, 0 warnings, 0 info in 1 file\.\n$/);
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

  describe('fix edits', () => {
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web-portal',
      '  namespace: web',
      'spec:',
      '  template:',
      '    spec:',
      '      serviceAccountName: web-portal',
      '      containers:',
      '        - name: web-portal',
      '          image: web-portal:4.0.2',
      '      volumes:',
      '        - name: secrets-store',
      '          csi:',
      '            driver: secrets-store.csi.k8s.io',
      '            volumeAttributes:',
      '              secretProviderClass: web-portal-tls',
      '',
    ].join('\n');
    const oldLines = ['usePodIdentity: "false"', 'useVMManagedIdentity: "true"', 'userAssignedIdentityID: "a883ec47-91c4-4078-ad42-30a660f7175c"'];
    const newLine = 'clientID: "a883ec47-91c4-4078-ad42-30a660f7175c"';
    let root: string;

    before(() => {
      const account = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: web-portal', '  namespace: web', ''].join('\n');
      root = writeTree({ 'k8s/web/secretproviderclass.yaml': VM_MODE_PROVIDER_CLASS, 'k8s/web/deployment.yaml': deployment, 'k8s/web/serviceaccount.yaml': account });
    });

    after(() => {
      rmSync(root, { recursive: true, force: true });
    });

    it('names every line the text fix replaces', async () => {
      const { stdout } = await run(['check', root]);
      const expected = ['     Replace lines 9–11 of k8s/web/secretproviderclass.yaml:', ...oldLines.map((line) => `           ${line}`), '     with:', `           ${newLine}`].join('\n');
      assert.ok(stdout.includes(expected), stdout);
      assert.doesNotMatch(stdout, /Edit k8s\/web\/secretproviderclass\.yaml at line/);
    });

    it('lists the changed lines in JSON', async () => {
      const output = JSON.parse((await run(['check', root, '--format', 'json'])).stdout) as CheckOutput;
      const finding = output.findings.find((candidate) => candidate.code === 'csi-identity-mode');
      const changes = finding?.fixes[0].changes;

      assert.equal(changes?.length, 1);
      assert.equal(changes?.[0].action, 'replace');
      assert.equal(changes?.[0].startLine, 9);
      assert.equal(changes?.[0].endLine, 11);
      assert.deepEqual(changes?.[0].oldLines.map((line) => line.trim()), oldLines);
      assert.deepEqual(changes?.[0].newLines.map((line) => line.trim()), [newLine]);
    });

    it('describes the replaced lines in the SARIF fix', async () => {
      const log = JSON.parse((await run(['check', root, '--format', 'sarif'])).stdout) as { runs: { results: { ruleId: string; fixes?: { description: { text: string } }[] }[] }[] };
      const result = log.runs[0].results.find((candidate) => candidate.ruleId === 'csi-identity-mode');
      const description = result?.fixes?.[0].description.text ?? '';

      assert.match(description, /Replace lines 9–11 of k8s\/web\/secretproviderclass\.yaml:/);
      for (const line of oldLines) assert.ok(description.includes(line), `missing ${line} in ${description}`);
      assert.match(description, /\nwith:\n +clientID: "a883ec47/);
      assert.deepEqual(sarifProblems(log), []);
    });
  });

  describe('files not checked', () => {
    const brokenYaml = 'apiVersion: v1\nkind: ConfigMap\ndata: [a, b\n';
    const truncatedTemplate = '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": [\n    { "type": "Microsoft.KeyVault/vaults",\n';
    let mixed: string;
    let onlyBroken: string;
    let empty: string;

    before(() => {
      mixed = writeTree({ 'k8s/orders/sa.yaml': ACCOUNT, 'a.yaml': brokenYaml, 'infra/t.json': truncatedTemplate, 'chart/templates/sa.yaml': 'metadata:\n  name: {{ .Release.Name }}\n' });
      writeFileSync(join(mixed, 'big.yaml'), Buffer.alloc(5 * 1024 * 1024, 0x61));
      writeFileSync(join(mixed, 'logo.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
      onlyBroken = writeTree({ 'a.yaml': brokenYaml, 'infra/t.json': truncatedTemplate });
      empty = writeTree({ 'README.md': '# nothing to check\n' });
    });

    after(() => {
      for (const root of [mixed, onlyBroken, empty]) rmSync(root, { recursive: true, force: true });
    });

    it('names YAML and JSON errors by format', async () => {
      const output = JSON.parse((await run(['check', mixed, '--format', 'json'])).stdout) as CheckOutput;
      const yaml = output.errors.find((error) => error.file === 'a.yaml');
      const json = output.errors.find((error) => error.file === 'infra/t.json');

      assert.match(yaml?.message ?? '', /^Invalid YAML: Flow sequence/);
      assert.match(json?.message ?? '', /^Invalid JSON: /);
      assert.doesNotMatch(json?.message ?? '', /Flow|block collection/);
      assert.match(json?.message ?? '', /ends before the JSON is complete/);
    });

    it('prints the same one-based line everywhere', async () => {
      const text = (await run(['check', mixed])).stdout;
      const output = JSON.parse((await run(['check', mixed, '--format', 'json'])).stdout) as CheckOutput;
      const log = JSON.parse((await run(['check', mixed, '--format', 'sarif'])).stdout) as {
        runs: { invocations: { toolExecutionNotifications: { locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] }[];
      };
      const sarifLine = (uri: string): number | undefined =>
        log.runs[0].invocations[0].toolExecutionNotifications.find((note) => note.locations[0].physicalLocation.artifactLocation.uri === uri)?.locations[0].physicalLocation.region?.startLine;

      // The YAML error is at the end of the three-line file, so it belongs on line 3.
      assert.match(text, /\n {2}a\.yaml:3: Invalid YAML/);
      assert.equal(output.errors.find((error) => error.file === 'a.yaml')?.line, 3);
      assert.equal(sarifLine('a.yaml'), 3);
      assert.match(text, /\n {2}infra\/t\.json:4: Invalid JSON/);
      assert.equal(output.errors.find((error) => error.file === 'infra/t.json')?.line, 4);
      assert.equal(sarifLine('infra/t.json'), 4);
    });

    it('lists skipped files with the reason', async () => {
      const { stdout } = await run(['check', mixed]);
      const output = JSON.parse((await run(['check', mixed, '--format', 'json'])).stdout) as CheckOutput;

      assert.deepEqual(output.skipped.map((skipped) => [skipped.file, skipped.reason]), [
        ['big.yaml', 'too-large'],
        ['logo.yaml', 'not-text'],
      ]);
      assert.match(stdout, /\n {2}big\.yaml: skipped\. The file is too large to be a manifest or template: 5242880 bytes, above the limit of 1048576 bytes\./);
      assert.match(stdout, /\n {2}logo\.yaml: skipped\. The file is not text/);
    });

    it('puts the unchecked files before the findings', async () => {
      const { stdout } = await run(['check', mixed]);
      assert.match(stdout, /^0 blockers, 0 warnings, 0 info in 1 file; 5 files not checked\.\n\nFiles not checked \(5\)\n/);
      assert.match(stdout, /chart\/templates\/sa\.yaml:1: The document contains Helm template syntax/);
    });

    it('exits 0 when some files are checked', async () => {
      const result = await run(['check', mixed]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
    });

    it('exits 1 with --fail-on-unparsed', async () => {
      assert.equal((await run(['check', mixed, '--fail-on-unparsed'])).code, 1);
      assert.equal((await run(['check', join(mixed, 'k8s'), '--fail-on-unparsed'])).code, 0);
    });

    it('exits 2 when no file could be checked', async () => {
      const result = await run(['check', onlyBroken, '--format', 'json']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /no file under .* could be checked, because all 2 candidate files failed to parse or were skipped/);
      assert.equal((JSON.parse(result.stdout) as CheckOutput).unparsedFiles.length, 2);
    });

    it('marks the SARIF run failed when no file could be checked', async () => {
      const log = JSON.parse((await run(['check', onlyBroken, '--format', 'sarif'])).stdout) as { runs: { invocations: { executionSuccessful: boolean }[] }[] };
      assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
      assert.deepEqual(sarifProblems(log), []);
    });

    it('notes a folder without supported files', async () => {
      const result = await run(['check', empty]);
      assert.equal(result.code, 0);
      assert.equal(result.stdout, `0 blockers, 0 warnings, 0 info in 0 files.\nNote: no Kubernetes, Bicep, ARM or Terraform files found under ${empty}.\n`);
    });

    it('notes it on standard error for JSON', async () => {
      const result = await run(['check', empty, '--format', 'json']);
      assert.equal(result.code, 0);
      assert.equal((JSON.parse(result.stdout) as CheckOutput).fileCount, 0);
      assert.match(result.stderr, /no Kubernetes, Bicep, ARM or Terraform files found under/);
    });
  });

  describe('severity words', () => {
    it('calls info findings info in the summary and the label', async () => {
      const root = writeTree({ 'vault.bicep': "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'kv-app'\n  properties: {\n    tenantId: '0b51b14d-d00f-4017-98fb-0195550b64c9'\n  }\n}\n" });
      try {
        const { stdout } = await run(['check', root]);
        assert.match(stdout, /^0 blockers, 0 warnings, 1 info in 1 file\./);
        assert.match(stdout, /vault\.bicep:4:5 \[INFO\]/);
        assert.doesNotMatch(stdout, /notes?\b/);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
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

    it('documents the exit codes in help', async () => {
      const { stdout } = await run(['check', '--help']);
      assert.match(stdout, /--fail-on-unparsed/);
      assert.match(stdout, /\n {2}0 {2}no finding at the failing severity/);
      assert.match(stdout, /\n {2}1 {2}at least one finding at the failing severity, or, with --fail-on-unparsed/);
      assert.match(stdout, /\n {2}2 {2}bad usage, a folder that does not exist, or no file checked/);
      assert.match(stdout, /Line numbers are one-based, except the zero-based "range"/);
    });
  });
});
