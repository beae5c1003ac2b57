/** JSON merge as ARM applies a PATCH body: objects merge key by key, arrays and scalars replace. */

type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns a new object with `patch` merged into `target`; neither input is changed. */
export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const merged: JsonObject = structuredClone(target);

  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergePatch(current, value) : structuredClone(value);
  }
  return merged;
}
