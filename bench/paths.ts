/** Locations the benchmarks read from: the repository and the scenario cases beside it. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../src/scenario/types';

export const repoRoot = path.resolve(__dirname, '..');

/** Scenario cases live beside the repository; a missing folder is reported by `loadCase`. */
export const casesDir = path.resolve(repoRoot, '../shared/scenarios/cases');

/** Reads a scenario case by file name without `.json`. */
export function loadCase(name: string): Scenario {
  const file = path.join(casesDir, `${name}.json`);
  if (!existsSync(file)) {
    throw new Error(`Scenario case ${file} not found: the diagnosis benchmark needs the scenario cases folder at ${casesDir}.`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Scenario;
}
