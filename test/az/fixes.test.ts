/**
 * Every real-world case whose diagnosis has az fixes: the generated commands run with the real
 * az CLI against the sandbox, and the diagnosis afterwards shows the blockers gone.
 */
import { defineFixSuite } from './fixSuite';
import { loadCases } from './support/cases';

describe('az fixes for the scenario cases', () => {
  for (const scenarioCase of loadCases()) {
    defineFixSuite(scenarioCase.name, () => scenarioCase.scenario);
  }
});
