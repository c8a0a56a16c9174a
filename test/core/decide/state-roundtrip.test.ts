// Engine and health states are persisted as JSON with a schemaVersion: every variant must survive.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide/decide.js';
import { ENGINE_STATE_SCHEMA_VERSION, engineStateKinds, type EngineState, type EngineStateKind } from '../../../src/core/decide/engine-state.js';
import { evaluateHealth } from '../../../src/core/health/evaluate-health.js';
import { initialHealthState } from '../../../src/core/health/health-state.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aCycle } from '../builders/observations.js';
import { aHealth, aReadiness, anInput, failedOverState, MINUTE, T0 } from '../builders/world.js';

function oneOfEach(): Record<EngineStateKind, EngineState> {
  const automatic = aPolicy().withMode('automatic').withRecovery().withShift([50, 100]).build();
  const approval = aPolicy().withMode('approval').build();
  const down = aHealth(automatic).unhealthy('westeurope').build();
  const steady = anInput(automatic).state;
  const degraded = decide(anInput(automatic, { health: down, readiness: { northeurope: aReadiness('northeurope').acrReplicaDegraded().build() } })).next;
  const pending = decide(anInput(approval, { health: down })).next;
  const failingOver = decide(anInput(automatic, { health: down })).next;
  const failedOver = failedOverState(automatic, 'northeurope', T0 - MINUTE);
  const failingBack = decide(anInput(automatic, { state: failedOver, command: { kind: 'failback', by: 'alice', force: { rules: ['min-dwell', 'failback-hold-down'], by: 'alice', reason: 'drill' } } })).next;
  const held = decide(anInput(automatic, { health: aHealth(automatic).unhealthy('westeurope').suspect('northeurope').build() })).next;
  return { Steady: steady, Degraded: degraded, FailoverPending: pending, FailingOver: failingOver, FailedOver: failedOver, FailingBack: failingBack, Held: held };
}

describe('persisted state', () => {
  const states = oneOfEach();

  it.each(engineStateKinds)('%s round-trips through JSON with its schemaVersion', (kind) => {
    const state = states[kind];
    expect(state.kind).toBe(kind);
    expect(state.schemaVersion).toBe(ENGINE_STATE_SCHEMA_VERSION);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('health state round-trips through JSON, verdicts and Traffic Manager view included', () => {
    const policy = aPolicy().withWindow(5, 3).build();
    const health = evaluateHealth(policy, initialHealthState(policy, T0), aCycle(policy, T0 + MINUTE).down('westeurope').trafficManager('westeurope', true).build());
    expect(health.regions.westeurope?.trafficManager?.ok).toBe(true);
    expect(JSON.parse(JSON.stringify(health))).toEqual(health);
  });
});
