/**
 * Reading the command line's input files and standard input, with errors that name the file
 * and the flag that gave it.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from './errors';
import { parseJson } from './jsonInput';

/** The process streams, replaceable in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Reads a text file named by a flag. A missing or unreadable file is a usage error. */
export async function readTextFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(`File not found: ${path} (given to ${flag}). Check the path.`);
    }
    if (code === 'EISDIR') {
      throw new UsageError(`${path} (given to ${flag}) is a directory: give a file.`);
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UsageError(`Cannot read ${path} (given to ${flag}): permission denied.`);
    }
    throw new UsageError(`Cannot read ${path} (given to ${flag}): ${(error as Error).message}`);
  }
}

/** Reads and parses a JSON file. Invalid JSON is a usage error with the line and column. */
export async function readJsonFile(path: string, flag: string): Promise<unknown> {
  const text = await readTextFile(path, flag);
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { line, column, reason } = parsed.problem;
    throw new UsageError(`Invalid JSON in ${path} (given to ${flag}) at line ${line}, column ${column}: ${reason}.`);
  }
  return parsed.value;
}

/** Reads all of standard input as UTF-8 text. */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}
