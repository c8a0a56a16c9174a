// The shape semantic rules report in: a rule id, a path from the document root, a message and a hint.
// Rules receive the sections that parsed cleanly (others are absent), so one broken section does not
// hide the problems of the others.
import type { PathSegment } from '../diagnostics.js';
import type { PolicySpec } from '../schema.js';
import { semanticRules, type SemanticRuleId } from './catalogue.js';

export interface RuleFinding {
  rule: SemanticRuleId;
  severity: 'error' | 'warning';
  path: PathSegment[];
  message: string;
  hint?: string;
  /** Point at the key rather than its value (e.g. a misnamed map key). */
  target?: 'key' | 'value';
}

/** The spec's sections that passed the schema; a rule checks only what it was given. */
export type CheckedSpec = Partial<PolicySpec>;

export type SpecRule = (spec: CheckedSpec) => RuleFinding[];

export function finding(rule: SemanticRuleId, path: PathSegment[], message: string, extra: { hint?: string | undefined; target?: 'key' | 'value' } = {}): RuleFinding {
  return {
    rule,
    severity: semanticRules[rule].severity,
    path: ['spec', ...path],
    message,
    ...(extra.hint === undefined ? {} : { hint: extra.hint }),
    ...(extra.target ? { target: extra.target } : {}),
  };
}

/** Indexes of items whose key was already seen earlier in the list. */
export function laterDuplicates<T>(items: readonly T[], keyOf: (item: T) => string): { index: number; first: number }[] {
  const seen = new Map<string, number>();
  const duplicates: { index: number; first: number }[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else duplicates.push({ index, first });
  });
  return duplicates;
}
