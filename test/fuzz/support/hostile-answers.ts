// Answers a hostile or broken server gives, built around the answer a real one would give (the
// template): fields replaced by wrong types, deleted, nulls, huge strings; arbitrary JSON; text that
// is not JSON; truncated JSON; statuses and headers of every kind; bodies that are huge, compressed
// bombs, cut off, lying about their length, or never ending.
import fc from 'fast-check';
import type { HostileAnswer, HostileBody } from './hostile-server.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonPath = (string | number)[];

function pathsOf(value: Json, at: JsonPath = []): JsonPath[] {
  const here = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => pathsOf(item, [...at, index]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...at, key]))];
  return here;
}

const DELETE = Symbol('delete');

function setAt(root: Json, path: JsonPath, value: Json | typeof DELETE): Json {
  const copy = structuredClone(root);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return copy;
    parent = (parent as Record<string, Json>)[key as string] ?? null;
  }
  const last = path.at(-1);
  if (parent === null || typeof parent !== 'object' || last === undefined) return copy;
  if (value === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else Reflect.deleteProperty(parent, last);
  } else {
    (parent as Record<string, Json>)[last as string] = value;
  }
  return copy;
}

const wrongValue: fc.Arbitrary<Json | typeof DELETE> = fc.oneof(
  fc.constant(DELETE),
  fc.constantFrom<Json>(null, '', -1, 0, 1e300, -1e300, 2 ** 53 + 1, 0.5, true, false, [], {}, 'Enabled', 'Disabled', 'Running', '\u0000', '\u202E', 'NaN'),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'y'.repeat(n)),
);

/** The template with 1–4 fields changed. */
export function mutatedJson(template: Json): fc.Arbitrary<Json> {
  const paths = pathsOf(template);
  if (paths.length === 0) return fc.constant(template);
  return fc.array(fc.tuple(fc.constantFrom(...paths), wrongValue), { minLength: 1, maxLength: 4 }).map((changes) => changes.reduce<Json>((doc, [path, value]) => setAt(doc, path, value), template));
}

function bodyText(template: Json): fc.Arbitrary<string> {
  const valid = JSON.stringify(template);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(valid) },
    { weight: 8, arbitrary: mutatedJson(template).map((doc) => JSON.stringify(doc)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)) },
    { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '"just a string"', '<html><body>502 Bad Gateway</body></html>', '{"error":{"code":"Boom","message":"x"}}', '\uFEFF{}', '{"a":1}{"b":2}', '[' .repeat(5000)) },
  );
}

/** Body sizes: the fuzz runs with a small cap (64 KiB), so "huge" is a few times that. */
export function hostileBody(template: Json, capBytes: number): fc.Arbitrary<HostileBody> {
  const text = bodyText(template);
  return fc.oneof(
    { weight: 20, arbitrary: text.map((t) => ({ kind: 'text' as const, text: t })) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('huge' as const), bytes: fc.integer({ min: capBytes + 1, max: capBytes * 16 }), declareLength: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'endless-fast' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'endless-slow' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'no-answer' as const }) },
    { weight: 1, arbitrary: text.map((t) => ({ kind: 'lying-length' as const, text: t })) },
    { weight: 1, arbitrary: text.map((t) => ({ kind: 'cut-off' as const, text: t })) },
    { weight: 1, arbitrary: fc.integer({ min: capBytes + 1, max: capBytes * 64 }).map((bytes) => ({ kind: 'gzip-bomb' as const, bytes })) },
    { weight: 1, arbitrary: text.map((t) => ({ kind: 'gzip-garbage' as const, text: t })) },
  );
}

const statuses = fc.oneof(
  { weight: 12, arbitrary: fc.constant(200) },
  { weight: 4, arbitrary: fc.constantFrom(201, 202, 204, 301, 302, 304, 400, 401, 403, 404, 409, 412, 429, 500, 502, 503, 504) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

const headers = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/html', 'text/plain', 'application/octet-stream', '', 'application/json; charset=utf-16'),
    'retry-after': fc.constantFrom('0', '1', '-5', 'soon', '99999999', 'Wed, 21 Oct 2015 07:28:00 GMT'),
    'x-ms-request-id': fc.string({ maxLength: 20 }),
  },
  { requiredKeys: ['content-type'] },
);

export function hostileAnswer(template: Json, capBytes: number): fc.Arbitrary<HostileAnswer> {
  return fc.record({ status: statuses, headers, body: hostileBody(template, capBytes) });
}

export type { Json };
