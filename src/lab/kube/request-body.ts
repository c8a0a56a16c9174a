// Decoding request bodies (JSON, or YAML when the client says so) and applying PATCH documents.
// JSON patches (RFC 6902) are applied as such; strategic-merge patches are applied as JSON merge patches (RFC 7386): lists are replaced whole
// rather than merged by key, which is all the lab's clients rely on.
import { parse as parseYaml } from 'yaml';
import type { LabRequest } from '../http/handler.js';
import { applyJsonPatch } from './json-patch.js';

function contentType(request: LabRequest): string {
  const header: string | undefined = request.headers['content-type'];
  return header?.split(';')[0]?.trim().toLowerCase() ?? 'application/json';
}

export type Decoded = { ok: true; value: unknown } | { ok: false; message: string; unsupportedMediaType?: true };

/** Protobuf bodies (kubectl's typed clients: `create namespace`, `create deployment`) are not decoded. */
export function decodeBody(request: LabRequest): Decoded {
  const type = contentType(request);
  if (type.includes('protobuf') || type.includes('cbor')) {
    return {
      ok: false,
      unsupportedMediaType: true,
      message: `the aksdr lab API server accepts JSON and YAML bodies only, not ${type}; apply a manifest (kubectl create -f / apply -f) instead`,
    };
  }
  const text = request.body.toString('utf8');
  if (text.trim() === '') return { ok: false, message: 'request body is empty' };
  try {
    const value: unknown = contentType(request).includes('yaml') ? parseYaml(text) : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export type PatchKind = 'merge' | 'json' | 'unsupported';

export function patchKindOf(request: LabRequest): { kind: PatchKind; contentType: string } {
  const type = contentType(request);
  if (type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json') return { kind: 'merge', contentType: type };
  if (type === 'application/json-patch+json') return { kind: 'json', contentType: type };
  return { kind: 'unsupported', contentType: type };
}

/** Apply a decoded PATCH body of the given kind; throws JsonPatchError for a JSON patch that does not apply. */
export function applyPatch(kind: 'merge' | 'json', target: unknown, patch: unknown): unknown {
  return kind === 'json' ? applyJsonPatch(target, patch) : mergePatch(target, patch);
}

/** A field's value as text for messages and table cells; non-strings are JSON (or the fallback when absent). */
export function textOf(value: unknown, fallback = ''): string {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch: objects merge recursively, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
