// Blind cycles: every region fails at once (aksdr's own network, a lab restart, a broken credential).
// They show — every region goes Suspect then Unhealthy, and the engine holds on `all-regions-down` —
// but they are no evidence: when one region answers again, each region goes on from its health
// before the blindness. So the region that comes back first never finds the other "down" on the
// strength of failures nobody could tell from aksdr's blindness, and nothing fails over.
import { describe, expect, it } from 'vitest';
import { decide, evaluateHealth, initialEngineState, initialHealthState, type EngineState, type HealthState } from '../../../src/core/index.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aCycle } from '../builders/observations.js';
import { allReady, T0 } from '../builders/world.js';

const policy = aPolicy().withMode('automatic').build();
const interval = policy.spec.health.intervalSeconds * 1000;

function run(cycles: ((at: number) => ReturnType<typeof aCycle>)[]): { health: HealthState; states: EngineState[]; healths: HealthState[] } {
  let health = initialHealthState(policy, T0);
  let state: EngineState = initialEngineState(policy, T0);
  const states: EngineState[] = [];
  const healths: HealthState[] = [];
  cycles.forEach((cycle, i) => {
    const now = T0 + (i + 1) * interval;
    health = evaluateHealth(policy, health, cycle(now).build());
    state = decide({ policy, health, readiness: allReady(policy, now), state, now }).next;
    states.push(state);
    healths.push(health);
  });
  return { health, states, healths };
}

const healthy = (at: number) => aCycle(policy, at);
const allDown = (at: number) => aCycle(policy, at).down('westeurope').down('northeurope');
const onlyPrimaryDown = (at: number) => aCycle(policy, at).down('westeurope');

describe('blind cycles', () => {
  it('show (every region Unhealthy, held) but do not count: the secondary coming back first fails nothing over', () => {
    const blindFor = policy.spec.health.unhealthyAfter + 5;
    const { states, healths } = run([healthy, healthy, ...Array.from({ length: blindFor }, () => allDown), onlyPrimaryDown, healthy, healthy]);
    const blindEnd = healths[1 + blindFor];
    expect(blindEnd?.regions.westeurope?.status).toBe('Unhealthy');
    expect(blindEnd?.regions.northeurope?.status).toBe('Unhealthy');
    expect(blindEnd?.beforeBlind?.westeurope?.status).toBe('Healthy');
    // The first cycle that sees again: the primary still fails, but only once counts.
    const seeing = healths[2 + blindFor];
    expect(seeing?.regions.westeurope).toMatchObject({ status: 'Suspect', consecutiveFailed: 1 });
    expect(seeing?.regions.northeurope?.status).toBe('Healthy');
    expect(seeing?.beforeBlind).toBeUndefined();
    expect(states.every((s) => s.kind !== 'FailingOver' && s.kind !== 'FailedOver')).toBe(true);
  });

  it('keep what was known before them: a primary already Unhealthy stays so when the secondary is seen again', () => {
    const detect = policy.spec.health.unhealthyAfter;
    const { healths } = run([healthy, ...Array.from({ length: detect }, () => onlyPrimaryDown), allDown, allDown, onlyPrimaryDown]);
    const beforeBlind = healths[detect];
    expect(beforeBlind?.regions.westeurope?.status).toBe('Unhealthy');
    const seeing = healths.at(-1);
    expect(seeing?.regions.westeurope).toMatchObject({ status: 'Unhealthy', consecutiveFailed: detect + 1 });
    expect(seeing?.regions.northeurope?.status).toBe('Healthy');
  });

  it('a single-region policy has no blindness to tell apart: its failures count', () => {
    const single = aPolicy().withRegions('westeurope').build();
    let health = initialHealthState(single, T0);
    for (let i = 1; i <= single.spec.health.unhealthyAfter; i++) health = evaluateHealth(single, health, aCycle(single, T0 + i * interval).down('westeurope').build());
    expect(health.regions.westeurope?.status).toBe('Unhealthy');
    expect(health.beforeBlind).toBeUndefined();
  });
});
