/**
 * Removes fixes that repeat an earlier fix of the same diagnosis. Two checks often arrive at the
 * same change (the permission model check and the access policy check both set the caller's
 * access policy), and the user should see and run it once.
 */
import type { Finding, Fix, FixSpec } from './finding';

/**
 * Serializes a fix spec with its object keys sorted and its string lists sorted, so two specs
 * that ask for the same change compare equal. String lists in fix specs (permissions, audiences,
 * service endpoints, categories) are sets, so their order carries no meaning.
 */
export function fixKey(spec: FixSpec): string {
  return JSON.stringify(canonical(spec));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.every((item) => typeof item === 'string') ? [...(items as string[])].sort() : items;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return Object.fromEntries(entries.map(([key, item]) => [key, canonical(item)]));
  }
  return value;
}

/** Orders strings by UTF-16 code units, the same on every machine (unlike `localeCompare`). */
function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** Joins notes, leaving out a sentence that an earlier note already contains. */
function mergeNotes(first: string | undefined, second: string | undefined): string | undefined {
  if (!second || first?.includes(second)) {
    return first;
  }
  if (!first) {
    return second;
  }
  const fresh = (second.match(/[^.!?]+[.!?]*\s*/g) ?? [second]).filter((sentence) => !first.includes(sentence.trim()));
  return fresh.length === 0 ? first : `${first} ${fresh.join('').trim()}`;
}

/**
 * Keeps the first occurrence of each fix, in the order of `findings`, and drops the later ones.
 * The kept fix takes over the notes of the dropped ones and names the other findings it resolves.
 */
export function withoutDuplicateFixes(findings: readonly Finding[]): Finding[] {
  const kept = new Map<string, { findingIndex: number; fixIndex: number }>();
  const result: Finding[] = findings.map((finding) => ({ ...finding, fixes: [...finding.fixes] }));

  result.forEach((finding, findingIndex) => {
    const fixes: Fix[] = [];
    for (const fix of finding.fixes) {
      const key = fixKey(fix.spec);
      const first = kept.get(key);
      if (!first) {
        kept.set(key, { findingIndex, fixIndex: fixes.length });
        fixes.push(fix);
        continue;
      }

      const owner = result[first.findingIndex];
      const original = owner.fixes[first.fixIndex];
      const alsoResolves = first.findingIndex === findingIndex ? undefined : `The same change also resolves ${finding.code}.`;
      owner.fixes[first.fixIndex] = { ...original, note: mergeNotes(mergeNotes(original.note, fix.note), alsoResolves) };
    }
    finding.fixes = fixes;
  });
  return result;
}
