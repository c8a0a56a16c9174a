import { describe, expect, it } from 'vitest';
import { evaluateHealth } from '../../../src/core/health/evaluate-health.js';
import { initialHealthState, type HealthState } from '../../../src/core/health/health-state.js';
import type { FailoverPolicy } from '../../../src/policy/schema.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aCycle } from '../builders/observations.js';

const INTERVAL = 10_000;

/** Feeds one cycle per entry ('down' or 'up' for westeurope), returns every state. */
function run(policy: FailoverPolicy, pattern: ('down' | 'up')[]): HealthState[] {
  let health = initialHealthState(policy, 0);
  return pattern.map((entry, index) => {
    const cycle = aCycle(policy, (index + 1) * INTERVAL);
    health = evaluateHealth(policy, health, (entry === 'down' ? cycle.down('westeurope') : cycle).build());
    return health;
  });
}
const statusesOf = (states: HealthState[]) => states.map((state) => state.regions.westeurope?.status);

describe('hysteresis', () => {
  const policy = aPolicy().withHysteresis(3, 5).build();

  it('turns Suspect on the first failed evaluation and Unhealthy on the third', () => {
    expect(statusesOf(run(policy, ['down', 'down', 'down']))).toEqual(['Suspect', 'Suspect', 'Unhealthy']);
  });

  it('forgets a blip: a passing evaluation makes a Suspect region Healthy again', () => {
    expect(statusesOf(run(policy, ['down', 'down', 'up', 'down', 'down']))).toEqual(['Suspect', 'Suspect', 'Healthy', 'Suspect', 'Suspect']);
  });

  it('stays Unhealthy until healthyAfter consecutive passes, and one failure restarts the count', () => {
    const states = run(policy, ['down', 'down', 'down', 'up', 'up', 'up', 'up', 'down', 'up', 'up', 'up', 'up', 'up']);
    expect(statusesOf(states)).toEqual(['Suspect', 'Suspect', 'Unhealthy', 'Unhealthy', 'Unhealthy', 'Unhealthy', 'Unhealthy', 'Unhealthy', 'Unhealthy', 'Unhealthy', 'Unhealthy', 'Unhealthy', 'Healthy']);
  });

  it('records when the region became unhealthy and healthy again', () => {
    const states = run(policy, ['down', 'down', 'down', 'up', 'up', 'up', 'up', 'up']);
    const last = states.at(-1)?.regions.westeurope;
    expect(last?.unhealthySince).toBe(3 * INTERVAL);
    expect(last?.healthySince).toBe(8 * INTERVAL);
    expect(last?.since).toBe(8 * INTERVAL);
  });

  it('keeps the failing signals and their reasons with the region', () => {
    const [state] = run(policy, ['down']);
    expect(state?.regions.westeurope?.latest?.failedSignals).toEqual(['aks', 'apiServer', 'nodes', 'workloads', 'app']);
    expect(state?.regions.westeurope?.latest?.signals[0]).toEqual({ signal: 'aks', ok: false, reason: 'aks failed' });
  });

  it('ignores a cycle it has already evaluated (a replay does not count twice)', () => {
    let health = initialHealthState(policy, 0);
    const cycle = aCycle(policy, INTERVAL).down('westeurope').build();
    health = evaluateHealth(policy, health, cycle);
    const again = evaluateHealth(policy, health, cycle);
    expect(again.regions.westeurope?.consecutiveFailed).toBe(1);
  });

  it('counts a region missing from the cycle as a failed evaluation', () => {
    const health = evaluateHealth(policy, initialHealthState(policy, 0), aCycle(policy, INTERVAL).missing('westeurope').build());
    expect(health.regions.westeurope?.status).toBe('Suspect');
  });

  describe('M-of-N window', () => {
    const windowed = aPolicy().withWindow(5, 3).withHysteresis(3, 4).build();

    it('turns Unhealthy when 3 of the last 5 evaluations failed, not consecutively', () => {
      expect(statusesOf(run(windowed, ['down', 'up', 'down', 'up', 'down']))).toEqual(['Suspect', 'Healthy', 'Suspect', 'Healthy', 'Unhealthy']);
    });

    it('lets old failures slide out of the window', () => {
      expect(statusesOf(run(windowed, ['down', 'up', 'down', 'up', 'up', 'up', 'down'])).at(-1)).toBe('Suspect');
    });

    it('recovers after healthyAfter passes and starts again with a clean window', () => {
      const states = run(windowed, ['down', 'down', 'down', 'up', 'up', 'up', 'up', 'down']);
      expect(statusesOf(states).slice(2)).toEqual(['Unhealthy', 'Unhealthy', 'Unhealthy', 'Unhealthy', 'Healthy', 'Suspect']);
      expect(states.at(-1)?.regions.westeurope?.recent).toEqual([true]);
    });
  });
});
