// Every row of the transition table in src/core/decide/decide.ts.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide/decide.js';
import type { DecideInput } from '../../../src/core/decide/decide-context.js';
import type { Decision } from '../../../src/core/decide/decision.js';
import type { EngineState, FailoverPendingState, FailingOverState, HeldState } from '../../../src/core/decide/engine-state.js';
import type { FailoverPolicy } from '../../../src/policy/schema.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aHealth, aReadiness, anInput, failedOverState, HOUR, MINUTE, steadyState, T0 } from '../builders/world.js';

const automatic = aPolicy().withMode('automatic').build();
const primaryDown = (policy: FailoverPolicy) => aHealth(policy).unhealthy('westeurope').build();
const after = (input: DecideInput, decision: Decision, parts: Partial<DecideInput>): DecideInput => ({ ...input, state: decision.next, ...parts });

function failingOver(policy: FailoverPolicy): FailingOverState {
  const next = decide(anInput(policy, { health: primaryDown(policy) })).next;
  if (next.kind !== 'FailingOver') throw new Error(`expected FailingOver, got ${next.kind}`);
  return next;
}

describe('Steady', () => {
  it('stays Steady while the primary is Healthy or merely Suspect', () => {
    expect(decide(anInput(automatic)).next.kind).toBe('Steady');
    expect(decide(anInput(automatic, { health: aHealth(automatic).suspect('westeurope').build() })).next.kind).toBe('Steady');
  });

  it('fails over automatically when the primary is Unhealthy and the target Healthy and ready', () => {
    const decision = decide(anInput(automatic, { health: primaryDown(automatic) }));
    expect(decision.next).toMatchObject({ kind: 'FailingOver', operationId: 'shop-failover-northeurope-20261123T140000Z', failoverHistory: [T0], lastFailoverAt: T0, active: 'westeurope' });
    expect(decision.plan?.to).toBe('northeurope');
    expect(decision.alerts).toMatchObject([{ event: 'failover.started' }]);
    expect(decision.reasons[0]?.code).toBe('active-unhealthy');
  });

  it('becomes Degraded, with every violation, when the rules refuse', () => {
    const readiness = { northeurope: aReadiness('northeurope').acrReplicaDegraded().build() };
    const decision = decide(anInput(automatic, { health: primaryDown(automatic), readiness }));
    expect(decision.next.kind).toBe('Degraded');
    expect(decision.hold?.rules).toEqual(['target-ready']);
    expect(decision.plan).toBeUndefined();
    expect(decision.alerts).toMatchObject([{ severity: 'critical', event: 'failover.held' }]);
  });

  it('goes Held when every region looks down', () => {
    const health = aHealth(automatic).unhealthy('westeurope').unhealthy('northeurope').build();
    expect(decide(anInput(automatic, { health })).next).toMatchObject({ kind: 'Held', reason: 'all-regions-down' });
  });

  it('goes Held under a Traffic Manager veto, FailoverPending under caution', () => {
    const health = aHealth(automatic).unhealthy('westeurope').trafficManagerSees('westeurope', true).build();
    expect(decide(anInput(aPolicy().withMode('automatic').withVantage('veto').build(), { health })).next).toMatchObject({ kind: 'Held', reason: 'vantage-disagrees' });
    expect(decide(anInput(aPolicy().withMode('automatic').withVantage('caution').build(), { health })).next.kind).toBe('FailoverPending');
  });
});

describe('Degraded', () => {
  const readiness = { northeurope: aReadiness('northeurope').backupOlderThan(300).build() };
  const degraded = decide(anInput(automatic, { health: primaryDown(automatic), readiness }));

  it('stays Degraded, alerting only once, while nothing changes', () => {
    const again = decide(anInput(automatic, { health: primaryDown(automatic), readiness, state: degraded.next, now: T0 + MINUTE }));
    expect(again.next).toMatchObject({ kind: 'Degraded', since: T0 });
    expect(again.alerts).toEqual([]);
  });

  it('fails over as soon as the target becomes ready', () => {
    expect(decide(anInput(automatic, { health: primaryDown(automatic), state: degraded.next, now: T0 + MINUTE })).next.kind).toBe('FailingOver');
  });

  it('returns to Steady when the primary recovers', () => {
    const recovered = decide(anInput(automatic, { state: degraded.next, now: T0 + MINUTE }));
    expect(recovered.next.kind).toBe('Steady');
    expect(recovered.reasons[0]?.code).toBe('recovered');
  });
});

describe('FailoverPending', () => {
  const policy = aPolicy().withMode('approval').build();
  const pending = decide(anInput(policy, { health: primaryDown(policy) }));
  const state = pending.next as FailoverPendingState;

  it('keeps the same plan and operation id while it waits', () => {
    const later = decide(anInput(policy, { health: primaryDown(policy), state, now: T0 + 5 * MINUTE }));
    expect(later.next).toBe(state);
    expect(later.plan?.operationId).toBe(state.operationId);
  });

  it('approve starts the awaited plan', () => {
    const approved = decide(anInput(policy, { health: primaryDown(policy), state, now: T0 + 5 * MINUTE, command: { kind: 'approve', operationId: state.operationId, by: 'alice' } }));
    expect(approved.next).toMatchObject({ kind: 'FailingOver', operationId: state.operationId, failoverHistory: [T0 + 5 * MINUTE] });
    expect(approved.reasons[0]).toMatchObject({ code: 'approved', message: `${state.operationId} approved by alice` });
  });

  it('refuses an approval for another operation, or when the rules no longer hold', () => {
    expect(decide(anInput(policy, { health: primaryDown(policy), state, command: { kind: 'approve', operationId: 'other', by: 'alice' } })).reasons[0]?.code).toBe('unknown-operation');
    const notReady = { northeurope: aReadiness('northeurope').acrReplicaDegraded().build() };
    const refused = decide(anInput(policy, { health: primaryDown(policy), readiness: notReady, state, command: { kind: 'approve', operationId: state.operationId, by: 'alice' } }));
    expect(refused.next).toBe(state);
    expect(refused.hold?.rules).toEqual(['target-ready']);
  });

  it('is withdrawn when the primary recovers', () => {
    const withdrawn = decide(anInput(policy, { state, now: T0 + MINUTE }));
    expect(withdrawn.next.kind).toBe('Steady');
    expect(withdrawn.reasons[0]?.code).toBe('approval-withdrawn');
  });

  it('gives way to a Hold when every region looks down', () => {
    const health = aHealth(policy).unhealthy('westeurope').unhealthy('northeurope').build();
    expect(decide(anInput(policy, { health, state })).next).toMatchObject({ kind: 'Held', reason: 'all-regions-down' });
  });
});

describe('FailingOver and FailingBack', () => {
  const state = failingOver(automatic);

  it('wait for the executor, refusing new moves', () => {
    expect(decide(anInput(automatic, { health: primaryDown(automatic), state })).next).toBe(state);
    const command = decide(anInput(automatic, { state, command: { kind: 'failback', by: 'alice' } }));
    expect(command.reasons[0]?.code).toBe('operation-in-progress');
  });

  it('a completed failover leaves the target active: FailedOver', () => {
    const done = decide(anInput(automatic, { health: primaryDown(automatic), state, now: T0 + 5 * MINUTE, outcome: { operationId: state.operationId, result: 'succeeded', reason: 'all steps done' } }));
    expect(done.next).toMatchObject({ kind: 'FailedOver', active: 'northeurope', activeSince: T0 + 5 * MINUTE, endpoints: state.plan.finalEndpoints, lastFailoverAt: T0 });
    expect(done.alerts).toMatchObject([{ event: 'failover.completed' }]);
  });

  it('a failed operation holds the engine until a person resumes', () => {
    const failed = decide(anInput(automatic, { state, outcome: { operationId: state.operationId, result: 'failed', reason: 'restore PartiallyFailed' } }));
    expect(failed.next).toMatchObject({ kind: 'Held', reason: 'operation-failed', active: 'westeurope' });
    expect(failed.alerts).toMatchObject([{ severity: 'critical', event: 'failover.failed' }]);
    const still = decide(after(anInput(automatic), failed, { health: primaryDown(automatic) }));
    expect(still.next.kind).toBe('Held');
    const resumed = decide(after(anInput(automatic), failed, { command: { kind: 'resume', by: 'alice', reason: 'checked' } }));
    expect(resumed.next.kind).toBe('Steady');
  });

  it('ignore an outcome for another operation', () => {
    const stale = decide(anInput(automatic, { state, outcome: { operationId: 'old', result: 'succeeded', reason: '' } }));
    expect(stale.next).toBe(state);
    expect(stale.reasons[0]?.code).toBe('stale-outcome');
  });

  it('a completed failback returns to Steady', () => {
    const policy = aPolicy().withMode('automatic').withFailback('automatic', 60).withDwell(30).build();
    const failedOver = failedOverState(policy, 'northeurope', T0 - 6 * HOUR);
    const back = decide(anInput(policy, { state: failedOver }));
    expect(back.next.kind).toBe('FailingBack');
    const operationId = (back.next as { operationId: string }).operationId;
    const done = decide(after(anInput(policy), back, { outcome: { operationId, result: 'succeeded', reason: 'ok' } }));
    expect(done.next).toMatchObject({ kind: 'Steady', active: 'westeurope' });
    expect(done.alerts).toMatchObject([{ event: 'failback.completed' }]);
  });
});

describe('FailedOver', () => {
  const policy = aPolicy().withMode('automatic').withFailback('manual', 60).build();
  const state = failedOverState(policy, 'northeurope', T0 - 6 * HOUR);

  it('recommends a failback once the hold-down has passed, announcing it once', () => {
    const offered = decide(anInput(policy, { state }));
    expect(offered.next).toMatchObject({ kind: 'FailedOver', failbackOfferedAt: T0 });
    expect(offered.plan?.kind).toBe('failback');
    expect(offered.alerts).toHaveLength(1);
    expect(decide(after(anInput(policy), offered, { now: T0 + MINUTE })).alerts).toEqual([]);
  });

  it('holds the failback while the primary has not been Healthy long enough', () => {
    const health = aHealth(policy).healthy('westeurope', T0 - 10 * MINUTE).build();
    const decision = decide(anInput(policy, { state, health }));
    expect(decision.next.kind).toBe('FailedOver');
    expect(decision.hold?.rules).toEqual(['failback-hold-down']);
  });

  it('fails back on command, and fails over again when the active secondary goes down', () => {
    expect(decide(anInput(policy, { state, command: { kind: 'failback', by: 'alice' } })).next.kind).toBe('FailingBack');
    const secondaryDown = aHealth(policy).unhealthy('northeurope').build();
    const decision = decide(anInput(policy, { state, health: secondaryDown }));
    // Escaping a dead secondary to the primary is a failback plan (steady weights, no restore into the primary), not held by the hold-down.
    expect(decision.next.kind).toBe('FailingBack');
    expect(decision.plan).toMatchObject({ kind: 'failback', from: 'northeurope', to: 'westeurope' });
    expect(decision.plan?.steps.map((step) => step.kind)).not.toContain('restore');
  });
});

describe('Held', () => {
  it('for doubt: clears by itself once a region is Healthy again', () => {
    const down = aHealth(automatic).unhealthy('westeurope').unhealthy('northeurope').build();
    const held = decide(anInput(automatic, { health: down }));
    const stillHeld = decide(after(anInput(automatic), held, { health: down, now: T0 + MINUTE }));
    expect(stillHeld.next).toMatchObject({ kind: 'Held', since: T0 });
    expect(stillHeld.alerts).toEqual([]);
    const cleared = decide(after(anInput(automatic), held, { health: aHealth(automatic).unhealthy('westeurope').build(), now: T0 + 2 * MINUTE }));
    expect(cleared.next.kind).toBe('FailingOver');
  });

  it('resume is refused when nothing is held', () => {
    expect(decide(anInput(automatic, { command: { kind: 'resume', by: 'alice', reason: 'x' } })).reasons[0]?.code).toBe('not-held');
  });
});

describe('commands anywhere', () => {
  it('refuse unknown regions, the active region, and failback when already home', () => {
    const codes = (command: DecideInput['command']) => decide(anInput(automatic, { command })).reasons[0]?.code;
    expect(codes({ kind: 'failover', to: 'eastus', by: 'a' })).toBe('unknown-region');
    // A move to the primary is a failback, whatever it is called.
    expect(codes({ kind: 'failover', to: 'westeurope', by: 'a' })).toBe('already-home');
    expect(codes({ kind: 'failback', by: 'a' })).toBe('already-home');
    expect(codes({ kind: 'approve', operationId: 'x', by: 'a' })).toBe('nothing-to-approve');
  });

  it('a dry run returns the plan and changes nothing', () => {
    const state: EngineState = steadyState(automatic);
    const dry = decide(anInput(automatic, { state, command: { kind: 'failover', to: 'northeurope', by: 'alice', dryRun: true } }));
    expect(dry.next).toBe(state);
    expect(dry.plan?.kind).toBe('failover');
    expect(dry.overrides).toEqual([]);
    expect(dry.reasons.at(-1)).toMatchObject({ code: 'dry-run', evidence: { wouldStart: true } });
  });

  it('a person\'s failover in manual mode runs (the mode only limits what aksdr does on its own)', () => {
    const manual = aPolicy().withMode('manual').build();
    expect(decide(anInput(manual, { command: { kind: 'failover', to: 'northeurope', by: 'alice' } })).next.kind).toBe('FailingOver');
  });

  it('a failover command replaces a pending plan', () => {
    const policy = aPolicy().withMode('approval').build();
    const pending = decide(anInput(policy, { health: primaryDown(policy) })).next as HeldState | FailoverPendingState;
    const commanded = decide(anInput(policy, { health: primaryDown(policy), state: pending, now: T0 + MINUTE, command: { kind: 'failover', to: 'northeurope', by: 'alice' } }));
    expect(commanded.next.kind).toBe('FailingOver');
    expect(commanded.reasons.map((reason) => reason.code)).toContain('pending-replaced');
  });
});
