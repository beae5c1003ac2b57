/**
 * The engine as the UI uses it: diagnose facts and render every fix. No `vscode` import, so the
 * same steps run in unit tests.
 */
import type { AccessFacts } from '../diagnosis/facts';
import type { Diagnosis } from '../diagnosis/finding';
import { diagnose } from '../diagnosis/diagnose';
import type { RenderedFix } from '../fixes/types';
import { renderDiagnosis, type DiagnosisOutput } from '../report/output';

/** One diagnosis with everything the report, the Markdown export and Apply need. */
export interface DiagnosisRun {
  facts: AccessFacts;
  diagnosis: Diagnosis;
  /** The rendered diagnosis (the command line's JSON contract). */
  output: DiagnosisOutput;
  /** Rendered fixes by finding index, then fix index. */
  fixes: RenderedFix[][];
}

export function diagnoseFacts(facts: AccessFacts): DiagnosisRun {
  const diagnosis = diagnose(facts);
  const output = renderDiagnosis(diagnosis, facts);
  return { facts, diagnosis, output, fixes: output.findings.map((finding) => finding.fixes) };
}
