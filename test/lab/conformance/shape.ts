// A structural comparison of a JSON document with a reference (an official example): the same keys
// with the same casing, the same JSON types, recursively; arrays by the shape of their elements.
// Values are not compared, except that a string the reference writes as a date-time must be one.
// What the reference leaves open: `null` (a nullable field: any type), an empty array (any
// elements), and maps whose keys are data (`tags`, `nodeLabels`: only the values' types count).

export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'date-time' | 'array' | 'object';

export interface ShapeOptions {
  /** Property names whose objects are maps with free keys (`tags`). */
  mapKeys?: readonly string[];
  /** Paths (`properties.windowsProfile`) the reference has and the served document may omit, with why. */
  mayOmit?: Readonly<Record<string, string>>;
  /** Paths the served document has beyond the reference, with the source that says Azure serves them. */
  alsoServed?: Readonly<Record<string, string>>;
}

export interface ShapeProblem {
  path: string;
  problem: 'missing' | 'extra' | 'type';
  detail: string;
}

const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return dateTime.test(value) ? 'date-time' : 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

function compatible(reference: JsonType, served: JsonType): boolean {
  if (reference === served) return true;
  // A float in an example may be a whole number on the wire; a date-time is not just any string.
  return reference === 'number' && served === 'integer';
}

/** Every difference between the served document's shape and the reference's. */
export function compareShape(reference: unknown, served: unknown, options: ShapeOptions = {}): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  walk(reference, served, '', options, problems);
  return problems;
}

/** Normalised path for the option tables: array positions as `[]`. */
function key(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

function walk(reference: unknown, served: unknown, path: string, options: ShapeOptions, problems: ShapeProblem[]): void {
  const refType = jsonTypeOf(reference);
  if (refType === 'null') return;
  const servedType = jsonTypeOf(served);
  if (!compatible(refType, servedType)) {
    problems.push({ path, problem: 'type', detail: `${servedType} where the reference has ${refType}` });
    return;
  }
  if (refType === 'array') return walkArray(reference as unknown[], served as unknown[], path, options, problems);
  if (refType !== 'object') return;
  const ref = reference as Record<string, unknown>;
  const got = served as Record<string, unknown>;
  const name = path.split('.').at(-1)?.replace(/\[\d+\]$/, '') ?? '';
  if (options.mapKeys?.includes(name)) {
    const sample = Object.values(ref)[0];
    for (const [k, v] of Object.entries(got)) if (sample !== undefined) walk(sample, v, `${path}.${k}`, options, problems);
    return;
  }
  for (const [k, v] of Object.entries(ref)) {
    const child = path ? `${path}.${k}` : k;
    if (!(k in got)) {
      if (options.mayOmit?.[key(child)] === undefined) problems.push({ path: child, problem: 'missing', detail: `the reference has ${k} (${jsonTypeOf(v)})` });
      continue;
    }
    walk(v, got[k], child, options, problems);
  }
  for (const k of Object.keys(got)) {
    const child = path ? `${path}.${k}` : k;
    if (!(k in ref) && options.alsoServed?.[key(child)] === undefined) {
      const sameIgnoringCase = Object.keys(ref).find((r) => r.toLowerCase() === k.toLowerCase());
      problems.push({ path: child, problem: 'extra', detail: sameIgnoringCase ? `casing: the reference writes ${sameIgnoringCase}` : 'not in the reference (list it in alsoServed with its source)' });
    }
  }
}

/** Each served element must match one of the reference's elements; the closest one's problems are reported. */
function walkArray(reference: unknown[], served: unknown[], path: string, options: ShapeOptions, problems: ShapeProblem[]): void {
  if (reference.length === 0) return;
  served.forEach((element, i) => {
    let best: ShapeProblem[] | undefined;
    for (const candidate of reference) {
      const found: ShapeProblem[] = [];
      walk(candidate, element, `${path}[${i}]`, options, found);
      if (!best || found.length < best.length) best = found;
      if (found.length === 0) break;
    }
    problems.push(...(best ?? []));
  });
}
