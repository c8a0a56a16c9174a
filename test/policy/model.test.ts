// Small pieces other modules reuse: resource ids, typo hints, timing arithmetic.
import { describe, expect, it } from 'vitest';
import { computeTiming, formatDuration, parseResourceId, parsePolicyText, sameResourceId } from '../../src/policy/index.js';
import { closestMatch } from '../../src/policy/did-you-mean.js';
import { basePolicyText } from './corpus-support.js';

describe('parseResourceId', () => {
  it('splits an AKS cluster id, case-insensitively on the fixed segments', () => {
    expect(parseResourceId('/SUBSCRIPTIONS/6f1c2d3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f/resourcegroups/rg-weu/Providers/Microsoft.ContainerService/managedClusters/aks-weu')).toEqual({
      subscriptionId: '6f1c2d3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f',
      resourceGroup: 'rg-weu',
      provider: 'Microsoft.ContainerService',
      type: 'managedClusters',
      name: 'aks-weu',
    });
  });

  it.each([
    'aks-weu',
    '/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a',
    '/subscriptions/6f1c2d3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a/agentPools/b',
    '/subscriptions/6f1c2d3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f/resourceGroups/rg./providers/Microsoft.ContainerService/managedClusters/a',
  ])('returns undefined for %s', (id) => {
    expect(parseResourceId(id)).toBeUndefined();
  });

  it('compares ids the way ARM does, ignoring case', () => {
    expect(sameResourceId('/subscriptions/X/a', '/SUBSCRIPTIONS/x/A')).toBe(true);
  });
});

describe('typo hints', () => {
  it('suggests the closest key and nothing for unrelated words', () => {
    expect(closestMatch('intervalSecond', ['intervalSeconds', 'timeoutSeconds'])).toBe('intervalSeconds');
    expect(closestMatch('banana', ['intervalSeconds', 'timeoutSeconds'])).toBeUndefined();
  });
});

describe('timing', () => {
  it('derives detection, shift and worst case from the policy', () => {
    const spec = parsePolicyText(basePolicyText, 'base.yaml').policy?.spec;
    if (!spec) throw new Error('base policy must be valid');
    expect(computeTiming(spec)).toMatchObject({ detectionMinSeconds: 20, detectionMaxSeconds: 30, detectionHangMaxSeconds: 34, shiftSeconds: 30, capacityBudgetSeconds: 900, worstCaseMitigationSeconds: 964, recoverySeconds: 300 });
    expect(computeTiming(spec).worstCaseUsersMovedSeconds).toBeUndefined();
  });

  it('counts the DNS TTL into the time until users have moved, and into the RTO rule', () => {
    const withTtl = basePolicyText.replace(/(\n\s+)routing: weighted/, '$1routing: weighted$1dnsTtlSeconds: 60');
    const spec = parsePolicyText(withTtl, 'ttl.yaml').policy?.spec;
    if (!spec) throw new Error('policy with a TTL must be valid');
    expect(computeTiming(spec)).toMatchObject({ worstCaseMitigationSeconds: 964, dnsTtlSeconds: 60, worstCaseUsersMovedSeconds: 1024 });
    // 964 s is within a 17-min RTO (1020 s); with the TTL it is not.
    const rto = (text: string): string[] => (parsePolicyText(text.replace(/rtoMinutes: \d+/, 'rtoMinutes: 17'), 'rto.yaml').diagnostics).map((d) => d.rule);
    expect(rto(basePolicyText)).not.toContain('semantic.rto-unreachable');
    expect(rto(withTtl)).toContain('semantic.rto-unreachable');
  });

  it('formats durations for people', () => {
    expect([45, 150, 3600, 5400].map(formatDuration)).toEqual(['45 s', '2 min 30 s', '1 h', '1 h 30 min']);
  });
});
