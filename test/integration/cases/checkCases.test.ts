/**
 * `kv-doctor check` on the workspace files of every real-world case in the scenario folder beside
 * the repository. Where the files alone show the case's blocker, check must report its code. For
 * every case, no blocker or warning from check may have a code the case rules out, so healthy
 * cases give no blocker.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import type { CheckOutput } from '../../../src/report/checkOutput';

const repoRoot = path.resolve(__dirname, '../../..');
const casesDir = path.resolve(repoRoot, '../shared/scenarios/cases');

/**
 * Cases whose blocker the workspace files show without Azure, with the severity check gives it.
 * The VM identity mode case is a warning offline, because only ARM lists the identities the nodes have.
 */
const VISIBLE_FROM_FILES: Record<string, { code: string; severity: 'blocker' | 'warning' }> = {
  'eso-cluster-store-without-service-account-ref': { code: 'wi-eso-no-service-account-ref', severity: 'blocker' },
  'csi-vm-identity-mode-instead-of-workload-identity': { code: 'csi-identity-mode', severity: 'warning' },
  'custom-role-keys-read-under-actions': { code: 'rbac-control-plane-only', severity: 'blocker' },
};

interface CaseFile {
  workspace?: { files?: Record<string, string> };
  expect: { verdict: string; blockers?: string[]; absent?: string[] };
}

async function check(folder: string): Promise<{ code: number; output: CheckOutput; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, stdin: new PassThrough(), env: {} };
  const code = await main(['check', folder, '--format', 'json'], io);
  return { code, output: JSON.parse(stdout) as CheckOutput, stderr };
}

const caseFiles = fs.existsSync(casesDir) ? fs.readdirSync(casesDir).filter((name) => name.endsWith('.json')).sort() : [];

describe('scenario cases through kv-doctor check', () => {
  it('finds the shared case folder', () => {
    assert.ok(caseFiles.length > 0, `No case files in ${casesDir}`);
  });

  it('knows every case it expects a code for', () => {
    const names = caseFiles.map((file) => file.replace(/\.json$/, ''));
    for (const name of Object.keys(VISIBLE_FROM_FILES)) assert.ok(names.includes(name), `case ${name} is missing`);
  });

  for (const file of caseFiles) {
    const name = file.replace(/\.json$/, '');
    describe(name, () => {
      const scenario = JSON.parse(fs.readFileSync(path.join(casesDir, file), 'utf8')) as CaseFile;
      let folder: string;
      let result: Awaited<ReturnType<typeof check>>;

      before(async () => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), `kv-doctor-case-${name}-`));
        for (const [relative, text] of Object.entries(scenario.workspace?.files ?? {})) {
          fs.mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
          fs.writeFileSync(path.join(folder, relative), text);
        }
        result = await check(folder);
      });

      after(() => {
        fs.rmSync(folder, { recursive: true, force: true });
      });

      const visible = VISIBLE_FROM_FILES[name];
      if (visible) {
        it(`reports ${visible.code} as ${visible.severity}`, () => {
          const severities = result.output.findings.filter((finding) => finding.code === visible.code).map((finding) => finding.severity);
          assert.ok(severities.includes(visible.severity), `${visible.code} severities: ${JSON.stringify(severities)}`);
        });

        it(`exits ${visible.severity === 'blocker' ? 1 : 0}`, () => {
          assert.equal(result.code, visible.severity === 'blocker' ? 1 : 0, result.stderr);
        });
      } else {
        it('reports no blocker', () => {
          const blockers = result.output.findings.filter((finding) => finding.severity === 'blocker');
          assert.deepEqual(blockers.map((finding) => finding.code), []);
          assert.equal(result.code, 0);
        });
      }

      it('reports no code the case rules out', () => {
        const ruledOut = new Set(scenario.expect.absent ?? []);
        const wrong = result.output.findings.filter((finding) => (finding.severity === 'blocker' || finding.severity === 'warning') && ruledOut.has(finding.code));
        assert.deepEqual(wrong.map((finding) => `${finding.code} (${finding.severity}) at ${finding.file}`), []);
      });

      if (scenario.expect.verdict === 'should-work') {
        it('reports no warning for a working setup', () => {
          assert.deepEqual(result.output.findings.filter((finding) => finding.severity === 'warning').map((finding) => finding.code), []);
        });
      }

      if (name === 'csi-vm-identity-mode-instead-of-workload-identity') {
        // Applying the switch by hand must remove the VM identity mode keys, not only add clientID.
        it('lists every line the identity mode fix replaces', () => {
          const finding = result.output.findings.find((candidate) => candidate.code === 'csi-identity-mode');
          const changes = finding?.fixes[finding.preferredFix ?? 0]?.changes ?? [];
          const removed = changes.flatMap((change) => change.oldLines).join('\n');
          const added = changes.flatMap((change) => change.newLines).join('\n');

          assert.match(removed, /useVMManagedIdentity: "true"/);
          assert.match(removed, /userAssignedIdentityID:/);
          assert.doesNotMatch(added, /useVMManagedIdentity|userAssignedIdentityID/);
          assert.match(added, /clientID: "/);
        });
      }

      it('reads every manifest without errors', () => {
        assert.deepEqual(result.output.errors, []);
      });
    });
  }
});
