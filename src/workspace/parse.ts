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

/** Workspace-relative path with forward slashes, as facts and fixes name files. */
export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

/**
 * Parses every file by its extension (.yaml, .yml, .json, .bicep, .tf) and ignores others.
 * A file or document that cannot be read becomes an entry in `errors`; nothing throws.
 */
export function parseWorkspaceFiles(files: Record<string, string>): WorkloadFacts {
  const facts = emptyWorkloadFacts();

  for (const [rawPath, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const file = normalizePath(rawPath);
    const extension = /\.([^./]+)$/.exec(file)?.[1]?.toLowerCase();
    if (!extension || !['yaml', 'yml', 'json', 'bicep', 'tf'].includes(extension) || typeof text !== 'string') {
      continue;
    }

    facts.files.push(file);
    try {
      if (extension === 'yaml' || extension === 'yml') readKubernetesFile(file, text, facts);
      else if (extension === 'json') readJsonFile(file, text, facts);
      else if (extension === 'bicep') readBicepFile(file, text, facts);
      else readTerraformFile(file, text, facts);
    } catch (error) {
      // A reader bug on one file must not hide the facts of the others.
      facts.errors.push({ file, message: `The file could not be read: ${(error as Error).message}` });
    }
  }
  return facts;
}
