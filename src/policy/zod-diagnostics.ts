// Turns zod issues into policy diagnostics a person can act on: positioned, with a stable rule id, a
// message that names the offending value, and a hint (closest allowed key or value) where one helps.
import type { z } from 'zod';
import type { PathSegment, PolicyDiagnostic } from './diagnostics.js';
import { formatPath } from './diagnostics.js';
import { didYouMean } from './did-you-mean.js';
import { allowedKeysAt, allowedValuesAt } from './schema-walk.js';
import { locate, type LocateTarget } from './yaml-locate.js';
import type { ParsedYaml } from './yaml-source.js';

type Problem = Omit<PolicyDiagnostic, 'file'>;
type Issue = z.core.$ZodIssue;

function valueAt(root: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown } {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return { found: false, value: undefined };
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return { found: true, value: current };
}

/** A short, quoted rendering of a value for messages; never dumps a whole structure. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number') return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
  return `${typeof value} ${describeValue(value)}`;
}

function article(expected: string): string {
  const names: Record<string, string> = { object: 'a map', array: 'a list', int: 'an integer', number: 'a number', string: 'a string', boolean: 'true or false', tuple: 'a list' };
  return names[expected] ?? expected;
}

export function issuesToProblems(issues: readonly Issue[], parsed: ParsedYaml, schema: z.ZodType): Problem[] {
  const problems: Problem[] = [];
  const add = (path: readonly PathSegment[], rule: string, message: string, hint?: string, target: LocateTarget = 'value'): void => {
    const { line, col } = locate(parsed, path, target);
    problems.push({ severity: 'error', line, col, path: formatPath(path), message, rule, ...(hint ? { hint } : {}) });
  };

  for (const issue of issues) {
    const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
    const { found, value } = valueAt(parsed.value, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeysAt(schema, path) ?? [];
        for (const key of issue.keys) {
          const hint = didYouMean(key, allowed) ?? (allowed.length > 0 && allowed.length <= 12 ? `allowed keys: ${allowed.join(', ')}` : undefined);
          add([...path, key], 'schema.unknown-key', `unknown key \`${key}\``, hint, 'key');
        }
        break;
      }
      case 'invalid_type': {
        if (!found) {
          add(path, 'schema.required', `missing required key \`${String(path.at(-1) ?? '')}\``);
        } else {
          const hint = issue.expected === 'number' || issue.expected === 'int'
            ? typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? 'remove the quotes: numbers are written without them' : undefined
            : undefined;
          add(path, 'schema.type', `expected ${article(issue.expected)}, got ${kindOf(value)}`, hint);
        }
        break;
      }
      case 'invalid_value': {
        const allowed = issue.values.map(String);
        const hint = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
        const list = allowed.map((v) => `\`${v}\``).join(', ');
        add(path, 'schema.enum', allowed.length === 1 ? `must be ${list}, got ${describeValue(value)}` : `must be one of ${list}; got ${describeValue(value)}`, hint);
        break;
      }
      case 'too_small':
      case 'too_big': {
        const small = issue.code === 'too_small';
        const bound = small ? issue.minimum : issue.maximum;
        const inclusive = issue.inclusive ?? true;
        if (issue.origin === 'array' || issue.origin === 'set') {
          add(path, 'schema.length', `must have ${small ? 'at least' : 'at most'} ${String(bound)} item(s)`);
        } else if (issue.origin === 'string') {
          add(path, 'schema.length', small && Number(bound) <= 1 ? 'must not be empty' : `must be ${small ? 'at least' : 'at most'} ${String(bound)} characters long`);
        } else {
          const op = small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
          add(path, 'schema.range', `must be ${op} ${String(bound)}, got ${describeValue(value)}`);
        }
        break;
      }
      case 'invalid_format':
        add(path, 'schema.format', `${describeValue(value)} ${issue.message.startsWith('must') ? issue.message : `is not valid: ${issue.message}`}`);
        break;
      case 'custom': {
        const rule = typeof issue.params?.rule === 'string' ? issue.params.rule : 'schema.custom';
        add(path, rule, issue.message);
        break;
      }
      case 'invalid_union': {
        const allowed = allowedValuesAt(schema, path);
        const why = issue.message.startsWith('must') ? issue.message : `is not allowed here${allowed ? `; expected one of ${allowed.join(', ')}` : ''}`;
        add(path, 'schema.type', `${describeValue(value)} ${why}`);
        break;
      }
      default:
        add(path, 'schema.invalid', issue.message);
    }
  }
  return problems;
}
