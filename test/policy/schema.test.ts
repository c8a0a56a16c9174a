// The JSON Schema is generated from the zod schema and committed; it must never drift. Every rule id
// the validator can report is documented.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPolicyJsonSchema, semanticRules, structuralRules } from '../../src/policy/index.js';

describe('the published JSON Schema', () => {
  it('policies/schema.json is up to date (regenerate with `npm run gen:schema`)', () => {
    const committed = readFileSync(new URL('../../policies/schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderPolicyJsonSchema());
  });

  it('forbids unknown keys in every object, so editors flag typos too', () => {
    const schema = JSON.parse(renderPolicyJsonSchema()) as unknown;
    const objectsAllowingExtras: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.type === 'object' && record.properties !== undefined && record.additionalProperties !== false) objectsAllowingExtras.push(path);
      for (const [key, value] of Object.entries(record)) visit(value, `${path}/${key}`);
    };
    visit(schema, '#');
    expect(objectsAllowingExtras).toEqual([]);
  });
});

describe('docs/POLICY.md', () => {
  const docs = readFileSync(new URL('../../docs/POLICY.md', import.meta.url), 'utf8');
  it.each([...Object.keys(semanticRules), ...Object.keys(structuralRules)])('documents rule %s', (rule) => {
    expect(docs).toContain(`\`${rule}\``);
  });
});
