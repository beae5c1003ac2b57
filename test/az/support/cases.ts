/**
 * The real-world scenario cases shipped beside the repository, in ../shared/scenarios/cases
 * relative to the repository root.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../../../src/scenario/types';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const casesDir = path.resolve(repoRoot, '..', 'shared', 'scenarios', 'cases');

export interface ScenarioCase {
  /** File name without `.json`. */
  name: string;
  file: string;
  scenario: Scenario;
}

/** Reads every case file; throws naming the folder when it is missing. */
export function loadCases(): ScenarioCase[] {
  if (!existsSync(casesDir)) {
    throw new Error(`scenario cases not found in ${casesDir}; the folder shared/scenarios/cases must sit beside the repository`);
  }

  return readdirSync(casesDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const fullPath = path.join(casesDir, file);
      return { name: file.replace(/\.json$/, ''), file: fullPath, scenario: JSON.parse(readFileSync(fullPath, 'utf8')) as Scenario };
    });
}

export function loadCase(name: string): ScenarioCase {
  const found = loadCases().find((scenarioCase) => scenarioCase.name === name);
  if (!found) {
    throw new Error(`scenario case ${name} not found in ${casesDir}`);
  }
  return found;
}
