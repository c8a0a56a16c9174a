// The world is the truth: the profile as read corrects the engine's belief before any rule runs.
// Reproduces the field-trial case (a failed failover left the traffic on the secondary while the
// engine believed the primary) and the "someone edited the profile" case.
import { describe, expect, it } from 'vitest';
import { decide, failedOverEndpoints, steadyEndpoints, type EngineState } from '../../../src/core/index.js';
import { activeRegionOf, routingDrift, type RoutingView } from '../../../src/core/routing/routing.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aHealth, anInput, allReady, MINUTE, steadyState, T0 } from '../builders/world.js';

const policy = aPolicy().withMode('automatic').withRecovery().build();
const view = (endpoints: RoutingView['endpoints'], at = T0): RoutingView => ({ at, endpoints, missing: [] });
const onSecondary = failedOverEndpoints(policy, steadyEndpoints(policy), 'westeurope', 'northeurope');

describe('routing drift', () => {
  it('names the active region of a profile: largest enabled weight, ties to the primary', () => {
    expect(activeRegionOf(policy, steadyEndpoints(policy))).toBe('westeurope');
    expect(activeRegionOf(policy, onSecondary)).toBe('northeurope');
    expect(activeRegionOf(policy, { westeurope: { endpoint: 'w', status: 'Disabled' }, northeurope: { endpoint: 'n', status: 'Disabled' } })).toBeUndefined();
    expect(routingDrift(policy, steadyEndpoints(policy), view(steadyEndpoints(policy)))).toBeUndefined();
  });

  it('adopts a profile that has the traffic on the secondary: FailedOver, with a critical routing.drift alert', () => {
    const decision = decide(anInput(policy, { routing: view(onSecondary), now: T0 + MINUTE }));
    expect(decision.next).toMatchObject({ kind: 'FailedOver', active: 'northeurope', endpoints: onSecondary, routingDrift: { believedActive: 'westeurope', observedActive: 'northeurope' } });
    expect(decision.reasons[0]).toMatchObject({ code: 'routing-drift', region: 'northeurope' });
    expect(decision.alerts[0]).toMatchObject({ event: 'routing.drift', severity: 'critical' });
  });

  it('after adopting, a failback is a failback and an outage of the real active region fails over from it', () => {
    const adopted = decide(anInput(policy, { routing: view(onSecondary), now: T0 + MINUTE })).next;
    expect(decide(anInput(policy, { state: adopted, command: { kind: 'failback', by: 'a', dryRun: true } })).reasons[0]?.code).not.toBe('already-home');
    const secondaryDown = aHealth(policy).unhealthy('northeurope').build();
    const escape = decide(anInput(policy, { state: adopted, health: secondaryDown, routing: view(onSecondary, T0 + 2 * MINUTE), now: T0 + 2 * MINUTE }));
    expect(escape.next.kind).toBe('FailingBack');
    expect(escape.plan).toMatchObject({ from: 'northeurope', to: 'westeurope' });
  });

  it('a weight edited without moving the traffic is adopted with a warning', () => {
    const edited = { ...steadyEndpoints(policy), northeurope: { endpoint: 'neu', status: 'Enabled' as const, weight: 7 } };
    const decision = decide(anInput(policy, { routing: view(edited) }));
    expect(decision.next).toMatchObject({ kind: 'Steady', active: 'westeurope' });
    expect(decision.next.endpoints.northeurope?.weight).toBe(7);
    expect(decision.alerts[0]).toMatchObject({ event: 'routing.drift', severity: 'warning' });
  });

  it('ignores a read older than its own last change, and anything while an operation is in flight', () => {
    const state: EngineState = { ...steadyState(policy), endpointsSetAt: T0 };
    expect(decide(anInput(policy, { state, routing: view(onSecondary, T0 - 1) })).reasons.map((r) => r.code)).not.toContain('routing-drift');
    const started = decide(anInput(policy, { command: { kind: 'failover', to: 'northeurope', by: 'a' } })).next;
    expect(started.kind).toBe('FailingOver');
    expect(decide(anInput(policy, { state: started, routing: view(onSecondary, T0 + MINUTE), now: T0 + MINUTE })).next).toBe(started);
  });

  it('a failed operation leaves the engine believing where the traffic really is', () => {
    const started = decide(anInput(policy, { command: { kind: 'failover', to: 'northeurope', by: 'a' } })).next;
    if (started.kind !== 'FailingOver') throw new Error('expected FailingOver');
    const failed = decide(anInput(policy, { state: started, now: T0 + MINUTE, outcome: { operationId: started.operationId, result: 'failed', reason: 'restore failed', endpoints: onSecondary } }));
    expect(failed.next).toMatchObject({ kind: 'Held', reason: 'operation-failed', active: 'northeurope', endpointsSetAt: T0 + MINUTE });
    const resumed = decide(anInput(policy, { state: failed.next, now: T0 + 2 * MINUTE, command: { kind: 'resume', by: 'a', reason: 'checked' } }));
    expect(resumed.next).toMatchObject({ kind: 'FailedOver', active: 'northeurope' });
    expect(decide(anInput(policy, { state: resumed.next, command: { kind: 'failback', by: 'a', dryRun: true } })).reasons[0]?.code).toBe('failback-requested');
  });

  it('no enabled endpoint at all keeps the active region and alerts critically', () => {
    const dark = { westeurope: { endpoint: 'weu', status: 'Disabled' as const }, northeurope: { endpoint: 'neu', status: 'Disabled' as const } };
    const decision = decide(anInput(policy, { routing: view(dark), readiness: allReady(policy) }));
    expect(decision.next.active).toBe('westeurope');
    expect(decision.alerts[0]).toMatchObject({ severity: 'critical' });
    expect(decision.alerts[0]?.message).toContain('no endpoint of this policy serves');
  });
});
