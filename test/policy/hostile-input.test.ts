// Hostile or broken files end as clear, positioned diagnostics in bounded time — never a crash.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicies, MAX_POLICY_BYTES, parsePolicyText } from '../../src/policy/index.js';
import { basePolicyText } from './corpus-support.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'aksdr-policy-'));
}

function rulesOf(text: string): string[] {
  return parsePolicyText(text, 'hostile.yaml').diagnostics.map((d) => d.rule);
}

describe('hostile input', () => {
  it('reports malformed YAML with its position', () => {
    const { diagnostics } = parsePolicyText('apiVersion: aksdr/v1alpha1\nmetadata: { name: shop\nspec: [\n', 'broken.yaml');
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]?.rule).toBe('yaml.syntax');
    expect(diagnostics[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a UTF-16 file with a clear message', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: FailoverPolicy\n', 'utf16le')]));
    const { diagnostics } = await loadPolicies([dir]);
    expect(diagnostics).toEqual([expect.objectContaining({ rule: 'file.encoding', line: 1, col: 1, message: expect.stringContaining('UTF-16') as unknown })]);
  });

  it('points at the first invalid UTF-8 byte', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: aksdr/v1alpha1\nmetadata: { name: caf'), Buffer.from([0xe9]), Buffer.from(' }\n')]));
    const { diagnostics } = await loadPolicies([dir]);
    expect(diagnostics).toEqual([expect.objectContaining({ rule: 'file.encoding', line: 2, col: 22 })]);
  });

  it('accepts a UTF-8 byte order mark', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bom.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(basePolicyText)]));
    const { policies, diagnostics } = await loadPolicies([dir]);
    expect(diagnostics).toEqual([]);
    expect(policies).toHaveLength(1);
  });

  it('reports NUL characters as an encoding problem', () => {
    expect(rulesOf('k\u0000i\u0000n\u0000d\u0000')).toEqual(['file.encoding']);
  });

  // Unguarded, this expands to 9^8 nodes: the test would run out of time or memory instead of passing.
  it('stops an alias bomb before expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefgh'[i] ?? ''}`).join(', ')}]`)].join('\n');
    expect(rulesOf(bomb)).toEqual(['yaml.alias-limit']);
  });

  it('refuses a file over 1 MiB without parsing it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'huge.yaml'), `# ${'x'.repeat(MAX_POLICY_BYTES)}\n`);
    const { diagnostics } = await loadPolicies([dir]);
    expect(diagnostics).toEqual([expect.objectContaining({ rule: 'file.too-large', line: 1, col: 1 })]);
    expect(rulesOf('#'.repeat(MAX_POLICY_BYTES + 1))).toEqual(['file.too-large']);
  });

  it('refuses deeply nested flow collections instead of recursing into them', () => {
    const diagnostics = parsePolicyText('spec: ' + '['.repeat(500_000), 'deep.yaml').diagnostics;
    expect(diagnostics).toEqual([expect.objectContaining({ rule: 'yaml.too-deep', line: 1 })]);
  });

  it('refuses deeply nested block maps', () => {
    const text = Array.from({ length: 200 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n');
    expect(rulesOf(text)).toContain('yaml.too-deep');
  });

  it('reports an empty file', () => {
    expect(rulesOf('')).toEqual(['yaml.empty']);
    expect(rulesOf('# only a comment\n')).toEqual(['yaml.empty']);
  });

  it('treats __proto__ as an unknown key, not as a prototype', () => {
    const { diagnostics } = parsePolicyText('__proto__: { polluted: true }\n', 'proto.yaml');
    expect(diagnostics.map((d) => d.rule)).toContain('schema.unknown-key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a document that is a list or a scalar as the wrong type', () => {
    expect(rulesOf('- a\n- b\n')).toEqual(['schema.type']);
    expect(rulesOf('just words')).toEqual(['schema.type']);
  });

  it('reports paths that do not exist and directories without policies', async () => {
    const empty = tempDir();
    const { diagnostics } = await loadPolicies([join(empty, 'missing.yaml'), empty]);
    expect(diagnostics.map((d) => d.rule).sort()).toEqual(['file.no-policies', 'file.not-found']);
  });

  it('reports a duplicate policy name at the second file, naming the first', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), basePolicyText);
    writeFileSync(join(dir, 'b.yml'), basePolicyText);
    writeFileSync(join(dir, 'schema.json'), '{}');
    mkdirSync(join(dir, 'nested.yaml'));
    const { policies, diagnostics } = await loadPolicies([dir, join(dir, 'a.yaml')]);
    expect(policies.map((p) => p.file)).toEqual([join(dir, 'a.yaml')]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ rule: 'policy.duplicate-name', file: join(dir, 'b.yml'), line: 6, col: 9, message: expect.stringContaining(`${join(dir, 'a.yaml')}:6`) as unknown }),
      expect.objectContaining({ rule: 'file.unreadable', file: join(dir, 'nested.yaml') }),
    ]);
  });
});
