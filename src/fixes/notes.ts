import type { RenderedFix } from './types';

/** Adds the notes, joined as sentences, to a rendered fix; leaves it unchanged when there are none. */
export function withNotes<T extends Omit<RenderedFix, 'title'>>(result: T, notes: (string | undefined)[]): T {
  const present = notes.filter((note): note is string => note !== undefined && note !== '');
  return present.length > 0 ? { ...result, note: present.join(' ') } : result;
}
