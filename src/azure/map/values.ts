/** Small readers for loosely typed ARM and Graph JSON, shared by the mapping files. */
import { MalformedResponseError } from '../errors';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function flag(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** ISO 8601 text from a `Date` (SDK deserializers) or a string (wire JSON). */
export function isoDate(value: unknown): string | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Returns a string field the domain type needs, or throws `MalformedResponseError` when it is missing. */
export function required(value: unknown, field: string, description: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new MalformedResponseError(`${description} has no ${field}.`);
  }
  return value;
}

/** Copies the fields whose value is defined, so the facts hold no `undefined` keys after a JSON round trip either way. */
export function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) {
      (target as Record<string, unknown>)[key] = value;
    }
  }
}
