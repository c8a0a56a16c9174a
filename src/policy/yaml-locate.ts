// Maps a field path (from zod or a semantic rule) back to a line and column in the YAML source.
// A present value points at the value; an unknown key at the key; a missing key at its parent map.
import { isAlias, isMap, isPair, isScalar, isSeq, type Pair } from 'yaml';
import type { PathSegment } from './diagnostics.js';
import type { ParsedYaml } from './yaml-source.js';

export interface SourcePosition {
  line: number;
  col: number;
}

export type LocateTarget = 'value' | 'key';

function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function startOf(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null | undefined)?.range;
  return range?.[0];
}

/** Follows `path` as far as the document goes and returns where to point. */
export function locate(parsed: ParsedYaml, path: readonly PathSegment[], target: LocateTarget = 'value'): SourcePosition {
  const { document, lineCounter } = parsed;
  let node: unknown = document.contents;
  let offset = startOf(node) ?? 0;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    if (isAlias(node)) node = node.resolve(document);
    let pair: Pair | undefined;
    let next: unknown;
    if (isMap(node)) {
      pair = node.items.find((item) => isPair(item) && keyText(item) === String(segment));
      next = pair?.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (pair === undefined && next === undefined) break; // missing: keep pointing at the parent
    const isLast = index === path.length - 1;
    const keyOffset = pair ? startOf(pair.key) : undefined;
    const valueOffset = startOf(next);
    // A key with no value (`endpoint:`) has no value node; its key is the best place to point.
    offset = (isLast && target === 'key' ? keyOffset : valueOffset ?? keyOffset) ?? offset;
    node = next;
    if (node === undefined || node === null) break;
  }
  return lineCounter.linePos(offset);
}
