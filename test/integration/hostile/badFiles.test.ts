/**
 * Malformed scenario, facts and manifest files through the real command line, the entry point
 * run by tsx as `kv-doctor` runs the bundle. Each gives exit code 2 and one message that names the
 * file, the place (line and column, or the field path) and what to do, never a stack trace.
 * Broken manifests do not stop a diagnosis, because the other files still count: the diagnosis
 * names them instead.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BASE_CASE, CASES_DIR, loadCase } from './support/hostileScenario';

const REPO = resolve(__dirname, '../../..');
const TSX_CLI = require.resolve('tsx/cli');
const ENTRY = join(REPO, 'src/cli/main.ts');

/** A V8 stack frame line, as printed by an uncaught error. */
const STACK_FRAME = /^\s+at .+[:(]\d+:\d+\)?$/m;

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function kvDoctor(args: string[]): Result {
  const result = spawnSync(process.execPath, [TSX_CLI, ENTRY, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KV_DOCTOR_DEBUG: '' },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface BadFile {
  name: string;
  /** The file's text, or a function of the base case's scenario (or saved facts). */
  content: string | ((base: Record<string, unknown>) => unknown);
  /** The place the message must name: a line and column, or a field path. */
  place: RegExp;
  /** What the message must tell the user to do. */
  fix: RegExp;
}

/** Returns an edit that copies `base` and sets the value at `path` (object keys and array indices). */
function setAt(path: (string | number)[], value: unknown): (base: Record<string, unknown>) => unknown {
  return (base) => {
    const copy = structuredClone(base);
    let parent: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) {
      parent = parent[key] as Record<string | number, unknown>;
    }
    parent[path[path.length - 1]] = value;
    return copy;
  };
}

const BASE_VAULT = loadCase(BASE_CASE).question.vault;

const BAD_SCENARIOS: BadFile[] = [
  { name: 'truncated JSON', content: '{"schema": "kv-scenario/1",\n  "now": ', place: /line 2, column 10/, fix: /expected a value/ },
  { name: 'trailing comma', content: '{\n  "schema": "kv-scenario/1",\n}\n', place: /line 3, column 1/, fix: /expected a property name/ },
  { name: 'empty file', content: '', place: /line 1, column 1/, fix: /expected a value/ },
  { name: 'binary garbage', content: '\u0000\u00ff\u00fe{{{', place: /line 1, column 1/, fix: /expected a value/ },
  { name: 'array at the top', content: '[1, 2]', place: /the top level/, fix: /give a kv-scenario\/1 file/ },
  { name: 'wrong schema', content: setAt(['schema'], 'kv-scenario/9'), place: /"schema"/, fix: /set it to "kv-scenario\/1"/ },
  { name: 'resources null', content: setAt(['tenant', 'resources'], null), place: /"tenant\.resources"/, fix: /give a list/ },
  { name: 'subscription null', content: setAt(['tenant', 'subscriptions'], [null]), place: /"tenant\.subscriptions\[0\]"/, fix: /give each subscription/ },
  { name: 'role assignment without properties', content: setAt(['tenant', 'roleAssignments', 0, 'properties'], null), place: /"tenant\.roleAssignments\[0\]"/, fix: /give each item as ARM returns it/ },
  { name: 'principal null', content: setAt(['directory', 'principals'], [null]), place: /"directory\.principals\[0\]"/, fix: /give each principal/ },
  { name: 'question without caller', content: setAt(['question', 'caller'], {}), place: /"question\.caller"/, fix: /give one of identity, objectId or clientId/ },
  { name: 'script in an object name', content: setAt(['question', 'objects'], ['secrets/<script>alert(1)</script>']), place: /secrets\/<script>/, fix: /use secrets\/<name>/ },
  { name: 'hostile vault name', content: setAt(['question', 'vault'], BASE_VAULT.replace(/vaults\/.*$/, 'vaults/kv$(id)')), place: /kv\$\(id\)/, fix: /3 to 24 letters, digits and hyphens/ },
];

const BAD_FACTS: BadFile[] = [
  { name: 'double comma', content: '{\n  "schema": "kv-doctor-facts/1",\n  "now": "x",,\n}', place: /line 3, column 14/, fix: /expected a property name/ },
  { name: 'role assignments null', content: setAt(['roleAssignments'], null), place: /facts\.roleAssignments/, fix: /use \[\] for none/ },
  { name: 'permissions as text', content: setAt(['vault', 'accessPolicies'], [{ tenantId: 't', objectId: 'o', permissions: 'all' }]), place: /facts\.vault\.accessPolicies\[0\]\.permissions/, fix: /expected an object/ },
  { name: 'newer schema', content: setAt(['schema'], 'kv-doctor-facts/9'), place: /facts\.schema/, fix: /Collect the facts again/ },
  { name: 'gap null', content: setAt(['gaps', 0], null), place: /facts\.gaps\[0\]/, fix: /expected an object/ },
];

describe('bad input files on the command line', function () {
  this.timeout(120_000);
  let directory: string;
  let savedFacts: Record<string, unknown>;

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'kvd-bad-files-'));
    const factsFile = join(directory, 'saved-facts.json');
    const saved = kvDoctor(['diagnose', '--scenario', join(CASES_DIR, `${BASE_CASE}.json`), '--save-facts', factsFile, '--format', 'json']);
    assert.equal(saved.status, 1, saved.stderr);
    savedFacts = JSON.parse(readFileSync(factsFile, 'utf8')) as Record<string, unknown>;
  });

  after(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function writeBadFile(bad: BadFile, base: Record<string, unknown>, prefix: string): string {
    const file = join(directory, `${prefix}-${bad.name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, typeof bad.content === 'string' ? bad.content : JSON.stringify(bad.content(base), null, 2));
    return file;
  }

  function assertClearError(result: Result, file: string, bad: BadFile): void {
    assert.equal(result.status, 2, `exit code ${result.status}\n${result.stderr}`);
    assert.equal(result.stdout, '');
    assert.doesNotMatch(result.stderr, STACK_FRAME);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, bad.place);
    assert.match(result.stderr, bad.fix);
    if (!/object name|vault name/.test(bad.name)) {
      assert.ok(result.stderr.includes(file), `the message does not name ${file}: ${result.stderr}`);
    }
  }

  for (const bad of BAD_SCENARIOS) {
    it(`scenario with ${bad.name} exits 2`, () => {
      const file = writeBadFile(bad, loadCase(BASE_CASE) as unknown as Record<string, unknown>, 'scenario');
      assertClearError(kvDoctor(['diagnose', '--scenario', file]), file, bad);
    });
  }

  for (const bad of BAD_FACTS) {
    it(`facts with ${bad.name} exit 2`, () => {
      const file = writeBadFile(bad, savedFacts, 'facts');
      assertClearError(kvDoctor(['diagnose', '--facts', file]), file, bad);
    });
  }

  it('names a broken manifest in the diagnosis', () => {
    const scenario = loadCase(BASE_CASE);
    const files = { ...(scenario.workspace?.files ?? {}), 'deploy/orders/externalsecret.yaml': 'apiVersion: v1\nkind: [unclosed\n  metadata: {' };
    const file = join(directory, 'broken-manifest.json');
    writeFileSync(file, JSON.stringify({ ...scenario, workspace: { files } }));

    const result = kvDoctor(['diagnose', '--scenario', file, '--format', 'json']);
    const output = JSON.parse(result.stdout) as { findings: { code: string; severity: string; detail: string; missing?: string[] }[] };
    const incomplete = output.findings.find((finding) => finding.code === 'facts-incomplete');

    assert.doesNotMatch(result.stderr, STACK_FRAME);
    assert.equal(incomplete?.severity, 'warning');
    assert.ok(incomplete?.missing?.includes('workspace'));
    assert.match(incomplete?.detail ?? '', /deploy\/orders\/externalsecret\.yaml line \d+: Invalid YAML/);
  });

  it('names a broken manifest in check', () => {
    const folder = join(directory, 'manifests');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'serviceaccount.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: [unclosed\n  namespace: {x\n');

    const result = kvDoctor(['check', folder]);

    assert.doesNotMatch(result.stdout + result.stderr, STACK_FRAME);
    assert.match(result.stdout, /serviceaccount\.yaml:\d+: Invalid YAML/);
  });

  it('names a missing workspace folder', () => {
    const missing = join(directory, 'no-such-folder');
    const result = kvDoctor(['diagnose', '--scenario', join(CASES_DIR, `${BASE_CASE}.json`), '--workspace', missing]);

    assert.equal(result.status, 2, result.stderr);
    assert.doesNotMatch(result.stderr, STACK_FRAME);
    assert.ok(result.stderr.includes(missing), result.stderr);
  });
});
