/**
 * Collection check: lists every fact that could not be read, with the error that stopped it, so
 * the user sees why some checks report `unknown`. The checks that needed a missing fact report their
 * own `unknown` findings, which decide the verdict. Workspace files that could not be parsed count
 * as missing `workspace` facts, so a broken manifest is named instead of silently ignored.
 */
import type { Check } from '../context';
import type { Gap } from '../facts';
import type { WorkloadFacts } from '../workload';

/** Findings of the collection check. */
export const collectionChecks: Check = (context) => {
  const gaps = [...context.facts.gaps, ...workspaceGaps(context.facts.workload)];
  if (gaps.length === 0) {
    return [
      {
        code: 'facts-incomplete',
        family: 'collection',
        severity: 'ok',
        title: 'Every fact was read',
        detail: 'No read failed while collecting the facts.',
        evidence: [],
        fixes: [],
      },
    ];
  }

  const lines = gaps.map((gap) => `${gap.fact}: ${[gap.status, gap.code].filter(Boolean).join(' ')}${gap.status || gap.code ? ' ' : ''}${gap.error}`);
  return [
    {
      code: 'facts-incomplete',
      family: 'collection',
      severity: 'warning',
      title: `${gaps.length} ${gaps.length === 1 ? 'fact' : 'facts'} could not be read`,
      detail: `Checks that needed these facts report unknown instead of guessing. ${lines.join('. ')}.`,
      evidence: [],
      fixes: [],
      missing: gaps.map((gap) => gap.fact),
    },
  ];
};

function workspaceGaps(workload: WorkloadFacts | undefined): Gap[] {
  return (workload?.errors ?? []).map((error) => ({
    fact: 'workspace',
    error: `${error.file}${error.line !== undefined ? ` line ${error.line}` : ''}: ${error.message}`,
  }));
}
