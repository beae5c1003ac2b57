/**
 * Every real-world case in the shared scenario folder beside the repository, run the way a user
 * runs it: `kv-doctor diagnose --scenario FILE --format json` (sandbox in-process, client secret
 * sign-in, collection through the SDK clients, diagnosis, JSON output). Each case's whole
 * `expect` block is asserted, one assertion per condition.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';

const repoRoot = path.resolve(__dirname, '../../..');
const casesDir = path.resolve(repoRoot, '../shared/scenarios/cases');

interface Expect {
  verdict: string;
  blockers?: string[];
  warnings?: string[];
  infos?: string[];
  absent?: string[];
  fixIncludes?: string[];
  fixExcludes?: string[];
}

interface OutputFix {
  az?: string;
  powershell?: string;
  edit?: { newText?: string };
}

interface Output {
  verdict: string;
  findings: { code: string; severity: string; fixes?: OutputFix[] }[];
}

/** Case-insensitive, without quote characters, line continuations and runs of white space. */
export function normalizeFixText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\\\r?\n/g, ' ')
    .replace(/`\r?\n/g, ' ')
    .replace(/['"`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

const caseFiles = fs.existsSync(casesDir) ? fs.readdirSync(casesDir).filter((name) => name.endsWith('.json')).sort() : [];

describe('scenario cases through kv-doctor diagnose --scenario', function () {
  this.timeout(60_000);

  it('finds the shared case folder', () => {
    assert.ok(caseFiles.length > 0, `No case files in ${casesDir}`);
  });

  for (const file of caseFiles) {
    describe(file.replace(/\.json$/, ''), () => {
      const expected = (JSON.parse(fs.readFileSync(path.join(casesDir, file), 'utf8')) as { expect: Expect }).expect;
      let output: Output;
      let fixTexts: string[];

      before(async () => {
        const result = await runCli(['diagnose', '--scenario', path.join(casesDir, file), '--format', 'json']);
        assert.ok([0, 1, 3].includes(result.code), `exit code ${result.code}: ${result.stderr}`);
        output = JSON.parse(result.stdout) as Output;
        fixTexts = output.findings
          .flatMap((finding) => finding.fixes ?? [])
          .flatMap((fix) => [fix.az, fix.powershell, fix.edit?.newText])
          .filter((text): text is string => typeof text === 'string')
          .map(normalizeFixText);
      });

      const severities = (code: string) => output.findings.filter((finding) => finding.code === code).map((finding) => finding.severity);

      it('verdict', () => {
        assert.equal(output.verdict, expected.verdict);
      });

      for (const code of expected.blockers ?? []) {
        it(`blocker ${code}`, () => {
          assert.ok(severities(code).includes('blocker'), `${code} severities: ${JSON.stringify(severities(code))}`);
        });
      }
      for (const code of expected.warnings ?? []) {
        it(`warning ${code}`, () => {
          const found = severities(code);
          assert.ok(found.includes('warning') || found.includes('blocker'), `${code} severities: ${JSON.stringify(found)}`);
        });
      }
      for (const code of expected.infos ?? []) {
        it(`info ${code}`, () => {
          assert.ok(severities(code).length > 0, `${code} is missing`);
        });
      }
      it('no absent code as blocker or warning', () => {
        const present = (expected.absent ?? []).filter((code) => severities(code).some((severity) => severity === 'blocker' || severity === 'warning'));
        assert.deepEqual(present, []);
      });
      for (const needle of expected.fixIncludes ?? []) {
        it(`fix includes ${needle}`, () => {
          const normalized = normalizeFixText(needle);
          assert.ok(fixTexts.some((text) => text.includes(normalized)), `no fix contains "${needle}"`);
        });
      }
      for (const needle of expected.fixExcludes ?? []) {
        it(`no fix includes ${needle}`, () => {
          const normalized = normalizeFixText(needle);
          assert.ok(!fixTexts.some((text) => text.includes(normalized)), `a fix contains "${needle}"`);
        });
      }
    });
  }
});
