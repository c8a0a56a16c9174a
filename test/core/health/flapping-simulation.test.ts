// The acceptance test of how signals combine: a primary whose signals each fail independently 30% of
// the time must never fail over in 500 intervals, while a hard outage is still detected in exactly
// `unhealthyAfter` evaluations. The false-positive probability is computed from the real rule, so a
// passing run is evidence, not luck.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide/decide.js';
import { initialEngineState, type EngineState } from '../../../src/core/decide/engine-state.js';
import { evaluateHealth } from '../../../src/core/health/evaluate-health.js';
import { initialHealthState, type HealthState } from '../../../src/core/health/health-state.js';
import { countedSignals, defaultVerdictRule, type VerdictRule } from '../../../src/core/health/verdict.js';
import type { FailoverPolicy } from '../../../src/policy/schema.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aCycle } from '../builders/observations.js';
import { consecutiveRunProbability, evaluationFailureProbability as failureProbability } from '../../../src/core/health/noise.js';
import { seededRandom } from '../../../src/lab/clock.js';
import { allReady } from '../builders/world.js';

const INTERVALS = 500;
const FAILURE_RATE = 0.3;
const SEEDS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89];
const INTERVAL_MS = 10_000;

// The probabilities come from the same functions `policy explain` prints them with.
const evaluationFailureProbability = (rule: VerdictRule, rate: number): number => failureProbability(rule, rate);
const runProbability = consecutiveRunProbability;

interface Simulation {
  everUnhealthy: boolean;
  suspectEvaluations: number;
  plans: number;
  states: Set<EngineState['kind']>;
  signalFailures: number;
  signalObservations: number;
}

function simulateFlapping(policy: FailoverPolicy, seed: number, rule?: VerdictRule): Simulation {
  const random = seededRandom(seed);
  const signals = countedSignals(policy.spec.health);
  let health: HealthState = initialHealthState(policy, 0);
  let state: EngineState = initialEngineState(policy, 0);
  const result: Simulation = { everUnhealthy: false, suspectEvaluations: 0, plans: 0, states: new Set(), signalFailures: 0, signalObservations: 0 };
  for (let interval = 1; interval <= INTERVALS; interval++) {
    const now = interval * INTERVAL_MS;
    const failing = signals.filter(() => random() < FAILURE_RATE);
    result.signalFailures += failing.length;
    result.signalObservations += signals.length;
    health = evaluateHealth(policy, health, aCycle(policy, now).failing('westeurope', ...failing).build(), rule);
    const decision = decide({ policy, health, readiness: allReady(policy, now), state, now });
    state = decision.next;
    if (decision.plan) result.plans++;
    result.states.add(state.kind);
    const primary = health.regions.westeurope?.status;
    if (primary === 'Unhealthy') result.everUnhealthy = true;
    if (primary === 'Suspect') result.suspectEvaluations++;
  }
  return result;
}

describe('a primary flapping at 30% per signal', () => {
  const policy = aPolicy().withMode('automatic').build();
  const rule = defaultVerdictRule(policy.spec.health);

  it('is tested with the default detection: unhealthyAfter 3 and 5 counted signals', () => {
    expect(policy.spec.health.unhealthyAfter).toBe(3);
    expect(rule.signals).toHaveLength(5);
  });

  it('has a false-positive probability far below one in a thousand per 500 intervals (so passing seeds are not luck)', () => {
    const q = evaluationFailureProbability(rule, FAILURE_RATE);
    const falsePositive = runProbability(q, policy.spec.health.unhealthyAfter, INTERVALS);
    expect(q).toBeCloseTo(0.3 ** 4, 10); // all four serving signals at once; aks free
    expect(falsePositive).toBeGreaterThan(2.5e-4);
    expect(falsePositive).toBeLessThan(2.7e-4);
    // Even over every seed below, the chance that any of them would fail by bad luck is under 0.3%.
    expect(1 - (1 - falsePositive) ** SEEDS.length).toBeLessThan(3e-3);
  });

  it.each(SEEDS)('never turns Unhealthy nor plans a failover in 500 intervals (seed %i)', (seed) => {
    const run = simulateFlapping(policy, seed);
    expect(run.signalFailures / run.signalObservations).toBeGreaterThan(0.25);
    expect(run.signalFailures / run.signalObservations).toBeLessThan(0.35);
    expect(run.everUnhealthy).toBe(false);
    expect(run.plans).toBe(0);
    expect([...run.states]).toEqual(['Steady']);
  });

  it('does see the noise: failed evaluations make the primary Suspect now and then', () => {
    const suspect = SEEDS.reduce((total, seed) => total + simulateFlapping(policy, seed).suspectEvaluations, 0);
    expect(suspect).toBeGreaterThan(0);
  });

  it('would fail over with a simple majority (3 of 5): the simulation can tell a bad rule', () => {
    const majority: VerdictRule = { signals: rule.signals, mustFail: [], minFailed: 3 };
    expect(runProbability(evaluationFailureProbability(majority, FAILURE_RATE), 3, INTERVALS)).toBeGreaterThan(0.8);
    const failedOver = SEEDS.filter((seed) => simulateFlapping(policy, seed, majority).everUnhealthy);
    expect(failedOver.length).toBeGreaterThan(SEEDS.length / 2);
  });
});

describe('a hard outage of the primary', () => {
  it('is detected in exactly unhealthyAfter evaluations and failed over on the same cycle', () => {
    for (const unhealthyAfter of [1, 3, 5]) {
      const policy = aPolicy().withMode('automatic').withHysteresis(unhealthyAfter, 30).build();
      let health = initialHealthState(policy, 0);
      let state: EngineState = initialEngineState(policy, 0);
      for (let interval = 1; interval <= 20; interval++) health = evaluateHealth(policy, health, aCycle(policy, interval * INTERVAL_MS).build());
      const outageCycles: string[] = [];
      for (let evaluation = 1; evaluation <= unhealthyAfter; evaluation++) {
        const now = (20 + evaluation) * INTERVAL_MS;
        health = evaluateHealth(policy, health, aCycle(policy, now).down('westeurope').build());
        const decision = decide({ policy, health, readiness: allReady(policy, now), state, now });
        state = decision.next;
        outageCycles.push(`${health.regions.westeurope?.status ?? '?'}/${state.kind}`);
      }
      const expected = [...Array.from({ length: unhealthyAfter - 1 }, () => 'Suspect/Steady'), 'Unhealthy/FailingOver'];
      expect(outageCycles).toEqual(expected);
    }
  });
});
