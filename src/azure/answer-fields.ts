// Reading the fields of an answer the SDK handed over. The Azure SDKs deserialise JSON without
// checking types: a `weight` of "abc", a `name` of 12 or an `endpoints` that is a string reach us as
// they came. An adapter returns values of its port's types or fails: a field of the wrong type is a
// malformed answer — an AdapterError naming the field — never a value the core would misread (a
// string weight added to a number, a missing location). An absent field (or null) stays absent; the
// mappers choose its default as before.
import { AdapterError } from '../core/ports/adapter-error.js';

export interface AnswerFields {
  /** The answer itself, or a nested object: must be an object (not a list, string or null). */
  object(value: unknown, field: string): Record<string, unknown>;
  optionalObject(value: unknown, field: string): Record<string, unknown> | undefined;
  text(value: unknown, field: string): string | undefined;
  number(value: unknown, field: string): number | undefined;
  boolean(value: unknown, field: string): boolean | undefined;
  list(value: unknown, field: string): unknown[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Field readers for one operation's answer; each throws a clear AdapterError for a wrong type. */
export function answerFields(operation: string, target: string): AnswerFields {
  const malformed = (field: string, expected: string, value: unknown): AdapterError =>
    new AdapterError('Unknown', `${operation}: the answer is malformed: ${field} is ${describe(value)}, expected ${expected}`, { target, operation });
  const absent = (value: unknown): value is null | undefined => value === undefined || value === null;
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  return {
    object: (value, field) => {
      if (!isObject(value)) throw malformed(field, 'an object', value);
      return value;
    },
    optionalObject: (value, field) => {
      if (absent(value)) return undefined;
      if (!isObject(value)) throw malformed(field, 'an object', value);
      return value;
    },
    text: (value, field) => {
      if (absent(value)) return undefined;
      if (typeof value !== 'string') throw malformed(field, 'a string', value);
      return value;
    },
    number: (value, field) => {
      if (absent(value)) return undefined;
      if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed(field, 'a number', value);
      return value;
    },
    boolean: (value, field) => {
      if (absent(value)) return undefined;
      if (typeof value !== 'boolean') throw malformed(field, 'true or false', value);
      return value;
    },
    list: (value, field) => {
      if (absent(value)) return [];
      if (!Array.isArray(value)) throw malformed(field, 'a list', value);
      return value as unknown[];
    },
  };
}
