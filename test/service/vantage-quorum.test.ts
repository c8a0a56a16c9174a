// The vantage quorum: one replica seeing a region down does not make it down; a majority does.
import { describe, expect, it } from 'vitest';
import type { CycleObservations } from '../../src/core/index.js';
import { applyVantageQuorum, quorumOf } from '../../src/service/vantage-quorum.js';
import { aPolicy } from '../core/builders/policy-builder.js';

const policy = aPolicy().build();
const T = Date.UTC(2026, 10, 23, 14);

function cycle(down: string[]): CycleObservations {
  const byRegion: CycleObservations['byRegion'] = {};
  for (const { name } of policy.spec.regions) {
    byRegion[name] = policy.spec.health.signals.map((signal) => ({ region: name, signal, ok: !down.includes(name), latencyMs: 3, reason: down.includes(name) ? 'timeout' : 'ok', at: T }));
  }
  return { at: T, byRegion };
}
const report = (replica: string, down: string[]) => ({ replica, at: T, cycle: cycle(down) });
const primary = policy.spec.regions[0]?.name ?? '';

describe('vantage quorum', () => {
  it('majority of 1, 2, 3, 4 vantage points is 1, 2, 2, 3; a number is capped at the points reporting', () => {
    expect([1, 2, 3, 4].map((n) => quorumOf('majority', n))).toEqual([1, 2, 2, 3]);
    expect(quorumOf(3, 2)).toBe(2);
  });

  it('a replica partitioned from the primary alone does not see it counted down', () => {
    const outcome = applyVantageQuorum(policy, report('a', [primary]), [report('b', []), report('c', [])], 'majority');
    expect(outcome.overruled).toEqual([expect.objectContaining({ region: primary, downVotes: 1, vantagePoints: 3, quorum: 2 })]);
    expect(outcome.cycle.byRegion[primary]?.every((o) => o.ok)).toBe(true);
    expect(outcome.cycle.byRegion[primary]?.[0]?.reason).toContain('seen from b');
  });

  it('counts the region down when a majority of vantage points see it down', () => {
    const outcome = applyVantageQuorum(policy, report('a', [primary]), [report('b', [primary]), report('c', [])], 'majority');
    expect(outcome.overruled).toEqual([]);
    expect(outcome.cycle.byRegion[primary]?.every((o) => !o.ok)).toBe(true);
  });

  it('a single replica decides alone', () => {
    const outcome = applyVantageQuorum(policy, report('a', [primary]), [], 'majority');
    expect(outcome.cycle.byRegion[primary]?.every((o) => !o.ok)).toBe(true);
  });

  it('never declares a region down that this replica sees up', () => {
    const outcome = applyVantageQuorum(policy, report('a', []), [report('b', [primary]), report('c', [primary])], 'majority');
    expect(outcome.cycle.byRegion[primary]?.every((o) => o.ok)).toBe(true);
  });
});
