/**
 * A fix as the user sees it and as the extension applies it.
 */
import type { SourceRange } from '../diagnosis/workload';

/** One Azure Resource Manager request that applies (part of) a fix. */
export interface ArmWrite {
  method: 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  /**
   * Path below the ARM endpoint, starting with `/`, without the query string. Segments are not
   * percent-encoded: names may hold spaces or non-ASCII letters, so encode each segment when
   * building the URL.
   */
  path: string;
  apiVersion: string;
  /** JSON body, when the request has one. */
  body?: unknown;
  /** Plain-words summary of the change, for the confirmation dialog. */
  description: string;
}

export interface WorkspaceEdit {
  /** Workspace-relative path with forward slashes. */
  file: string;
  range: SourceRange;
  newText: string;
  /** More edits in the same file that belong to this one; ranges refer to the unedited text and do not overlap. */
  additionalEdits?: { range: SourceRange; newText: string }[];
}

export interface RenderedFix {
  title: string;
  /** Order, preconditions, who may run it, and shell caveats. */
  note?: string;
  /** The bash form: one command or a short script. */
  az?: string;
  /** The PowerShell form of the same. */
  powershell?: string;
  /** The ARM requests that apply the fix, in order; absent when the fix is not an ARM change. */
  arm?: ArmWrite[];
  edit?: WorkspaceEdit;
}

/** A read-only command to confirm a finding by hand. */
export interface RenderedCommand {
  title: string;
  az: string;
  powershell: string;
}
