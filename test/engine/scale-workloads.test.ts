// The failover raises the target's protected workloads to what the source region last ran (live, or
// the last view once the source cannot be read), never lowers them, scales nothing twice on a re-run,
// and only then verifies them available.
import { describe, expect, it } from 'vitest';
import { buildPlan, steadyEndpoints, type Plan } from '../../src/core/index.js';
import { Executor } from '../../src/engine/executor/executor.js';
import { Journal, type JournalRecord } from '../../src/engine/executor/journal.js';
import { DeploymentsMemory } from '../../src/readiness/deployments-memory.js';
import type { FailoverPolicy } from '../../src/policy/index.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { PRIMARY, SECONDARY, T0, anEngineWorld, clusterOf, type EngineWorld } from './support/engine-world.js';

function coldPolicy(): FailoverPolicy {
  return aPolicy().withMode('automatic').withOrder('restoreFirst').withRecovery().build();
}

function planOf(world: EngineWorld): Plan {
  return buildPlan({ policy: world.policy, kind: 'failover', from: PRIMARY, to: SECONDARY, current: steadyEndpoints(world.policy), now: T0, reasons: [] });
}

function setReplicas(world: EngineWorld, region: string, replicas: number): void {
  for (const d of world.kubernetes[clusterOf(world, region)]?.deployments ?? []) {
    d.replicas = replicas;
    d.available = replicas;
    d.ready = replicas;
  }
}

async function run(world: EngineWorld, plan: Plan = planOf(world)): Promise<{ outcome: Awaited<ReturnType<Executor['execute']>>; scaled: Record<string, unknown> | undefined; records: JournalRecord[] }> {
  const journal = new Journal(world.store, world.policy.metadata.name);
  const executor = new Executor({ ports: world.ports, journal, clock: world.clock, timings: { pollIntervalMs: 1_000 } });
  const outcome = await world.clock.runUntilSettled(executor.execute(world.policy, plan, { startedAt: T0 }));
  const records = await journal.records(plan.operationId);
  const completed = records.find<JournalRecord & { result?: Record<string, unknown> }>((r): r is JournalRecord & { result?: Record<string, unknown> } => r.kind === 'scaleWorkloads' && r.phase === 'completed');
  return { outcome, scaled: completed?.result, records };
}

function replicasIn(world: EngineWorld, region: string): number[] {
  return (world.kubernetes[clusterOf(world, region)]?.deployments ?? []).map((d) => d.replicas);
}

describe('scaleWorkloads', () => {
  it('raises the target to the replicas the source runs, before verifying and before traffic moves (cold standby)', async () => {
    const world = anEngineWorld(coldPolicy());
    setReplicas(world, PRIMARY, 5);
    setReplicas(world, SECONDARY, 1);
    const { outcome, scaled, records } = await run(world);
    expect(outcome.result).toBe('succeeded');
    expect(replicasIn(world, SECONDARY)).toEqual([5, 5]);
    expect(scaled).toMatchObject({ from: PRIMARY, source: 'live', scaled: [{ name: 'frontend', from: 1, to: 5 }, { name: 'cart', from: 1, to: 5 }], unchanged: [] });
    const order = records.filter((r) => r.phase === 'completed').map((r) => r.kind);
    expect(order.indexOf('scaleWorkloads')).toBeLessThan(order.indexOf('verifyWorkloads'));
    expect(order.indexOf('verifyWorkloads')).toBeLessThan(order.indexOf('shiftWeights'));
  });

  it('takes the last view of a source that cannot be read, and says how old it is', async () => {
    const world = anEngineWorld(coldPolicy());
    setReplicas(world, SECONDARY, 1);
    const memory = new DeploymentsMemory();
    const seenAt = T0 - 40_000;
    memory.remember(clusterOf(world, PRIMARY), 'shop', [{ namespace: 'shop', name: 'frontend', replicas: 4, available: 4, ready: 4, images: [], conditions: [] }, { namespace: 'shop', name: 'cart', replicas: 3, available: 3, ready: 3, images: [], conditions: [] }], seenAt, true);
    world.ports.workloadMemory = memory;
    const primary = world.kubernetes[clusterOf(world, PRIMARY)];
    if (primary) primary.mode = 'down';
    const { outcome, scaled } = await run(world);
    expect(outcome.result).toBe('succeeded');
    expect(replicasIn(world, SECONDARY)).toEqual([4, 3]);
    expect(scaled).toMatchObject({ source: 'remembered', asOf: new Date(seenAt).toISOString() });
  });

  it('leaves the replicas alone when what the source ran is unknown, and never lowers them', async () => {
    const unknown = anEngineWorld(coldPolicy());
    setReplicas(unknown, SECONDARY, 2);
    const primary = unknown.kubernetes[clusterOf(unknown, PRIMARY)];
    if (primary) primary.mode = 'down';
    const blind = await run(unknown);
    expect(blind.outcome.result).toBe('succeeded');
    expect(String(blind.scaled?.skipped)).toMatch(/what westeurope ran is unknown/);
    expect(replicasIn(unknown, SECONDARY)).toEqual([2, 2]);

    const larger = anEngineWorld(coldPolicy());
    setReplicas(larger, PRIMARY, 3);
    setReplicas(larger, SECONDARY, 6);
    const { scaled } = await run(larger);
    expect(replicasIn(larger, SECONDARY)).toEqual([6, 6]);
    expect(scaled).toMatchObject({ scaled: [], unchanged: [{ name: 'frontend', replicas: 6 }, { name: 'cart', replicas: 6 }] });
  });

  it('does not count the failover done until the raised replicas are available', async () => {
    const world = anEngineWorld(coldPolicy());
    setReplicas(world, PRIMARY, 5);
    setReplicas(world, SECONDARY, 1);
    const target = world.kubernetes[clusterOf(world, SECONDARY)];
    // Pods that never start: the fake's controller leaves availability where it was.
    target?.setWorkloadsAvailable(false);
    const { outcome, records } = await run(world);
    expect(outcome.result).toBe('failed');
    const failed = records.find((r): r is JournalRecord & { error?: { code?: string; message?: string } } => r.phase === 'failed' && r.kind === 'verifyWorkloads');
    expect(failed?.error?.code).toBe('WorkloadsUnavailable');
    expect(failed?.error?.message).toMatch(/frontend 0\/5/);
    // restoreFirst: nothing moved.
    expect((await world.endpoints())[PRIMARY]?.weight).toBeGreaterThan(0);
  });

  it('scales nothing twice when the step runs again (a resumed operation)', async () => {
    const world = anEngineWorld(coldPolicy());
    setReplicas(world, PRIMARY, 5);
    setReplicas(world, SECONDARY, 1);
    const target = world.kubernetes[clusterOf(world, SECONDARY)];
    await run(world);
    const writes = target?.calls.filter((c) => c === 'scaleDeployment').length;
    expect(writes).toBe(2);
    await run(world, { ...planOf(world), operationId: 'again' });
    expect(target?.calls.filter((c) => c === 'scaleDeployment').length).toBe(2);
  });
});
