/**
 * Cases re-derived with hostile resource group, vault, identity and secret names: the generated
 * commands must pass each name to az as one intact argument, so the sandbox receives exactly
 * the intended ids.
 */
import assert from 'node:assert/strict';
import { runScenario } from '../../src/cli/scenarioRun';
import { diagnose } from '../../src/diagnosis/diagnose';
import type { Scenario } from '../../src/scenario/types';
import { defineFixSuite } from './fixSuite';
import { loadCase } from './support/cases';
import { HOSTILE_SUFFIX, withHostileNames } from './support/hostileNames';

// Together these produce every ARM fix kind that the cases offer: role assignments created at
// vault and secret scope and deleted by id, access policies, a vault update and a federated
// credential replaced.
const baseCases = [
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
  for (const name of baseCases) {
    const base = loadCase(name).scenario;
    const derived = withHostileNames(base);

    describe(name, () => {
      it('renames the vault and its group', () => {
        assert.ok(derived.scenario.question.vault.includes(HOSTILE_SUFFIX), derived.scenario.question.vault);
        assert.ok(derived.renames.length >= 2, JSON.stringify(derived.renames));
      });

      it('diagnoses like its base case', async () => {
        assert.deepEqual(await blockerCodes(derived.scenario), await blockerCodes(base));
      });
    });

    defineFixSuite(`${name} with hostile names`, () => derived.scenario, { requireSteps: true, requireInWritePaths: HOSTILE_SUFFIX });
  }
});
