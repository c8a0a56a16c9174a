// Fuzzing of policy files, structure-aware: the example policies (policies/*.yaml) and the builder's
// policy mutated one field at a time — wrong types, out-of-range numbers, deletions, unknown keys,
// deep nesting, huge strings, odd unicode, anchors and aliases (bombs too), duplicate keys — plus
// line-level edits and raw bytes. Property: validation returns either a policy (and no error) or
// diagnostics that each have a place (line and column, and a field path or a file-level rule) and a
// message; it never throws, never reports an internal error, and answers within a time bound.
// (test/policy/properties.test.ts covers arbitrary strings and whole-section replacement.)
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { isAlias, isMap, isScalar, isSeq, parseDocument, stringify, type Document, type Node } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicies, parsePolicyText, renderPolicyYaml, type PolicyDiagnostic } from '../../src/policy/index.js';
import { decodePolicyBytes } from '../../src/policy/yaml-source.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { fuzzParameters, fuzzTimeout } from './fuzz-runs.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const examples = readdirSync(path.join(root, 'policies'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(path.join(root, 'policies', f), 'utf8'));
const seeds = [...examples, renderPolicyYaml(aPolicy().input(), { schemaComment: '' }), renderPolicyYaml(aPolicy().withRegions('westeurope', 'northeurope', 'francecentral').input(), { schemaComment: '' })];

/** One validation must finish well within this, whatever the input (the slowest seen is ~50 ms). */
const timeBoundInMs = 2_000;
/** Rules about the file as a whole, whose diagnostics may have an empty field path. */
const fileLevelRule = /^(yaml|file)\.|^schema\.(type|required|unknown-key)$/;

function expectPlacedDiagnostics(text: string, diagnostics: readonly PolicyDiagnostic[], policy: unknown): void {
  const lines = text.split('\n').length;
  for (const d of diagnostics) {
    expect(d.rule, d.message).not.toBe('internal.error');
    expect(['error', 'warning']).toContain(d.severity);
    expect(typeof d.message === 'string' && d.message.trim().length > 0).toBe(true);
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines + 1, `line ${d.line} of ${lines}: ${d.rule}`).toBe(true);
    expect(Number.isInteger(d.col) && d.col >= 1).toBe(true);
    if (d.path === '') expect(d.rule, `${d.rule} has no field path: ${d.message}`).toMatch(fileLevelRule);
  }
  if (policy !== undefined) expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  else expect(diagnostics.some((d) => d.severity === 'error'), 'no policy, yet no error says why').toBe(true);
}

function validateBounded(text: string): void {
  const started = performance.now();
  const { policy, diagnostics } = parsePolicyText(text, 'fuzz.yaml');
  const elapsed = performance.now() - started;
  expect(elapsed, `validation took ${Math.round(elapsed)} ms`).toBeLessThan(timeBoundInMs);
  expectPlacedDiagnostics(text, diagnostics, policy);
}

// ---- where to mutate: every node of a parsed seed, by its path ----

type NodePath = (string | number)[];

function nodePaths(document: Document): NodePath[] {
  const paths: NodePath[] = [];
  const walk = (node: unknown, at: NodePath): void => {
    paths.push(at);
    if (isMap(node)) for (const pair of node.items) walk(pair.value, [...at, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)]);
    else if (isSeq(node)) node.items.forEach((item, index) => walk(item, [...at, index]));
  };
  walk(document.contents, []);
  return paths;
}

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u202Eevil\u202C', // right-to-left override
  'zero\u200Bwidth',
  'e\u0301', // combining accent
  '𝔰𝔥𝔬𝔭',
  '\uFEFFbom',
  '\uD800', // lone surrogate
  'line\nbreak',
  'tab\there',
  '${HOME}',
  '*alias',
  '&anchor',
  '!!binary',
  '~',
  'null',
  'yes',
  '0x1F',
  '1e400',
  '.nan',
  '-.inf',
  '__proto__',
  'constructor',
  'westeurope\u0000',
);
const hugeString = fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n));
const outOfRange = fc.constantFrom(-1, 0, -0, 1e21, Number.MAX_SAFE_INTEGER + 2, -1e308, 0.5, 2 ** 31, 1e-320, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  oddStrings,
  hugeString,
  outOfRange,
  fc.integer({ min: 1, max: 90 }).map(nested),
  fc.dictionary(fc.oneof(oddStrings, fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constantFrom(true, false, null, [], {}),
);

type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'unknown-key'; key: string; value: unknown }
  | { kind: 'alias'; count: number }
  | { kind: 'comment' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: replacement.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unknown-key' as const), key: fc.oneof(oddStrings, fc.string({ minLength: 1, maxLength: 12 })), value: fc.jsonValue({ maxDepth: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('alias' as const), count: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'comment' as const }) },
);

/** Applies one mutation at `at` in a fresh parse of `seed`; returns the text (unchanged when the YAML library refuses the edit). */
function mutate(seed: string, at: NodePath, change: Mutation): string {
  try {
    return mutateOrThrow(seed, at, change);
  } catch {
    return seed;
  }
}

function mutateOrThrow(seed: string, at: NodePath, change: Mutation): string {
  const document = parseDocument(seed);
  const parent = at.slice(0, -1);
  const key = at.at(-1);
  switch (change.kind) {
    case 'replace':
      if (at.length === 0) return stringify(change.value);
      document.setIn(at, document.createNode(change.value));
      break;
    case 'delete':
      if (at.length === 0) return '';
      document.deleteIn(at);
      break;
    case 'unknown-key': {
      const node = document.getIn(at, true) as Node | undefined;
      if (isMap(node)) node.set(document.createNode(change.key), document.createNode(change.value));
      else if (typeof key === 'string') document.setIn([...parent, `${key}${change.key}`], document.createNode(change.value));
      break;
    }
    case 'alias': {
      // The node at `at` gets an anchor; `count` aliases to it land in a list beside it — up to a
      // bomb when the node is big (the guard counts expanded nodes, so this must end as a diagnostic).
      const node = document.getIn(at, true) as Node | undefined;
      if (!node || isAlias(node) || typeof key !== 'string') break;
      node.anchor = 'fz';
      const aliases = Array.from({ length: change.count }, () => document.createAlias(node, 'fz'));
      document.setIn([...parent, `${String(key)}Copies`], document.createNode(aliases));
      break;
    }
    case 'comment': {
      const node = document.getIn(at, true) as Node | undefined;
      if (node) node.comment = ' # comment \u2028 with a line separator';
      break;
    }
  }
  return document.toString();
}

const seedAndPath = fc.integer({ min: 0, max: seeds.length - 1 }).chain((index) => {
  const seed = seeds[index] ?? '';
  return fc.record({ seed: fc.constant(seed), at: fc.constantFrom(...nodePaths(parseDocument(seed))) });
});

// ---- line-level edits: what a person's editor or a bad merge does ----

type LineEdit = { kind: 'duplicate' | 'delete' | 'indent' | 'dedent' | 'tab'; line: number } | { kind: 'insert'; line: number; text: string } | { kind: 'truncate'; at: number };

const lineEdit: fc.Arbitrary<LineEdit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('duplicate' as const, 'delete' as const, 'indent' as const, 'dedent' as const, 'tab' as const), line: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    line: fc.nat(),
    text: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('<<: *fz', 'a: &fz [1, 2]', '? complex\n: key', '--- ', '...', '%YAML 1.1', '!!python/object:os.system ls', 'key: !!binary AAAA', 'spec: {')),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function editLines(seed: string, edits: readonly LineEdit[]): string {
  let lines = seed.split('\n');
  for (const edit of edits) {
    if (edit.kind === 'truncate') {
      const text = lines.join('\n');
      lines = text.slice(0, edit.at % (text.length + 1)).split('\n');
      continue;
    }
    const index = edit.line % Math.max(1, lines.length);
    const line = lines[index] ?? '';
    if (edit.kind === 'duplicate') lines.splice(index, 0, line);
    else if (edit.kind === 'delete') lines.splice(index, 1);
    else if (edit.kind === 'indent') lines[index] = `  ${line}`;
    else if (edit.kind === 'dedent') lines[index] = line.replace(/^ {1,2}/, '');
    else if (edit.kind === 'tab') lines[index] = line.replace(/^ {2}/, '\t');
    else if (edit.kind === 'insert') lines.splice(index, 0, edit.text);
  }
  return lines.join('\n');
}

describe('policy documents, mutated field by field', () => {
  it('every valid seed validates cleanly (the starting point of every mutation)', () => {
    for (const seed of seeds) {
      const { policy, diagnostics } = parsePolicyText(seed, 'seed.yaml');
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(policy).toBeDefined();
    }
  });

  it(
    'one mutated field: a policy, or placed errors with a message; never a throw, never slow',
    () => {
      fc.assert(
        fc.property(seedAndPath, mutation, ({ seed, at }, change) => {
          validateBounded(mutate(seed, at, change));
        }),
        fuzzParameters(300),
      );
    },
    fuzzTimeout(300, 20),
  );

  it(
    'several mutations at once',
    () => {
      fc.assert(
        fc.property(seedAndPath, fc.array(fc.tuple(fc.nat(), mutation), { minLength: 2, maxLength: 5 }), ({ seed }, changes) => {
          let text = seed;
          for (const [pick, change] of changes) {
            const paths = nodePaths(parseDocument(text));
            const at = paths[pick % paths.length] ?? [];
            const parsed = parseDocument(text);
            if (parsed.errors.length > 0) break;
            text = mutate(text, at, change);
          }
          validateBounded(text);
        }),
        fuzzParameters(100),
      );
    },
    fuzzTimeout(100, 40),
  );

  it(
    'line-level edits (duplicate keys, broken indentation, tabs, truncation, YAML directives and tags)',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...seeds), fc.array(lineEdit, { minLength: 1, maxLength: 4 }), (seed, edits) => {
          validateBounded(editLines(seed, edits));
        }),
        fuzzParameters(300),
      );
    },
    fuzzTimeout(300, 10),
  );

  it('a duplicated key is reported at the duplicate, as yaml.duplicate-key', () => {
    const seed = seeds[0] ?? '';
    const lines = seed.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  trafficManager:'));
    const text = [...lines.slice(0, at), '  health: {}', ...lines.slice(at)].join('\n');
    const { policy, diagnostics } = parsePolicyText(text, 'dup.yaml');
    expect(policy).toBeUndefined();
    expect(diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'yaml.duplicate-key' })]));
  });
});

describe('policy files as raw bytes', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    temp = await withTempDir('aksdr-fuzz-policy-');
  });
  afterAll(async () => {
    await temp.cleanup();
  });

  /** A seed with random bytes spliced in (invalid UTF-8, NULs, BOMs, control characters). */
  const splicedBytes = fc.record({
    seed: fc.constantFrom(...seeds),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 16 }),
      fc.constantFrom(Uint8Array.of(0xef, 0xbb, 0xbf), Uint8Array.of(0xff, 0xfe), Uint8Array.of(0xc3), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0), Uint8Array.of(0xf4, 0x90, 0x80, 0x80)),
    ),
  });

  function splice({ seed, at, bytes }: { seed: string; at: number; bytes: Uint8Array }): Uint8Array {
    const text = Buffer.from(seed, 'utf8');
    const index = at % (text.length + 1);
    return Buffer.concat([text.subarray(0, index), bytes, text.subarray(index)]);
  }

  function validateBytes(bytes: Uint8Array): void {
    const decoded = decodePolicyBytes(bytes);
    if ('problem' in decoded) {
      expect(decoded.problem.rule).toBe('file.encoding');
      expect(decoded.problem.line).toBeGreaterThanOrEqual(1);
      expect(decoded.problem.col).toBeGreaterThanOrEqual(1);
      expect(decoded.problem.message).not.toBe('');
    } else {
      validateBounded(decoded.text);
    }
  }

  it(
    'arbitrary bytes and seeds with bytes spliced in: decoded and validated, or refused with a place',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.uint8Array({ maxLength: 2_000 }), splicedBytes.map(splice)), (bytes) => {
          validateBytes(bytes);
        }),
        fuzzParameters(300),
      );
    },
    fuzzTimeout(300, 10),
  );

  it(
    'loadPolicies on the same bytes from disk: diagnostics with the file, line and column; never a throw',
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 500 }), splicedBytes.map(splice)), async (bytes) => {
          const file = path.join(temp.dir, `case-${n++}.yaml`);
          await writeFile(file, bytes);
          const { policies, diagnostics } = await loadPolicies([file]);
          expect(policies.length + diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(0);
          for (const d of diagnostics) {
            expect(d.file).toBe(file);
            expect(d.rule).not.toBe('internal.error');
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.col).toBeGreaterThanOrEqual(1);
            expect(d.message).not.toBe('');
          }
        }),
        fuzzParameters(60),
      );
    },
    fuzzTimeout(60, 30),
  );
});
