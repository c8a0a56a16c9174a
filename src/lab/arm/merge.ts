// JSON helpers for ARM bodies: PATCH merges into the stored resource (objects recursively, arrays
// and scalars replaced; `null` clears), as Azure resource providers do.

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = structuredClone(target);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isRecord(value) && isRecord(out[key])) out[key] = mergePatch(out[key], value);
    else out[key] = structuredClone(value);
  }
  return out;
}

/** The object at `body.properties`, or an empty one. */
export function propertiesOf(body: JsonObject): JsonObject {
  return isRecord(body.properties) ? body.properties : {};
}

/** A value as an error message quotes it. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}
