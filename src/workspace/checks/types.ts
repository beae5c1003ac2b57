/**
 * Findings the workspace files show on their own, without signing in: the input every offline
 * check reads and the finding it returns, anchored where the editor marks it.
 */
import type { Finding } from '../../diagnosis/finding';
import type { SourceRef, WorkloadFacts } from '../../diagnosis/workload';

export interface WorkspaceFinding extends Finding {
  /** The field or object the finding is about; the editor underlines this range. */
  location: SourceRef;
  /** Index in `fixes` of the safest edit, which the editor offers as the preferred quick fix. */
  preferredFix?: number;
}

export interface WorkspaceInput {
  workload: WorkloadFacts;
  /** File texts keyed by the same workspace-relative paths the facts use. */
  texts: Record<string, string>;
}

export type WorkspaceCheck = (input: WorkspaceInput) => WorkspaceFinding[];
