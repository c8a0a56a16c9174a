// Property tests: whatever text arrives, validation answers with diagnostics and never throws; valid
// policies survive rendering to YAML and back unchanged.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { failoverPolicySchema, parsePolicyText, renderPolicyYaml, type PolicyDiagnostic } from '../../src/policy/index.js';
import { aPolicy } from './builders.js';

function expectWellFormed(diagnostics: PolicyDiagnostic[]): void {
  expect(Array.isArray(diagnostics)).toBe(true);
  for (const d of diagnostics) {
    expect(d.rule).not.toBe('internal.error');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toBe('');
  }
}

const basePolicy = aPolicy().build();

describe('validation of arbitrary input', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expectWellFormed(parsePolicyText(text, 'fuzz.yaml').diagnostics);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on YAML-ish fragments', () => {
    const token = fc.constantFrom('a:', ' ', '\n', '- ', '[', ']', '{', '}', ',', '&x ', '*x', '!!str ', '"', "'", '#', '---', '...', '? ', '|', '>', 'spec:', 'regions:', '1', 'null');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        expectWellFormed(parsePolicyText(tokens.join(''), 'fuzz.yaml').diagnostics);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary JSON-like structures rendered as YAML', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expectWellFormed(parsePolicyText(stringify(value), 'fuzz.yaml').diagnostics);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when any field of a valid policy is replaced by arbitrary data', () => {
    const paths: string[][] = [
      ['metadata'], ['spec'], ['spec', 'regions'], ['spec', 'trafficManager'], ['spec', 'trafficManager', 'steadyWeights'],
      ['spec', 'health'], ['spec', 'health', 'signals'], ['spec', 'failover'], ['spec', 'readiness'], ['spec', 'recovery'],
      ['spec', 'drills'], ['spec', 'notifications'], ['spec', 'objectives'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 4 }), (path, value) => {
        const policy = structuredClone(basePolicy) as unknown as Record<string, unknown>;
        let target = policy;
        for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
        target[path.at(-1) ?? 'spec'] = value;
        expectWellFormed(parsePolicyText(stringify(policy), 'mutant.yaml').diagnostics);
      }),
      { numRuns: 300 },
    );
  });
});

describe('rendering', () => {
  it('renders any valid timing combination to YAML that validates to the same policy', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 120 }),
        fc.integer({ min: 2, max: 10 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 1000 }),
        (intervalSeconds, unhealthyAfter, steps, standbyWeight) => {
          const input = aPolicy()
            .with((p) => {
              p.spec.health = { ...p.spec.health, intervalSeconds, timeoutSeconds: intervalSeconds - 1, unhealthyAfter, healthyAfter: unhealthyAfter * 5 };
              p.spec.trafficManager.shift = { steps: [...steps.sort((a, b) => a - b), 100] };
              p.spec.trafficManager.steadyWeights = { westeurope: 1000, northeurope: standbyWeight };
            })
            .build();
          const { policy, diagnostics } = parsePolicyText(renderPolicyYaml(input), 'rendered.yaml');
          expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          expect(policy).toEqual(failoverPolicySchema.parse(input));
        },
      ),
      { numRuns: 100 },
    );
  });
});
