/**
 * Offline checks of the workspace files: what the Kubernetes manifests and templates show about a
 * future 403 on their own, without signing in. Pure: takes file texts, reads no file system, so
 * the editor (on every change) and `kv-doctor check` (in CI) run the same code.
 */
import type { Severity } from '../../diagnosis/finding';
import type { WorkloadFacts } from '../../diagnosis/workload';
import { normalizePath, parseWorkspace } from '../parse';
import { checkCsiModes } from './csiModes';
import { checkCustomRoles } from './customRoles';
import { checkEsoStores } from './esoStores';
import { checkFederatedCredentials } from './federatedCredentials';
import { checkPodLabels } from './podLabels';
import { checkPrincipalIds } from './principalIds';
import { checkRoleAssignments } from './roleAssignments';
import type { WorkspaceCheck, WorkspaceFinding, WorkspaceInput } from './types';
import { checkVaults } from './vaults';

export type { WorkspaceFinding } from './types';

const CHECKS: readonly WorkspaceCheck[] = [
  checkPodLabels,
  checkEsoStores,
  checkCsiModes,
  checkFederatedCredentials,
  checkPrincipalIds,
  checkRoleAssignments,
  checkCustomRoles,
  checkVaults,
];

const SEVERITY_ORDER: readonly Severity[] = ['blocker', 'warning', 'unknown', 'info', 'ok'];

export interface WorkspaceCheckResult {
  workload: WorkloadFacts;
  /** Sorted by file, then line, then severity. */
  findings: WorkspaceFinding[];
  /** The file texts keyed by the paths the facts use, so a report can quote the lines a fix replaces. */
  texts: Record<string, string>;
  /** Files of which no part could be parsed; each has an entry in `workload.errors`. */
  unparsedFiles: string[];
}

/** Runs every offline check on parsed facts; `texts` are the files the facts were parsed from. */
export function checkWorkload(workload: WorkloadFacts, texts: Record<string, string>): WorkspaceFinding[] {
  const input: WorkspaceInput = { workload, texts };
  const findings = CHECKS.flatMap((check) => check(input));
  return findings.sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) ||
      a.location.range[0] - b.location.range[0] ||
      a.location.range[1] - b.location.range[1] ||
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
}

/** Parses the files (keyed by workspace-relative path) and runs every offline check. A file that does not parse is listed in `workload.errors` instead of throwing. */
export function checkWorkspaceFiles(files: Record<string, string>): WorkspaceCheckResult {
  const texts: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    if (typeof text === 'string') texts[normalizePath(path)] = text;
  }

  const { workload, unparsedFiles } = parseWorkspace(texts);
  return { workload, findings: checkWorkload(workload, texts), texts, unparsedFiles };
}
