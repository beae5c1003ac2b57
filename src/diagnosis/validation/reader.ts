/**
 * Small typed readers for validating JSON: each checks one value and, when it is wrong, throws a
 * FactsValidationError that names the field path, what was expected and what was found, such as
 * `facts.vault.enableRbacAuthorization: expected true, false or null, got "yes"`.
 */

export class FactsValidationError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly actual: unknown,
    detail?: string,
  ) {
    super(detail ?? `${path}: expected ${expected}, got ${describeValue(actual)}`);
    this.name = 'FactsValidationError';
  }
}

/** Describes a JSON value briefly for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing (the field is missing)';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export type JsonObject = Record<string, unknown>;

export function readObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FactsValidationError(path, 'an object', value);
  }
  return value as JsonObject;
}

export function readString(object: JsonObject, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== 'string') {
    throw new FactsValidationError(`${path}.${key}`, 'a string', value);
  }
  return value;
}

/** Reads an optional string. Null counts as absent, because ARM returns null for unset properties. */
export function readOptionalString(object: JsonObject, key: string, path: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new FactsValidationError(`${path}.${key}`, 'a string or null', value);
  }
  return value;
}

/** Reads a string that keeps null as null (fields typed `string | null`). */
export function readNullableString(object: JsonObject, key: string, path: string): string | null | undefined {
  const value = object[key];
  if (value === null) {
    return null;
  }
  return readOptionalString(object, key, path);
}

export function readBoolean(object: JsonObject, key: string, path: string): boolean {
  const value = object[key];
  if (typeof value !== 'boolean') {
    throw new FactsValidationError(`${path}.${key}`, 'true or false', value);
  }
  return value;
}

export function readOptionalBoolean(object: JsonObject, key: string, path: string): boolean | undefined {
  const value = object[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  return readBoolean(object, key, path);
}

export function readOptionalNumber(object: JsonObject, key: string, path: string): number | undefined {
  const value = object[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FactsValidationError(`${path}.${key}`, 'a number', value);
  }
  return value;
}

export function readArray<T>(object: JsonObject, key: string, path: string, readItem: (item: unknown, itemPath: string) => T): T[] {
  const value = object[key];
  if (!Array.isArray(value)) {
    throw new FactsValidationError(`${path}.${key}`, 'an array (use [] for none)', value);
  }
  return value.map((item, index) => readItem(item, `${path}.${key}[${index}]`));
}

export function readOptionalArray<T>(object: JsonObject, key: string, path: string, readItem: (item: unknown, itemPath: string) => T): T[] | undefined {
  return object[key] === undefined || object[key] === null ? undefined : readArray(object, key, path, readItem);
}

export function stringItem(item: unknown, path: string): string {
  if (typeof item !== 'string') {
    throw new FactsValidationError(path, 'a string', item);
  }
  return item;
}

export function readStringArray(object: JsonObject, key: string, path: string): string[] {
  return readArray(object, key, path, stringItem);
}

/** Reads a string that must be one of the listed values. */
export function readEnum<T extends string>(object: JsonObject, key: string, path: string, allowed: readonly T[]): T {
  const value = object[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new FactsValidationError(`${path}.${key}`, `one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

/** Reads an ISO 8601 timestamp that Date.parse accepts. */
export function readTimestamp(object: JsonObject, key: string, path: string): string {
  const value = readString(object, key, path);
  if (Number.isNaN(Date.parse(value))) {
    throw new FactsValidationError(`${path}.${key}`, 'an ISO 8601 date and time such as 2026-12-04T12:00:00Z', value);
  }
  return value;
}

/** Copies an optional value onto the target only when it is present, so absent fields stay absent. */
export function assignDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) {
    target[key] = value;
  }
}
