// Who decides (`trafficManager.decider`): when Traffic Manager's monitor leaves the active endpoint
// out of its answers, aksdr prepares the region now taking the traffic before any weight changes;
// with `trafficManager` it then follows (and moves no weights itself); with `aksdr` nothing of this.
import { describe, expect, it } from 'vitest';
import { decide, steadyEndpoints, type EngineState } from '../../../src/core/index.js';
import type { RoutingView } from '../../../src/core/routing/routing.js';
import type { FailoverPolicy } from '../../../src/policy/schema.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aHealth, anInput, MINUTE, T0 } from '../builders/world.js';

function policyWith(decider: 'aksdr' | 'trafficManager' | 'both', order: 'shiftFirst' | 'restoreFirst' = 'shiftFirst'): FailoverPolicy {
  const policy = aPolicy().withMode('automatic').withCapacity(3).withRecovery().build();
  return { ...policy, spec: { ...policy.spec, trafficManager: { ...policy.spec.trafficManager, decider }, failover: { ...policy.spec.failover, order } } };
}

function view(policy: FailoverPolicy, monitor: Record<string, string>, at = T0): RoutingView {
  return { at, endpoints: steadyEndpoints(policy), missing: [], monitor: Object.fromEntries(Object.entries(monitor).map(([r, m]) => [r, { monitorStatus: m, alwaysServe: false }])) };
}

const degradedPrimary = { westeurope: 'Degraded', northeurope: 'Online' };

describe('decider', () => {
  it('trafficManager: a Degraded active endpoint starts a preparation of the region taking the traffic — no weight step, no failover counted', () => {
    const policy = policyWith('trafficManager', 'restoreFirst');
    const decision = decide(anInput(policy, { routing: view(policy, degradedPrimary) }));
    expect(decision.next.kind).toBe('FailingOver');
    expect(decision.plan).toMatchObject({ kind: 'prepare', from: 'westeurope', to: 'northeurope' });
    expect(decision.plan?.steps.map((s) => s.kind)).toEqual(['scaleUp', 'checkReadiness', 'restore', 'scaleWorkloads', 'verifyWorkloads', 'done']);
    expect(decision.next.failoverHistory).toEqual([]);
    expect(decision.alerts[0]).toMatchObject({ severity: 'critical', region: 'northeurope' });
  });

  it('trafficManager: after the preparation aksdr follows the traffic, moves no weights itself, and follows it home', () => {
    const policy = policyWith('trafficManager');
    const started = decide(anInput(policy, { routing: view(policy, degradedPrimary) })).next;
    if (started.kind !== 'FailingOver') throw new Error('expected a preparation');
    const done = decide(anInput(policy, { state: started, now: T0 + MINUTE, outcome: { operationId: started.operationId, result: 'succeeded', reason: 'ok' } })).next;
    expect(done).toMatchObject({ kind: 'FailedOver', active: 'northeurope', prepared: { region: 'northeurope', ok: true }, endpoints: steadyEndpoints(policy) });
    // The primary dies for aksdr's probes too: still no weight change — Traffic Manager decides.
    const down = decide(anInput(policy, { state: done, health: aHealth(policy).unhealthy('westeurope').build(), routing: view(policy, degradedPrimary, T0 + 2 * MINUTE), now: T0 + 2 * MINUTE }));
    expect(down.next.kind).toBe('FailedOver');
    expect(down.plan).toBeUndefined();
    // The monitor serves the primary again: aksdr follows it home, without an operation.
    const home = decide(anInput(policy, { state: done, routing: view(policy, { westeurope: 'Online', northeurope: 'Online' }, T0 + 3 * MINUTE), now: T0 + 3 * MINUTE }));
    expect(home.next).toMatchObject({ kind: 'Steady', active: 'westeurope' });
    expect(home.reasons.map((r) => r.code)).toContain('traffic-manager-moved');
  });

  it('both: prepares at once, keeps the weights to its own rule, and does not delay its own failover', () => {
    const policy = policyWith('both');
    const started = decide(anInput(policy, { routing: view(policy, degradedPrimary) })).next;
    if (started.kind !== 'FailingOver') throw new Error('expected a preparation');
    const prepared = decide(anInput(policy, { state: started, now: T0 + MINUTE, outcome: { operationId: started.operationId, result: 'failed', reason: 'QuotaExceeded' } }));
    expect(prepared.next).toMatchObject({ kind: 'Steady', active: 'westeurope', prepared: { region: 'northeurope', ok: false } });
    expect(prepared.alerts[0]).toMatchObject({ severity: 'critical', event: 'failover.failed' });
    const again = decide(anInput(policy, { state: prepared.next, routing: view(policy, degradedPrimary, T0 + 2 * MINUTE), now: T0 + 2 * MINUTE }));
    expect(again.plan).toBeUndefined();
    const failover = decide(anInput(policy, { state: prepared.next, health: aHealth(policy).unhealthy('westeurope').build(), routing: view(policy, degradedPrimary, T0 + 3 * MINUTE), now: T0 + 3 * MINUTE }));
    expect(failover.plan).toMatchObject({ kind: 'failover', to: 'northeurope' });
  });

  it('aksdr: Traffic Manager’s monitor is not followed', () => {
    const policy = policyWith('aksdr');
    const state: EngineState = decide(anInput(policy, { routing: view(policy, degradedPrimary) })).next;
    expect(state.kind).toBe('Steady');
  });
});
