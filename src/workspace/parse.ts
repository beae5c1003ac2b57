/**
 * Turns workspace files into workload facts: Kubernetes manifests, and best effort for Bicep,
 * ARM JSON and Terraform. Pure: takes file texts, reads no file system.
 */
import type { WorkloadFacts } from '../diagnosis/workload';
import { emptyWorkloadFacts } from './emptyFacts';
import { readJsonFile } from './iac/armJson';
import { readBicepFile } from './iac/bicep';
import { readTerraformFile } from './iac/terraform';
import { readKubernetesFile } from './kubernetes/documents';

/** File extensions the parser reads, lower case and without the dot. */
export const WORKSPACE_EXTENSIONS: readonly string[] = ['yaml', 'yml', 'json', 'bicep', 'tf'];

/** Workspace-relative path with forward slashes, as facts and fixes name files. */
export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

export interface ParsedWorkspace {
  workload: WorkloadFacts;
  /** Files of which no part could be parsed; each has at least one entry in `workload.errors`. */
  unparsedFiles: string[];
}

/**
 * Parses every file by its extension (.yaml, .yml, .json, .bicep, .tf) and ignores others.
 * A file or document that cannot be read becomes an entry in `errors`; nothing throws.
 */
export function parseWorkspace(files: Record<string, string>): ParsedWorkspace {
  const facts = emptyWorkloadFacts();
  const unparsedFiles: string[] = [];

  for (const [rawPath, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const file = normalizePath(rawPath);
    const extension = /\.([^./]+)$/.exec(file)?.[1]?.toLowerCase();
    if (!extension || !WORKSPACE_EXTENSIONS.includes(extension) || typeof text !== 'string') {
      continue;
    }

    facts.files.push(file);
    let parsed = true;
    try {
      if (extension === 'yaml' || extension === 'yml') parsed = readKubernetesFile(file, text, facts);
      else if (extension === 'json') parsed = readJsonFile(file, text, facts);
      else if (extension === 'bicep') readBicepFile(file, text, facts);
      else readTerraformFile(file, text, facts);
    } catch (error) {
      // A reader bug on one file must not hide the facts of the others.
      facts.errors.push({ file, message: `The file could not be read: ${(error as Error).message}` });
      parsed = false;
    }

    // An empty YAML file has no document but no error either, so it counts as read.
    if (!parsed && facts.errors.some((error) => error.file === file)) unparsedFiles.push(file);
  }
  return { workload: facts, unparsedFiles };
}

/** Parses the files like `parseWorkspace` and returns only the workload facts. */
export function parseWorkspaceFiles(files: Record<string, string>): WorkloadFacts {
  return parseWorkspace(files).workload;
}
