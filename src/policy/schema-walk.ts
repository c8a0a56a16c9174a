// Finds the part of the zod schema that governs a field path: which keys an object allows (for
// "did you mean" hints) and a field's description (for comments in rendered YAML).
import { z } from 'zod';
import type { PathSegment } from './diagnostics.js';

/** Strips optional/default/prefault/nullable wrappers, keeping the first description met on the way. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; description?: string } {
  let current: z.ZodType = schema;
  let description = current.description;
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodNullable) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      break;
    }
    description ??= current.description;
  }
  return description === undefined ? { schema: current } : { schema: current, description };
}

function child(schema: z.ZodType, segment: PathSegment): z.ZodType | undefined {
  if (schema instanceof z.ZodObject) {
    return typeof segment === 'string' && Object.hasOwn(schema.shape, segment) ? (schema.shape[segment] as z.ZodType) : undefined;
  }
  if (schema instanceof z.ZodArray) return typeof segment === 'number' ? (schema.element as z.ZodType) : undefined;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  if (schema instanceof z.ZodTuple) return typeof segment === 'number' ? (schema.def.items[segment] as z.ZodType | undefined) : undefined;
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as readonly z.ZodType[]) {
      const found = child(unwrap(option).schema, segment);
      if (found) return found;
    }
  }
  return undefined;
}

/** The (unwrapped) schema at a path, or undefined when the path leaves the schema. */
export function schemaAt(root: z.ZodType, path: readonly PathSegment[]): { schema: z.ZodType; description?: string } | undefined {
  let current = unwrap(root);
  for (const segment of path) {
    const next = child(current.schema, segment);
    if (!next) return undefined;
    current = unwrap(next);
  }
  return current;
}

/** Keys allowed in the object at `path`. */
export function allowedKeysAt(root: z.ZodType, path: readonly PathSegment[]): string[] | undefined {
  const found = schemaAt(root, path);
  return found?.schema instanceof z.ZodObject ? Object.keys(found.schema.shape) : undefined;
}

/** Values allowed by an enum or literal at `path` (for hints on misspelt values). */
export function allowedValuesAt(root: z.ZodType, path: readonly PathSegment[]): string[] | undefined {
  const found = schemaAt(root, path)?.schema;
  if (found instanceof z.ZodEnum) return found.options.map(String);
  if (found instanceof z.ZodLiteral) return [...found.values].map(String);
  return undefined;
}

export function descriptionAt(root: z.ZodType, path: readonly PathSegment[]): string | undefined {
  return schemaAt(root, path)?.description;
}
