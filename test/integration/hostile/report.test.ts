/**
 * Every case re-derived with hostile names (markup, script, template syntax, bidirectional
 * controls, shell metacharacters, very long text) and collected from the sandbox through the SDK
 * clients. The diagnosis must match the base case's, the Markdown and text reports must show the
 * names as text, and every generated bash and PowerShell command must pass each name to `az` as
 * one intact argument.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../../../src/cli/scenarioRun';
import { diagnose } from '../../../src/diagnosis/diagnose';
import type { AccessFacts } from '../../../src/diagnosis/facts';
import type { Diagnosis, Fix } from '../../../src/diagnosis/finding';
import { showInvisibleCharacters } from '../../../src/fixes/quote';
import { renderFix } from '../../../src/fixes/render';
import { formatMarkdown } from '../../../src/report/markdown';
import { renderDiagnosis } from '../../../src/report/output';
import { formatText } from '../../../src/report/text';
import type { Scenario } from '../../../src/scenario/types';
import { BashSandbox, tokenizePowerShell, type Invocation } from '../../unit/fixes/shells';
import { BASE_CASE, caseNames, HOSTILE_FRAGMENTS, HOSTILE_ROLE_NAME, hostileScenario, loadCase, PWNED_GLOBAL, type HostileScenario } from './support/hostileScenario';
import { htmlTags, renderMarkdownToHtml, textContent } from '../../unit/hostile/support/markdownHtml';

interface Diagnosed {
  facts: AccessFacts;
  diagnosis: Diagnosis;
}

async function diagnoseScenario(scenario: Scenario): Promise<Diagnosed> {
  const { facts } = await runScenario(scenario);
  return { facts, diagnosis: diagnose(facts) };
}

/** Verdict and the codes that need action, sorted: what must not change when only names change. */
function outcome(diagnosis: Diagnosis): string {
  const codes = diagnosis.findings.filter((finding) => finding.severity !== 'ok').map((finding) => `${finding.severity}:${finding.code}`);
  return `${diagnosis.verdict} ${codes.sort().join(' ')}`;
}

/** Returns every string inside a fix spec. */
function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(stringLeaves);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).flatMap(stringLeaves);
  }
  return [];
}

/** Splits a PowerShell fix into its commands (one per line group), or undefined for a script with a here-string. */
function powerShellCommands(script: string): string[][] | undefined {
  if (script.includes("@'")) {
    return undefined;
  }
  // A guarded fix, `if (<check>) {\n  <command>\n}`, passes the same arguments as its two commands.
  const guarded = /^if \(([^]*)\) \{\n {2}([^]*)\n\}$/.exec(script);
  const commands = guarded ? `${guarded[1]}\n${guarded[2]}` : script;
  return commands
    .split(/\n(?=az |kubectl )/)
    .map((command) => tokenizePowerShell(command));
}

describe('hostile names', function () {
  this.timeout(120_000);
  let bash: BashSandbox;

  before(() => {
    bash = new BashSandbox('C.UTF-8');
  });

  after(() => {
    bash.remove();
  });

  describe(`${BASE_CASE} report`, () => {
    let hostile: HostileScenario;
    let base: Diagnosed;
    let derived: Diagnosed;

    before(async () => {
      hostile = hostileScenario(loadCase(BASE_CASE));
      base = await diagnoseScenario(loadCase(BASE_CASE));
      derived = await diagnoseScenario(hostile.scenario);
    });

    it('diagnoses like its base case', () => {
      assert.equal(outcome(derived.diagnosis), outcome(base.diagnosis));
      assert.equal(derived.diagnosis.verdict, 'blocked');
    });

    it('keeps the role name intact in the facts', () => {
      const names = derived.facts.roleDefinitions.map((role) => role.roleName);
      assert.ok(names.includes(HOSTILE_ROLE_NAME), JSON.stringify(names));
    });

    it('names the hostile role in the finding', () => {
      const blocker = derived.diagnosis.findings.find((finding) => finding.severity === 'blocker');
      assert.ok(blocker);
      assert.ok(blocker.detail.includes(HOSTILE_ROLE_NAME), blocker.detail);
    });

    it('escapes markup in Markdown', () => {
      const markdown = formatMarkdown(renderDiagnosis(derived.diagnosis, derived.facts));
      const outsideCode = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');

      assert.doesNotMatch(outsideCode, /<script/i);
      assert.doesNotMatch(outsideCode, /<img/i);
      assert.doesNotMatch(outsideCode, /<a\s/i);
      assert.doesNotMatch(outsideCode, /\]\(javascript:/i);
      // eslint-disable-next-line no-control-regex -- the check looks for a terminal escape character
      assert.doesNotMatch(markdown, /[\u202a-\u202e\u2066-\u2069\u200b\u001b]/);
    });

    it('renders Markdown to HTML without raw tags', async () => {
      const markdown = formatMarkdown(renderDiagnosis(derived.diagnosis, derived.facts));
      const html = await renderMarkdownToHtml(markdown);
      const unexpected = htmlTags(html).filter((tag) => !/^<\/?(h[1-6]|p|ul|ol|li|table|thead|tbody|tr|th|td|pre|code|strong|em|br|hr)(\s+(class="language-[a-z]+"|align="(left|right|center)"))?\s*\/?>$/i.test(tag));

      assert.deepEqual(unexpected, []);
    });

    it('shows the role name literally in rendered Markdown', async () => {
      const markdown = formatMarkdown(renderDiagnosis(derived.diagnosis, derived.facts));
      const text = textContent(await renderMarkdownToHtml(markdown));

      assert.ok(text.includes(showInvisibleCharacters(HOSTILE_ROLE_NAME)), 'the role name is not shown as text');
      assert.ok(text.includes(HOSTILE_FRAGMENTS.script), 'the script tag is not shown as text');
      assert.ok(text.includes(HOSTILE_FRAGMENTS.mustache), 'the template syntax is not shown as text');
    });

    it('prints no control or bidirectional characters in text', () => {
      const text = formatText(renderDiagnosis(derived.diagnosis, derived.facts), { color: false });

      // eslint-disable-next-line no-control-regex -- the checks look for terminal control characters
      assert.doesNotMatch(text, /[\u202a-\u202e\u2066-\u2069\u200b\u0007]/);
      // eslint-disable-next-line no-control-regex -- as above
      assert.doesNotMatch(text, /\u001b/);
      assert.ok(text.includes('<U+202E>'), 'the bidirectional control is not made visible');
    });

    it('keeps the global of the injected scripts unset', () => {
      assert.equal((globalThis as Record<string, unknown>)[PWNED_GLOBAL], undefined);
    });
  });

  for (const name of caseNames()) {
    describe(`${name} with hostile names`, () => {
      let hostile: HostileScenario;
      let derived: Diagnosed;

      before(async () => {
        hostile = hostileScenario(loadCase(name));
        derived = await diagnoseScenario(hostile.scenario);
      });

      it('diagnoses like its base case', async () => {
        const base = await diagnoseScenario(loadCase(name));
        assert.equal(outcome(derived.diagnosis), outcome(base.diagnosis));
      });

      it('passes every name as one bash argument', () => {
        for (const fix of derived.diagnosis.findings.flatMap((finding) => finding.fixes)) {
          const rendered = renderFix(fix);
          if (!rendered.az) {
            continue;
          }
          const invocations = bash.run(rendered.az);
          assertNamesIntact(fix, invocations, hostile, rendered.az);
          assertWrittenRoleIntact(fix);
        }
      });

      it('gives PowerShell the same arguments as bash', () => {
        for (const fix of derived.diagnosis.findings.flatMap((finding) => finding.fixes)) {
          const rendered = renderFix(fix);
          if (!rendered.az || !rendered.powershell) {
            continue;
          }
          const commands = powerShellCommands(rendered.powershell);
          if (!commands) {
            continue;
          }
          // The stand-in az prints nothing, so bash would skip a guarded command: run both parts instead.
          const guarded = /^if \[ -n "\$\(([^]*)\)" \]; then\n {2}([^]*)\nfi$/.exec(rendered.az);
          const script = guarded ? `${guarded[1]}\n${guarded[2]}` : rendered.az;
          const invocations = bash.run(script).map((invocation) => [invocation.program, ...invocation.args]);
          assert.deepEqual(commands, invocations, rendered.powershell);
        }
      });
    });
  }

  /**
   * Asserts that each spec value holding a renamed resource group reaches az whole: as an
   * argument, or inside one (a vault name and group taken from an id), never cut at a metacharacter.
   */
  function assertNamesIntact(fix: Fix, invocations: Invocation[], hostile: HostileScenario, script: string): void {
    const args = invocations.flatMap((invocation) => invocation.args);
    const values = stringLeaves(fix.spec);

    // Commands that address the vault by name alone (data-plane commands) carry no group at all.
    for (const { from, to } of hostile.renames) {
      for (const arg of args.filter((candidate) => candidate.includes(from))) {
        assert.ok(arg.includes(to), `the group name is cut in ${JSON.stringify(arg)}:\n${script}`);
      }
    }

    for (const value of values.filter((candidate) => candidate.startsWith('/subscriptions/') && hostile.renames.some((rename) => candidate.includes(rename.to)))) {
      // A command takes the id whole (--scope) or as a name with the group checked above.
      const segments = value.split('/');
      const passedWhole = args.some((arg) => arg.includes(value));
      const passedAsParts = args.some((arg) => arg.includes(segments[segments.length - 1]));
      assert.ok(passedWhole || passedAsParts, `${value} does not reach az intact:\n${script}`);
    }
  }

  /** A role definition update writes the role to a file; the file must hold the name and description unchanged. */
  function assertWrittenRoleIntact(fix: Fix): void {
    if (fix.spec.kind !== 'role-definition-update') {
      return;
    }
    const written = JSON.parse(readFileSync(join(bash.directory, 'kv-doctor-role.json'), 'utf8')) as { roleName: string; description: string };
    assert.equal(written.roleName, fix.spec.roleName);
    assert.equal(written.description, fix.spec.description);
    assert.equal(written.roleName, HOSTILE_ROLE_NAME);
  }
});
