/**
 * The text of the Apply confirmation: every ARM write of the fix exactly as it will be sent.
 */
import type { ArmWrite } from '../../fixes/types';

/** Formats one block per write: the description, then `METHOD path?api-version=...`, then the JSON body. */
export function describeArmWrites(writes: readonly ArmWrite[]): string {
  return writes
    .map((write, index) => {
      const lines = [`${index + 1}. ${write.description}`, `${write.method} ${write.path}?api-version=${write.apiVersion}`];
      if (write.body !== undefined) {
        lines.push(JSON.stringify(write.body, null, 2));
      }
      return lines.join('\n');
    })
    .join('\n\n');
}
