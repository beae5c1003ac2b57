/**
 * Decides how a fix's command reaches the terminal without running it.
 */
import type { Shell } from './protocol';

/**
 * True when every line break in the text is a line continuation (a trailing `\` in bash, a
 * trailing backtick in PowerShell), so the shell waits for Enter after the last line. Any other
 * line break would make the shell run the lines before it as soon as they arrive.
 */
export function isSingleCommand(text: string, shell: Shell): boolean {
  const continuation = shell === 'bash' ? '\\' : '`';
  const lines = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.slice(0, -1).every((line) => line.trimEnd().endsWith(continuation));
}
