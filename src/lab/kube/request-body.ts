// Decoding request bodies (JSON, or YAML when the client says so) and applying PATCH documents.
// Strategic-merge patches are applied as JSON merge patches (RFC 7386): lists are replaced whole
// rather than merged by key, which is all the lab's clients rely on.
import { parse as parseYaml } from 'yaml';
import type { LabRequest } from '../http/handler.js';

export type Decoded = { ok: true; value: unknown } | { ok: false; message: string };

function contentType(request: LabRequest): string {
  const header = request.headers['content-type'];
  return (Array.isArray(header) ? header[0] : header)?.split(';')[0]?.trim().toLowerCase() ?? 'application/json';
}

export function decodeBody(request: LabRequest): Decoded {
  const text = request.body.toString('utf8');
  if (text.trim() === '') return { ok: false, message: 'request body is empty' };
  try {
    const value: unknown = contentType(request).includes('yaml') ? parseYaml(text) : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export type PatchKind = 'merge' | 'unsupported';

export function patchKindOf(request: LabRequest): { kind: PatchKind; contentType: string } {
  const type = contentType(request);
  const merge = type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json';
  return { kind: merge ? 'merge' : 'unsupported', contentType: type };
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
