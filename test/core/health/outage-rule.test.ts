// The outage rule is the policy's choice (`health.outage`). With an app that answers 5xx while the
// cluster looks fine (a regional dependency down), the default `regional` rule never fails over and
// says why in one line; `application` fails over after unhealthyAfter evaluations; `{quorum: k}`
// counts any k signals. And the noise figures `policy explain` prints match a simulation of the rule.
import { describe, expect, it } from 'vitest';
import { decide, describeRegionHealth, evaluateHealth, initialEngineState, initialHealthState, noiseFigures, type EngineState, type HealthState, type SignalName } from '../../../src/core/index.js';
import { seededRandom } from '../../../src/lab/clock.js';
import { stringify } from 'yaml';
import { parsePolicyText, type PolicyDiagnostic } from '../../../src/policy/index.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aCycle } from '../builders/observations.js';
import { allReady, T0 } from '../builders/world.js';

function appDown(outage: Parameters<ReturnType<typeof aPolicy>['withOutage']>[0] | undefined, cycles: number): { states: EngineState[]; health: HealthState } {
  const builder = aPolicy().withMode('automatic');
  const policy = (outage === undefined ? builder : builder.withOutage(outage)).build();
  let health = initialHealthState(policy, T0);
  let state: EngineState = initialEngineState(policy, T0);
  const states: EngineState[] = [];
  for (let i = 1; i <= cycles; i++) {
    const now = T0 + i * policy.spec.health.intervalSeconds * 1000;
    health = evaluateHealth(policy, health, aCycle(policy, now).failing('westeurope', 'app').build());
    state = decide({ policy, health, readiness: allReady(policy, now), state, now }).next;
    states.push(state);
  }
  return { states, health };
}

const validatePolicyInput = (input: unknown): PolicyDiagnostic[] => parsePolicyText(stringify(input), 'policy.yaml').diagnostics;

describe('health.outage', () => {
  it('regional (the default): an app failing alone is never an outage, and the region says why', () => {
    const { states, health } = appDown(undefined, 20);
    expect(states.every((s) => s.kind === 'Steady')).toBe(true);
    const policy = aPolicy().build();
    expect(describeRegionHealth(policy.spec.health, health.regions.westeurope)).toBe('Healthy — app failing, but apiServer, nodes, workloads pass, so the region is not counted as failing');
  });

  it('application: the app failing is enough — failover after unhealthyAfter evaluations', () => {
    const { states } = appDown('application', 5);
    const unhealthyAfter = aPolicy().build().spec.health.unhealthyAfter;
    expect(states.findIndex((s) => s.kind === 'FailingOver')).toBe(unhealthyAfter - 1);
  });

  it('quorum k: k failing signals of any kind together', () => {
    expect(appDown({ quorum: 1 }, 3).states.at(-1)?.kind).toBe('FailingOver');
    expect(appDown({ quorum: 2 }, 10).states.every((s) => s.kind === 'Steady')).toBe(true);
  });

  it('is validated: application needs the app signal, a quorum at most the counted signals', () => {
    const noApp = validatePolicyInput(aPolicy().withSignals('apiServer', 'nodes').withOutage('application').input());
    expect(noApp.map((d) => d.rule)).toContain('semantic.outage-app-signal');
    const tooMany = validatePolicyInput(aPolicy().withSignals('apiServer', 'nodes', 'trafficManager').withOutage({ quorum: 3 }).input());
    expect(tooMany.map((d) => d.rule)).toContain('semantic.outage-quorum-range');
    expect(validatePolicyInput(aPolicy().withOutage({ quorum: 2 }).input()).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('noise figures (what `policy explain` prints)', () => {
  // 432 s intervals make a day 200 evaluations: small enough to simulate many days.
  const quorum = aPolicy().withInterval(432, 10).withOutage({ quorum: 3 }).build();

  it('match a seeded simulation of the same rule and hysteresis', () => {
    const [, thirty] = noiseFigures(quorum.spec.health, [0.1, 0.3]);
    const perDay = thirty?.perDay ?? Number.NaN;
    expect(perDay).toBeGreaterThan(0.05);
    expect(perDay).toBeLessThan(0.95);
    const random = seededRandom(2026);
    const days = 600;
    const signals = quorum.spec.health.signals.filter((s) => s !== 'trafficManager');
    let falseDays = 0;
    for (let day = 0; day < days; day++) {
      let health = initialHealthState(quorum, T0);
      for (let i = 1; i <= 200; i++) {
        const failing: SignalName[] = signals.filter(() => random() < 0.3);
        health = evaluateHealth(quorum, health, aCycle(quorum, T0 + i * 432_000).failing('westeurope', ...failing).build());
        if (health.regions.westeurope?.status === 'Unhealthy') {
          falseDays++;
          break;
        }
      }
    }
    const observed = falseDays / days;
    const sigma = Math.sqrt((perDay * (1 - perDay)) / days);
    expect(Math.abs(observed - perDay)).toBeLessThan(4 * sigma);
  });

  it('the default rule is orders of magnitude quieter than the application rule', () => {
    const regional = noiseFigures(aPolicy().build().spec.health, [0.1])[0]?.perDay ?? 1;
    const application = noiseFigures(aPolicy().withOutage('application').build().spec.health, [0.1])[0]?.perDay ?? 0;
    expect(regional).toBeLessThan(1e-6);
    expect(application).toBeGreaterThan(0.99);
  });
});
