// Helpers for the broken-policy corpus: apply one textual mistake to the base policy and work out,
// from the text alone (not from the YAML library), the line and column the mistake is at.
import { readFileSync } from 'node:fs';

export const basePolicyText = readFileSync(new URL('./fixtures/base-policy.yaml', import.meta.url), 'utf8');

export interface Anchor {
  /** Text at the expected position. */
  text: string;
  /** Which occurrence of `text` (0-based), default the first. */
  nth?: number;
  /** Characters after the start of `text`. */
  offset?: number;
}

export interface CorpusCase {
  name: string;
  /** Replacements applied to the base text; each `from` must occur exactly once. */
  edits: [from: string, to: string][];
  rule: string;
  at: Anchor;
  severity?: 'error' | 'warning';
}

export function applyEdits(text: string, edits: CorpusCase['edits']): string {
  let result = text;
  for (const [from, to] of edits) {
    const count = result.split(from).length - 1;
    if (count !== 1) throw new Error(`edit "${from}" matches ${count} times`);
    result = result.replace(from, to);
  }
  return result;
}

export function positionOf(text: string, anchor: Anchor): { line: number; col: number } {
  let index = -1;
  for (let i = 0; i <= (anchor.nth ?? 0); i++) {
    index = text.indexOf(anchor.text, index + 1);
    if (index === -1) throw new Error(`anchor "${anchor.text}" #${anchor.nth ?? 0} not found`);
  }
  index += anchor.offset ?? 0;
  const before = text.slice(0, index);
  return { line: before.split('\n').length, col: index - before.lastIndexOf('\n') };
}
