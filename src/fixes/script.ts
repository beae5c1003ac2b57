/**
 * Short scripts for bash and PowerShell: commands, and JSON files written before the command that
 * reads them, so JSON never travels through native argument passing.
 */
import { commandValues, powerShellArgumentWarning, renderCommand, type Word } from './commandLine';

export type ScriptStep =
  | { command: Word[] }
  /** Runs `command` only when `check` prints something, so a repeated run that has nothing to do succeeds. */
  | { guarded: { check: Word[]; command: Word[] } }
  /** Writes ASCII text to a file in the current directory. */
  | { writeFile: { path: string; content: string } }
  /** A constant comment line; never put names from Azure here. */
  | { comment: string };

export interface RenderedScript {
  az: string;
  powershell: string;
  /** Set when a value may not reach the program intact through PowerShell on Windows. */
  powershellWarning?: string;
}

const BASH_HERE_DOCUMENT_END = 'JSON';

/** Renders the steps as a bash script and a PowerShell script. */
export function renderScript(steps: ScriptStep[]): RenderedScript {
  const bash: string[] = [];
  const powershell: string[] = [];
  const values: string[] = [];

  for (const step of steps) {
    if ('command' in step) {
      bash.push(renderCommand(step.command, 'bash'));
      powershell.push(renderCommand(step.command, 'powershell'));
      values.push(...commandValues(step.command));
    } else if ('guarded' in step) {
      const { check, command } = step.guarded;
      bash.push(`if [ -n "$(${renderCommand(check, 'bash')})" ]; then\n  ${renderCommand(command, 'bash')}\nfi`);
      powershell.push(`if (${renderCommand(check, 'powershell')}) {\n  ${renderCommand(command, 'powershell')}\n}`);
      values.push(...commandValues(check), ...commandValues(command));
    } else if ('writeFile' in step) {
      const { path, content } = step.writeFile;
      checkFileContent(path, content);
      // A quoted delimiter turns off every expansion in the bash here-document, and a
      // single-quoted here-string is literal in PowerShell; ASCII avoids Windows PowerShell's BOM.
      bash.push(`cat > ${path} <<'${BASH_HERE_DOCUMENT_END}'\n${content}\n${BASH_HERE_DOCUMENT_END}`);
      powershell.push(`@'\n${content}\n'@ | Set-Content -Path ${path} -Encoding ascii`);
    } else {
      bash.push(`# ${step.comment}`);
      powershell.push(`# ${step.comment}`);
    }
  }

  return { az: bash.join('\n'), powershell: powershell.join('\n'), powershellWarning: powerShellArgumentWarning(values) };
}

/** Rejects content that would end the here-document early or be altered by an ASCII file write. */
function checkFileContent(path: string, content: string): void {
  if (!/^[A-Za-z0-9._-]+$/.test(path)) {
    throw new Error(`Invalid file name ${JSON.stringify(path)} for a generated script: use letters, digits, '.', '_' and '-' only.`);
  }

  const lines = content.split('\n');
  if (lines.some((line) => line === BASH_HERE_DOCUMENT_END || line.startsWith("'@"))) {
    throw new Error(`The content of ${path} contains a line that would end the here-document early.`);
  }
  if (!/^[\x20-\x7e\n]*$/.test(content)) {
    throw new Error(`The content of ${path} must be printable ASCII; escape other characters first (see jsonForFile).`);
  }
}

/**
 * Formats a value as indented JSON with every character outside printable ASCII written as a
 * `\uXXXX` escape, which JSON readers decode to the same string.
 */
export function jsonForFile(jsonValue: unknown): string {
  return JSON.stringify(jsonValue, null, 2).replace(/[^\x20-\x7e\n]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
