/**
 * Reads the workspace files the parser understands from a folder, for the command line.
 * Unlike the rest of the workspace module this one touches the file system.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.bicep', '.tf']);
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.terraform', 'out', 'dist']);

export interface ReadWorkspaceOptions {
  /** Files larger than this many bytes are skipped; manifests and templates are far smaller. */
  maxFileBytes?: number;
  /** Stops after this many files, so a folder such as a home directory cannot stall the command. */
  maxFiles?: number;
}

/** Default limits; a manifest or template above 1 MiB is almost certainly generated data. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_FILES = 5000;

/**
 * Returns the text of every .yaml, .yml, .json, .bicep and .tf file under `dir`, keyed by its
 * path relative to `dir` with forward slashes. Skips node_modules, .git, .terraform, out and dist,
 * symbolic links and files above the size limit. Throws when `dir` does not exist or is not a folder.
 */
export function readWorkspaceDir(dir: string, options: ReadWorkspaceOptions = {}): Record<string, string> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const root = path.resolve(dir);
  if (!fs.existsSync(root)) {
    throw new Error(`The workspace folder ${root} was not found; pass the folder that contains the manifests.`);
  }
  if (!fs.statSync(root).isDirectory()) {
    throw new Error(`The workspace path ${root} is not a folder; pass the folder that contains the manifests.`);
  }

  const files: Record<string, string> = {};
  let count = 0;
  const pending = [root];

  while (pending.length > 0 && count < maxFiles) {
    const folder = pending.pop() as string;
    const entries = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));

    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(full);
        continue;
      }
      if (!entry.isFile() || !EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        continue;
      }
      if (fs.statSync(full).size > maxFileBytes) {
        continue;
      }

      files[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
      count++;
      if (count >= maxFiles) break;
    }
  }
  return files;
}
