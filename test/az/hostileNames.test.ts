/**
 * Cases re-derived with hostile names: resource groups with parentheses, periods and non-ASCII
 * letters, and a custom role whose name contains spaces, quotes, `$` and backticks. The generated
 * commands must pass each name to az as one intact argument, so the sandbox receives exactly
 * the intended ids and values.
 */
import assert from 'node:assert/strict';
import { runScenario } from '../../src/cli/scenarioRun';
import { diagnose } from '../../src/diagnosis/diagnose';
import type { Scenario } from '../../src/scenario/types';
import { defineFixSuite } from './fixSuite';
import { startAzSession, type AzSession } from './support/azSession';
import { loadCase } from './support/cases';
import { diagnoseSandbox } from './support/diagnoseSandbox';
import { planFixes } from './support/fixPlan';
import { HOSTILE_GROUP_SUFFIX, HOSTILE_ROLE_NAME, withHostileResourceGroups, withHostileRoleNames } from './support/hostileNames';

// Together these produce the ARM fix kinds that the cases offer with resource group names in
// their ids: role assignments created at vault and secret scope and deleted by id, access
// policies, a vault update, and a federated credential replaced.
const groupCases = [
  'config-provider-lists-with-secret-scoped-role',
  'identity-recreated-role-assignment-orphaned',
  'csi-node-identity-role-ignored-on-access-policy-vault',
  'config-provider-lists-with-get-only-access-policy',
  'federated-credential-issuer-missing-trailing-slash',
];

async function blockerCodes(scenario: Scenario): Promise<string[]> {
  const run = await runScenario(scenario);
  return diagnose(run.facts)
    .findings.filter((finding) => finding.severity === 'blocker')
    .map((finding) => finding.code)
    .sort();
}

describe('az fixes with hostile names', () => {
  for (const name of groupCases) {
    const base = loadCase(name).scenario;
    const derived = withHostileResourceGroups(base);

    describe(`${name} derivation`, () => {
      it('renames the vault resource group', () => {
        assert.ok(derived.scenario.question.vault.includes(`/resourceGroups/${derived.renames[0].from}${HOSTILE_GROUP_SUFFIX}/`), derived.scenario.question.vault);
      });

      it('diagnoses like its base case', async () => {
        assert.deepEqual(await blockerCodes(derived.scenario), await blockerCodes(base));
      });
    });

    defineFixSuite(`${name} with hostile resource groups`, () => derived.scenario, { requireSteps: true, requireInWritePaths: HOSTILE_GROUP_SUFFIX });
  }

  describe('custom role with a hostile name', function () {
    const scenario = withHostileRoleNames(loadCase('custom-role-keys-read-under-actions').scenario);
    let session: AzSession;

    before(async function () {
      this.timeout(180_000);
      session = await startAzSession({ scenario });
    });

    after(async () => {
      await session?.stop();
    });

    it('keeps the role name intact', async () => {
      const { diagnosis } = await diagnoseSandbox(session.sandbox, scenario);
      const steps = planFixes(diagnosis).steps.filter((step) => step.spec.kind === 'role-definition-update');
      assert.equal(steps.length, 1, `expected one role definition update, got ${steps.map((step) => step.title).join('; ')}`);

      const result = await session.bash(steps[0].script);
      assert.equal(result.exitCode, 0, `${steps[0].script}\n${result.stderr}`);

      const spec = steps[0].spec as { roleDefinitionId: string };
      const guid = spec.roleDefinitionId.slice(spec.roleDefinitionId.lastIndexOf('/') + 1).toLowerCase();
      const stored = session.sandbox.state.customRoles.get(guid);
      assert.ok(stored, `role ${guid} not in the sandbox`);
      assert.equal(stored.properties?.roleName, HOSTILE_ROLE_NAME);
      assert.equal(stored.properties?.description, scenario.tenant.roleDefinitions?.[0].properties?.description);
    });
  });
});
