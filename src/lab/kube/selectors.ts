// Label and field selectors as the API server accepts them in `?labelSelector=` / `?fieldSelector=`:
// equality (`a=b`, `a==b`, `a!=b`), set-based (`a in (x,y)`, `a notin (x)`) and existence (`a`, `!a`).
import type { KubeObject } from '../world/kube-store.js';

type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

export type Matcher = (obj: KubeObject) => boolean;

export class SelectorError extends Error {
  readonly code = 'SelectorError';
}

/** Split on commas that are not inside a `( … )` value set. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

const keyPattern = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

function checkKey(key: string, selector: string): string {
  if (!keyPattern.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in "${selector}"`);
  return key;
}

function parseRequirement(term: string, selector: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (set) {
    const values = (set[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v.length > 0);
    return { key: checkKey(set[1] ?? '', selector), op: set[2] === 'in' ? 'in' : 'notin', values };
  }
  const equality = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (equality) {
    const op = equality[2] === '!=' ? 'notin' : 'in';
    return { key: checkKey(equality[1] ?? '', selector), op, values: [equality[3] ?? ''] };
  }
  if (term.startsWith('!')) return { key: checkKey(term.slice(1).trim(), selector), op: 'doesnotexist' };
  return { key: checkKey(term, selector), op: 'exists' };
}

function matches(requirement: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.op) {
    case 'exists':
      return has;
    case 'doesnotexist':
      return !has;
    case 'in':
      return has && requirement.values.includes(value ?? '');
    case 'notin':
      // Like the API server: `a!=b` and `a notin (b)` also match objects without the label.
      return !has || !requirement.values.includes(value ?? '');
  }
}

/** A matcher for a label selector; an empty selector matches everything. Throws SelectorError. */
export function parseLabelSelector(selector: string | undefined): Matcher {
  if (!selector || selector.trim() === '') return () => true;
  const requirements = splitTopLevel(selector).map((term) => parseRequirement(term, selector));
  return (obj) => requirements.every((r) => matches(r, obj.metadata.labels ?? {}));
}

/** Values of the supported field labels, by object. */
export type FieldLabels = Record<string, (obj: KubeObject) => string | undefined>;

export const metadataFieldLabels: FieldLabels = {
  'metadata.name': (obj) => obj.metadata.name,
  'metadata.namespace': (obj) => obj.metadata.namespace ?? '',
};

/** A matcher for a field selector over the given field labels; unknown fields are a SelectorError. */
export function parseFieldSelector(selector: string | undefined, fields: FieldLabels): Matcher {
  if (!selector || selector.trim() === '') return () => true;
  const terms = splitTopLevel(selector).map((term) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const field = (m[1] ?? '').trim();
    const read = fields[field];
    if (!read) throw new SelectorError(`field label not supported: ${field}`);
    return { read, negate: m[2] === '!=', value: (m[3] ?? '').trim() };
  });
  return (obj) => terms.every((t) => (t.read(obj) === t.value) !== t.negate);
}
