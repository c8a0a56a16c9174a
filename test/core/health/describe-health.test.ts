// A region's health in one line that never seems to contradict itself (field trial: "northeurope
// Healthy (failing: aks, apiServer, nodes, workloads)" under an ARM throttle; a recovering region
// shown as "Unhealthy" with nothing failing).
import { describe, expect, it } from 'vitest';
import { describeRegionHealth, evaluateHealth, initialHealthState, type CycleObservations, type SignalName } from '../../../src/core/index.js';
import { aPolicy } from '../builders/policy-builder.js';
import { T0 } from '../builders/world.js';

const policy = aPolicy().build();
const signals = policy.spec.health.signals;

function cycle(at: number, failing: readonly SignalName[]): CycleObservations {
  const byRegion: CycleObservations['byRegion'] = {};
  for (const region of policy.spec.regions) {
    byRegion[region.name] = signals.map((signal) => ({ region: region.name, signal, ok: region.name !== 'westeurope' || !failing.includes(signal), latencyMs: 1, reason: 'r', at }));
  }
  return { at, byRegion };
}

describe('describeRegionHealth', () => {
  it('a Healthy region with failing signals says why they do not count', () => {
    const health = evaluateHealth(policy, initialHealthState(policy, T0), cycle(T0 + 1, ['aks', 'apiServer', 'nodes', 'workloads']));
    expect(describeRegionHealth(policy.spec.health, health.regions.westeurope)).toBe('Healthy — aks, apiServer, nodes, workloads failing, but app passes, so the region is not counted as failing');
  });

  it('a recovering region says it is recovering and how far', () => {
    let health = initialHealthState(policy, T0);
    const all = signals.filter((s) => s !== 'trafficManager');
    for (let i = 1; i <= policy.spec.health.unhealthyAfter; i++) health = evaluateHealth(policy, health, cycle(T0 + i * 10_000, all));
    expect(health.regions.westeurope?.status).toBe('Unhealthy');
    expect(describeRegionHealth(policy.spec.health, health.regions.westeurope)).toMatch(/^Unhealthy — failing: /);
    health = evaluateHealth(policy, health, cycle(T0 + 100_000, []));
    expect(describeRegionHealth(policy.spec.health, health.regions.westeurope)).toBe(`Unhealthy, recovering: 1 of ${policy.spec.health.healthyAfter} passing evaluations`);
  });
});
