// The safety stories of DESIGN.md §3, end to end through decide().
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide/decide.js';
import type { Decision } from '../../../src/core/decide/decision.js';
import type { EngineState } from '../../../src/core/decide/engine-state.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aHealth, aReadiness, allReady, anInput, HOUR, MINUTE, T0 } from '../builders/world.js';

describe('both regions down', () => {
  const policy = aPolicy().withMode('automatic').build();
  const bothDown = aHealth(policy).unhealthy('westeurope').unhealthy('northeurope').build();

  it('holds, alerts loudly and plans nothing', () => {
    const decision = decide(anInput(policy, { health: bothDown }));
    expect(decision.next).toMatchObject({ kind: 'Held', reason: 'all-regions-down' });
    expect(decision.plan).toBeUndefined();
    expect(decision.hold?.rules).toEqual(['all-regions-down']);
    expect(decision.alerts).toMatchObject([{ severity: 'critical', event: 'failover.held' }]);
  });

  it('refuses an unforced failover command', () => {
    const held = decide(anInput(policy, { health: bothDown })).next;
    const refused = decide(anInput(policy, { health: bothDown, state: held, command: { kind: 'failover', to: 'northeurope', by: 'alice' } }));
    expect(refused.next).toBe(held);
    expect(refused.hold?.rules).toEqual(['all-regions-down', 'target-healthy']);
  });

  it('a forced failover overrides all-regions-down (and target-healthy) and records the overrides', () => {
    const held = decide(anInput(policy, { health: bothDown })).next;
    const force = { rules: ['all-regions-down' as const, 'target-healthy' as const], by: 'alice', reason: 'westeurope is dark, our probes to northeurope are the broken part' };
    const forced = decide(anInput(policy, { health: bothDown, state: held, now: T0 + MINUTE, command: { kind: 'failover', to: 'northeurope', by: 'alice', force } }));
    expect(forced.next.kind).toBe('FailingOver');
    expect(forced.overrides).toEqual([
      { rule: 'all-regions-down', by: 'alice', reason: force.reason, at: T0 + MINUTE },
      { rule: 'target-healthy', by: 'alice', reason: force.reason, at: T0 + MINUTE },
    ]);
  });
});

describe('a target that is not ready', () => {
  const policy = aPolicy().withMode('automatic').build();
  const health = aHealth(policy).unhealthy('westeurope').build();

  it.each([
    ['ACR replica degraded', aReadiness('northeurope').acrReplicaDegraded().build(), 'acrReplication'],
    ['backup older than the RPO', aReadiness('northeurope').backupOlderThan(180).build(), 'backupFreshness'],
  ])('%s: refused with target-ready and the failing check as evidence', (_, report, check) => {
    const decision = decide(anInput(policy, { health, readiness: { northeurope: report } }));
    expect(decision.next.kind).toBe('Degraded');
    const [violation] = decision.hold?.violations ?? [];
    expect(violation?.rule).toBe('target-ready');
    expect(violation?.evidence.blocking).toMatchObject([{ check, status: 'fail' }]);
  });

  it('a forced command overrides target-ready and records it', () => {
    const readiness = { northeurope: aReadiness('northeurope').acrReplicaDegraded().backupOlderThan(180).build() };
    const unforced = decide(anInput(policy, { health, readiness, command: { kind: 'failover', to: 'northeurope', by: 'bob' } }));
    expect(unforced.next.kind).toBe('Steady');
    expect(unforced.hold?.rules).toEqual(['target-ready']);
    const forced = decide(anInput(policy, { health, readiness, command: { kind: 'failover', to: 'northeurope', by: 'bob', force: { rules: ['target-ready'], by: 'bob', reason: 'stale backup accepted' } } }));
    expect(forced.next.kind).toBe('FailingOver');
    expect(forced.overrides).toEqual([{ rule: 'target-ready', by: 'bob', reason: 'stale backup accepted', at: T0 }]);
  });
});

describe('modes', () => {
  it('approval: plans, waits in FailoverPending, and approve starts it', () => {
    const policy = aPolicy().withMode('approval').build();
    const health = aHealth(policy).unhealthy('westeurope').build();
    const planned = decide(anInput(policy, { health }));
    expect(planned.next.kind).toBe('FailoverPending');
    expect(planned.plan?.operationId).toBe('shop-failover-northeurope-20261123T140000Z');
    expect(planned.alerts).toMatchObject([{ event: 'failover.awaiting-approval' }]);
    const approved = decide(anInput(policy, { health, state: planned.next, now: T0 + 2 * MINUTE, command: { kind: 'approve', operationId: 'shop-failover-northeurope-20261123T140000Z', by: 'alice' } }));
    expect(approved.next.kind).toBe('FailingOver');
    expect(approved.plan).toEqual(planned.plan);
  });

  it('manual: recommends a plan and never acts on its own', () => {
    const policy = aPolicy().withMode('manual').build();
    const health = aHealth(policy).unhealthy('westeurope').build();
    let state: EngineState = anInput(policy).state;
    const decisions: Decision[] = [];
    for (let minute = 0; minute < 10; minute++) {
      const decision = decide(anInput(policy, { health, state, now: T0 + minute * MINUTE }));
      decisions.push(decision);
      state = decision.next;
    }
    expect(decisions.every((decision) => decision.next.kind === 'Degraded' && decision.plan?.kind === 'failover')).toBe(true);
    expect(decisions[0]?.hold?.violations).toMatchObject([{ rule: 'mode-manual', evidence: { command: 'aksdr failover <policy file> --to northeurope' } }]);
    expect(decisions.flatMap((decision) => decision.alerts)).toHaveLength(1);
  });
});

describe('flap guards', () => {
  const policy = aPolicy().withRegions('westeurope', 'northeurope', 'eastus').withMode('automatic').withDwell(30).withMaxFailovers(2, 24).build();

  /** Fails over from whatever is active to the next healthy region at `now`, and completes it. */
  function failoverAt(state: EngineState, now: number): { decision: Decision; state: EngineState } {
    const health = aHealth(policy, now).unhealthy(state.active).build();
    const decision = decide({ policy, health, readiness: allReady(policy, now), state, now });
    if (decision.next.kind !== 'FailingOver' && decision.next.kind !== 'FailingBack') return { decision, state: decision.next };
    const done = decide({ policy, health, readiness: allReady(policy, now), state: decision.next, now, outcome: { operationId: decision.next.operationId, result: 'succeeded', reason: 'ok' } });
    return { decision, state: done.next };
  }

  it('an escape is never held: a dead active region fails over again 10 minutes later, and a third time, past dwell and cap', () => {
    const first = failoverAt(anInput(policy).state, T0);
    expect(first.state.active).toBe('northeurope');
    const second = failoverAt(first.state, T0 + 10 * MINUTE);
    expect(second.decision.hold).toBeUndefined();
    expect(second.state.active).toBe('westeurope');
    const third = failoverAt(second.state, T0 + 20 * MINUTE);
    expect(third.decision.next.kind).toBe('FailingOver');
    expect(third.state.active).toBe('northeurope');
  });

  it('min-dwell: a commanded move away from a live region 10 minutes after a failover waits for the dwell', () => {
    const first = failoverAt(anInput(policy).state, T0);
    const health = aHealth(policy, T0 + 10 * MINUTE).build();
    const command = { kind: 'failover' as const, to: 'eastus', by: 'alice' };
    const tooSoon = decide({ policy, health, readiness: allReady(policy, T0 + 10 * MINUTE), state: first.state, now: T0 + 10 * MINUTE, command });
    expect(tooSoon.hold?.rules).toEqual(['min-dwell']);
    const later = decide({ policy, health, readiness: allReady(policy, T0 + 30 * MINUTE), state: first.state, now: T0 + 30 * MINUTE, command });
    expect(later.next.kind).toBe('FailingOver');
  });

  it('at most K failovers per window: a third commanded move within 24 h is held until the first ages out', () => {
    const state: EngineState = { ...anInput(policy).state, failoverHistory: [T0, T0 + HOUR], lastFailoverAt: T0 + HOUR };
    const at = (now: number) => decide({ policy, health: aHealth(policy, now).build(), readiness: allReady(policy, now), state, now, command: { kind: 'failover', to: 'eastus', by: 'alice' } });
    const third = at(T0 + 2 * HOUR);
    expect(third.hold?.rules).toEqual(['max-failovers-per-window']);
    expect(third.hold?.violations[0]?.evidence).toMatchObject({ failovers: [T0, T0 + HOUR] });
    expect(at(T0 + 24 * HOUR + MINUTE).next.kind).toBe('FailingOver');
  });

  it("a drill's failover counts for neither dwell nor the cap", () => {
    const health = aHealth(policy, T0).build();
    const drill = decide({ policy, health, readiness: allReady(policy, T0), state: anInput(policy).state, now: T0, command: { kind: 'failover', to: 'northeurope', by: 'drill', drill: 'drill-1' } });
    expect(drill.next).toMatchObject({ kind: 'FailingOver', failoverHistory: [], plan: { drill: 'drill-1' } });
    expect(drill.next.lastFailoverAt).toBeUndefined();
  });
});
