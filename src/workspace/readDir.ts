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

/** A file with a supported extension that was not read, and why. */
export interface SkippedFile {
  /** Path relative to the folder, with forward slashes. */
  file: string;
  reason: 'too-large' | 'not-text';
  /** The reason in words, with the size and the limit for a file that is too large. */
  message: string;
}

export interface WorkspaceScan {
  /** Text of every file read, keyed by its path relative to the folder with forward slashes. */
  files: Record<string, string>;
  skipped: SkippedFile[];
  /** True when the scan stopped at `maxFiles`, so later files were not looked at. */
  limitReached: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Returns the text of a file, or undefined when it contains NUL bytes or is not valid UTF-8 (a binary file). */
function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) {
    return undefined;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Reads every .yaml, .yml, .json, .bicep and .tf file under `dir`. Skips node_modules, .git,
 * .terraform, out and dist and symbolic links silently, and lists in `skipped` the files above the
 * size limit and the files that are not UTF-8 text. Throws when `dir` does not exist or is not a folder.
 */
export function scanWorkspaceDir(dir: string, options: ReadWorkspaceOptions = {}): WorkspaceScan {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const root = path.resolve(dir);
  if (!fs.existsSync(root)) {
    throw new Error(`The workspace folder ${root} was not found; pass the folder that contains the manifests.`);
  }
  if (!fs.statSync(root).isDirectory()) {
    throw new Error(`The workspace path ${root} is not a folder; pass the folder that contains the manifests.`);
  }

  const scan: WorkspaceScan = { files: {}, skipped: [], limitReached: false };
  let count = 0;
  const pending = [root];

  while (pending.length > 0 && !scan.limitReached) {
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
      if (count >= maxFiles) {
        scan.limitReached = true;
        break;
      }
      count++;

      const relative = path.relative(root, full).split(path.sep).join('/');
      const size = fs.statSync(full).size;
      if (size > maxFileBytes) {
        scan.skipped.push({ file: relative, reason: 'too-large', message: `The file is too large to be a manifest or template: ${size} bytes, above the limit of ${maxFileBytes} bytes.` });
        continue;
      }
      const text = decodeText(fs.readFileSync(full));
      if (text === undefined) {
        scan.skipped.push({ file: relative, reason: 'not-text', message: 'The file is not text: it contains NUL bytes or is not valid UTF-8.' });
        continue;
      }
      scan.files[relative] = text;
    }
  }
  return scan;
}

/** Returns the text of every file `scanWorkspaceDir` reads, without the list of skipped files. */
export function readWorkspaceDir(dir: string, options: ReadWorkspaceOptions = {}): Record<string, string> {
  return scanWorkspaceDir(dir, options).files;
}
