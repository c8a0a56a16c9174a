// The executor on the in-memory fakes and a fake clock: the journal brackets every step, transient
// failures are retried after the server's Retry-After, a step that hangs times out, a target that
// degrades between two shifts is reverted, and a restore that fails (or half-fails) fails the plan.
import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../src/core/ports/adapter-error.js';
import { buildPlan, steadyEndpoints, type Plan } from '../../src/core/index.js';
import { Executor } from '../../src/engine/executor/executor.js';
import { Journal, type JournalRecord, type StepRecord } from '../../src/engine/executor/journal.js';
import type { FailoverPolicy } from '../../src/policy/index.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { isJournalRecord } from './support/crashing-store.js';
import { PRIMARY, SECONDARY, T0, aFailoverPolicy, anEngineWorld, clusterOf, type EngineWorld } from './support/engine-world.js';

function failoverPlan(policy: FailoverPolicy): Plan {
  return buildPlan({ policy, kind: 'failover', from: PRIMARY, to: SECONDARY, current: steadyEndpoints(policy), now: T0, reasons: [] });
}

/** The error code of the step of `kind` that failed, from the journal. */
function failedCode(records: JournalRecord[], kind: string): string | undefined {
  const failed = records.find((r): r is StepRecord => r.kind === kind && r.phase === 'failed');
  return failed?.error?.code;
}

function executorOf(world: EngineWorld): { executor: Executor; journal: Journal } {
  const journal = new Journal(world.store, world.policy.metadata.name);
  return { journal, executor: new Executor({ ports: world.ports, journal, clock: world.clock, timings: { pollIntervalMs: 1_000 } }) };
}

describe('Executor', () => {
  it('journals each step as started before it acts and completed after, then the operation', async () => {
    const world = anEngineWorld();
    const events: string[] = [];
    world.store.onAppend = (log, record) => {
      if (isJournalRecord(log, record)) events.push(`${record.kind}#${record.stepIndex} ${record.phase}`);
    };
    const tm = world.ports.trafficManager;
    world.ports.trafficManager = { getProfile: (...a) => tm.getProfile(...a), setEndpoint: (...a) => (events.push('PATCH'), tm.setEndpoint(...a)) };
    const { executor, journal } = executorOf(world);
    const plan = failoverPlan(world.policy);
    const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, plan, { startedAt: T0 }));

    expect(outcome).toMatchObject({ result: 'succeeded', operationId: plan.operationId });
    expect(events.slice(0, 3)).toEqual(['operation#-1 started', 'scaleUp#0 started', 'scaleUp#0 completed']);
    // The 50 % shift: started, then the PATCHes, then completed.
    const shift = events.indexOf('shiftWeights#2 started');
    expect(events.slice(shift, shift + 4)).toEqual(['shiftWeights#2 started', 'PATCH', 'PATCH', 'shiftWeights#2 completed']);
    expect(events.at(-1)).toBe('operation#-1 completed');
    const records = await journal.records(plan.operationId);
    const restore = records.find((r): r is JournalRecord & { result: Record<string, unknown> } => r.kind === 'restore' && r.phase === 'completed');
    expect(restore?.result).toMatchObject({ created: true, phase: 'Completed' });
    expect(records.every((r) => r.at >= T0)).toBe(true);
  });

  it('retries a throttled PATCH after the Retry-After the server asked for', async () => {
    const world = anEngineWorld(aPolicy().withMode('automatic').build());
    const at: number[] = [];
    const tm = world.ports.trafficManager;
    world.ports.trafficManager = { getProfile: (...a) => tm.getProfile(...a), setEndpoint: (...a) => (at.push(world.clock.now()), tm.setEndpoint(...a)) };
    world.trafficManager.faults.failNext('setEndpoint', new AdapterError('Throttled', 'too many requests', { statusCode: 429, retryAfterMs: 7_000 }), 2);
    const { executor } = executorOf(world);
    const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, failoverPlan(world.policy), { startedAt: T0 }));

    expect(outcome.reason).toBe('failover completed');
    expect(at.slice(0, 3).map((t) => t - (at[0] ?? 0))).toEqual([0, 7_000, 14_000]);
    expect((await world.endpoints())[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
  });

  it('does not retry an error that will not go away (BadRequest) and fails the step with its code', async () => {
    const world = anEngineWorld(aPolicy().withMode('automatic').build());
    world.trafficManager.faults.failNext('setEndpoint', new AdapterError('BadRequest', 'weight out of range', { statusCode: 400 }), 1);
    const { executor, journal } = executorOf(world);
    const plan = failoverPlan(world.policy);
    const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, plan, { startedAt: T0 }));

    expect(outcome.result).toBe('failed');
    const failed = (await journal.records(plan.operationId)).find((r) => r.phase === 'failed' && r.kind !== 'operation');
    expect(failed).toMatchObject({ kind: 'shiftWeights', error: { code: 'BadRequest' } });
    expect(world.trafficManager.calls.filter((c) => c.startsWith('setEndpoint')).length).toBeLessThanOrEqual(2);
  });

  it('times a step out on the clock: nodes that never become Ready fail scaleUp after its timeout', async () => {
    const world = anEngineWorld(aPolicy().withMode('automatic').withCapacity(3).build());
    const secondary = world.kubernetes[clusterOf(world, SECONDARY)];
    if (secondary) secondary.nodesReady = false;
    const { executor, journal } = executorOf(world);
    const plan = failoverPlan(world.policy);
    const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, plan, { startedAt: T0 }));

    expect(outcome.result).toBe('failed');
    expect(failedCode(await journal.records(plan.operationId), 'scaleUp')).toBe('StepTimeout');
    // capacity.timeoutSeconds defaults to 900: the clock, not the wall, moved 15 minutes.
    expect(world.clock.now() - T0).toBeGreaterThanOrEqual(900_000);
    expect(world.clock.now() - T0).toBeLessThan(905_000);
    expect(world.trafficManager.calls.some((c) => c.startsWith('setEndpoint'))).toBe(false);
  });

  it('reverts the shift and stops when the target degrades between two shift steps', async () => {
    const world = anEngineWorld(aPolicy().withMode('automatic').withShift([50, 100], 30).build());
    const plan = failoverPlan(world.policy);
    world.store.onAppend = (log, record) => {
      if (isJournalRecord(log, record) && record.kind === 'shiftWeights' && record.phase === 'completed') world.observer.down.add(SECONDARY);
    };
    const { executor, journal } = executorOf(world);
    const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, plan, { startedAt: T0 }));

    expect(outcome).toMatchObject({ result: 'failed', endpoints: steadyEndpoints(world.policy) });
    expect(await world.endpoints()).toEqual({ [PRIMARY]: { status: 'Enabled', weight: 1000 }, [SECONDARY]: { status: 'Enabled', weight: 1 } });
    const records = await journal.records(plan.operationId);
    expect(failedCode(records, 'checkHealth')).toBe('TargetDegraded');
    expect(records.some((r) => r.kind === 'shiftWeights' && r.stepIndex > 4 && r.phase === 'started')).toBe(false);
  });

  it('reverts when the target stops carrying its load (its app keeps failing) though its cluster looks fine', async () => {
    const world = anEngineWorld(aPolicy().withMode('automatic').withShift([50, 100], 30).build());
    const plan = failoverPlan(world.policy);
    world.store.onAppend = (log, record) => {
      if (isJournalRecord(log, record) && record.kind === 'shiftWeights' && record.phase === 'completed') world.observer.failing.set(`${SECONDARY}/app`, Infinity);
    };
    const { executor, journal } = executorOf(world);
    const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, plan, { startedAt: T0 }));

    expect(outcome).toMatchObject({ result: 'failed', endpoints: steadyEndpoints(world.policy) });
    expect(outcome.reason).toContain('app: app failing');
    expect(failedCode(await journal.records(plan.operationId), 'checkHealth')).toBe('TargetDegraded');
  });

  it('goes on with the shift when the target app failed once and recovered an interval later', async () => {
    const world = anEngineWorld(aPolicy().withMode('automatic').withShift([50, 100], 30).build());
    const plan = failoverPlan(world.policy);
    let blipped = false;
    world.store.onAppend = (log, record) => {
      if (!blipped && isJournalRecord(log, record) && record.kind === 'shiftWeights' && record.phase === 'completed') {
        blipped = true;
        world.observer.failing.set(`${SECONDARY}/app`, 1);
      }
    };
    const { executor, journal } = executorOf(world);
    const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, plan, { startedAt: T0 }));

    expect(outcome.result).toBe('succeeded');
    const check = (await journal.records(plan.operationId)).find((r): r is StepRecord => r.kind === 'checkHealth' && r.phase === 'completed');
    expect(check?.result).toEqual({ healthy: true, recovered: ['app: app failing'] });
  });

  it('stops the plan when the target is not ready, unless target-ready was overridden', async () => {
    const world = anEngineWorld(aPolicy().withMode('automatic').build());
    world.readiness.fail(SECONDARY, 'acrReplication', 'replica Degraded');
    const { executor } = executorOf(world);
    const refused = await world.clock.runUntilSettled(executor.execute(world.policy, failoverPlan(world.policy), { startedAt: T0 }));
    expect(refused).toMatchObject({ result: 'failed' });
    expect(refused.reason).toContain('acrReplication');

    const forcedWorld = anEngineWorld(aPolicy().withMode('automatic').build());
    forcedWorld.readiness.fail(SECONDARY, 'acrReplication', 'replica Degraded');
    const forced = await forcedWorld.clock.runUntilSettled(executorOf(forcedWorld).executor.execute(forcedWorld.policy, failoverPlan(forcedWorld.policy), { startedAt: T0, overrides: ['target-ready'] }));
    expect(forced.result).toBe('succeeded');
  });

  it.each([
    { phase: 'Failed' as const, accept: false, result: 'failed' },
    { phase: 'PartiallyFailed' as const, accept: false, result: 'failed' },
  ])('a restore that ends $phase fails the operation', async ({ phase, result }) => {
    const world = anEngineWorld(aFailoverPolicy());
    const velero = world.velero[clusterOf(world, SECONDARY)];
    if (velero) velero.restoreOutcome = phase;
    const plan = failoverPlan(world.policy);
    const { executor, journal } = executorOf(world);
    const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, plan, { startedAt: T0 }));
    expect(outcome.result).toBe(result);
    expect(failedCode(await journal.records(plan.operationId), 'restore')).toBe('RestoreFailed');
  });

  it('accepts a PartiallyFailed restore when the policy says so', async () => {
    const base = aFailoverPolicy();
    const velero = base.spec.recovery?.velero;
    if (!velero) throw new Error('policy without recovery');
    const policy: FailoverPolicy = { ...base, spec: { ...base.spec, recovery: { velero: { ...velero, acceptPartiallyFailed: true } } } };
    const world = anEngineWorld(policy);
    const fake = world.velero[clusterOf(world, SECONDARY)];
    if (fake) fake.restoreOutcome = 'PartiallyFailed';
    const outcome = await world.clock.runUntilSettled(executorOf(world).executor.execute(world.policy, failoverPlan(world.policy), { startedAt: T0 }));
    expect(outcome.result).toBe('succeeded');
  });

  it('keeps watching a restore while its API server is away longer than one call\'s retries, until the step\'s own timeout', async () => {
    const world = anEngineWorld();
    const fake = world.velero[clusterOf(world, SECONDARY)];
    // Away for 30 looks: far more than one call's retries (6), well within the restore's timeout.
    fake?.faults.failNext('getRestore', new AdapterError('Unavailable', 'getRestore on cluster aks-neu: connect ECONNREFUSED'), 30);
    const { executor, journal } = executorOf(world);
    const plan = failoverPlan(world.policy);
    const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, plan, { startedAt: T0 }));
    expect(outcome.result, outcome.reason).toBe('succeeded');
    expect(failedCode(await journal.records(plan.operationId), 'restore')).toBeUndefined();
    expect(fake?.calls.filter((c) => c.startsWith('createRestore'))).toHaveLength(1);

    // Away for good: the step's timeout ends it, saying what it last met.
    const gone = anEngineWorld();
    gone.velero[clusterOf(gone, SECONDARY)]?.faults.failNext('getRestore', new AdapterError('Unavailable', 'getRestore on cluster aks-neu: connect ECONNREFUSED'), 100_000);
    const second = executorOf(gone);
    const failed = await gone.clock.runUntilSettled(second.executor.execute(gone.policy, failoverPlan(gone.policy), { startedAt: T0 }));
    expect(failed.result).toBe('failed');
    expect(failed.reason).toMatch(/did not finish within .*ECONNREFUSED/);
  });

  it('fails a step that would start after the operation deadline', async () => {
    const world = anEngineWorld(aPolicy().withMode('automatic').withShift([50, 100], 30).build());
    const journal = new Journal(world.store, world.policy.metadata.name);
    const executor = new Executor({ ports: world.ports, journal, clock: world.clock, timings: { operationDeadlineMs: 10_000 } });
    const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, failoverPlan(world.policy), { startedAt: T0 }));
    expect(outcome.result).toBe('failed');
    expect(outcome.reason).toMatch(/deadline|did not finish/);
  });

  it('reports an operation that already ended without running anything again', async () => {
    const world = anEngineWorld(aPolicy().withMode('automatic').build());
    const { executor } = executorOf(world);
    const plan = failoverPlan(world.policy);
    const first = await world.clock.runUntilSettled(executor.execute(world.policy, plan, { startedAt: T0 }));
    const calls = world.trafficManager.calls.length;
    const again = await world.clock.runUntilSettled(executorOf(world).executor.execute(world.policy, plan, { startedAt: T0 }));
    expect(again).toEqual(first);
    expect(world.trafficManager.calls.length).toBe(calls);
  });
});
