/**
 * Word wrapping for terminal output.
 */
import { showInvisibleCharacters } from '../fixes/quote';

/** Column after which terminal paragraphs wrap. */
export const WRAP_COLUMN = 100;

/**
 * Wraps text into lines of at most WRAP_COLUMN characters where words allow, the first line
 * starting with `prefix` and the others indented to the same width. Invisible characters are made
 * visible, and existing line breaks start new lines.
 */
export function wrapParagraph(text: string, prefix = '  '): string[] {
  const indent = ' '.repeat(prefix.length);
  const lines: string[] = [];

  String(text)
    .split(/\r?\n/)
    .forEach((sourceLine, index) => {
      let line = index === 0 ? prefix : indent;
      let empty = true;

      for (const word of showInvisibleCharacters(sourceLine).split(/\s+/).filter((part) => part !== '')) {
        if (!empty && line.length + 1 + word.length > WRAP_COLUMN) {
          lines.push(line);
          line = indent;
          empty = true;
        }
        line += empty ? word : ` ${word}`;
        empty = false;
      }
      lines.push(line.trimEnd());
    });

  return lines;
}
