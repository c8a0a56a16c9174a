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
    expect(decisions[0]?.hold?.violations).toMatchObject([{ rule: 'mode-manual', evidence: { command: 'aksdr failover --to northeurope' } }]);
    expect(decisions.flatMap((decision) => decision.alerts)).toHaveLength(1);
  });
});

describe('flap guards', () => {
  const policy = aPolicy().withRegions('westeurope', 'northeurope', 'eastus').withMode('automatic').withDwell(30).withMaxFailovers(2, 24).build();

  /** Fails over from whatever is active to the next healthy region at `now`, and completes it. */
  function failoverAt(state: EngineState, now: number): { decision: Decision; state: EngineState } {
    const health = aHealth(policy, now).unhealthy(state.active).build();
    const decision = decide({ policy, health, readiness: allReady(policy, now), state, now });
    if (decision.next.kind !== 'FailingOver') return { decision, state: decision.next };
    const done = decide({ policy, health, readiness: allReady(policy, now), state: decision.next, now, outcome: { operationId: decision.next.operationId, result: 'succeeded', reason: 'ok' } });
    return { decision, state: done.next };
  }

  it('min-dwell: a second failover 10 minutes after the first waits for the dwell to pass', () => {
    const first = failoverAt(anInput(policy).state, T0);
    const tooSoon = failoverAt(first.state, T0 + 10 * MINUTE);
    expect(tooSoon.decision.hold?.rules).toEqual(['min-dwell']);
    const later = failoverAt(tooSoon.state, T0 + 30 * MINUTE);
    expect(later.decision.next.kind).toBe('FailingOver');
  });

  it('at most K failovers per window: the third within 24 h is held until the first ages out', () => {
    let state = failoverAt(anInput(policy).state, T0).state;
    state = failoverAt(state, T0 + 1 * HOUR).state;
    const third = failoverAt(state, T0 + 2 * HOUR);
    expect(third.decision.hold?.rules).toEqual(['max-failovers-per-window']);
    expect(third.decision.hold?.violations[0]?.evidence).toMatchObject({ failovers: [T0, T0 + HOUR] });
    const nextDay = failoverAt(third.state, T0 + 24 * HOUR + MINUTE);
    expect(nextDay.decision.next.kind).toBe('FailingOver');
  });
});
