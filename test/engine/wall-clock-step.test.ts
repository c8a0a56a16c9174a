// Chaos: the wall clock steps an hour forward or back (NTP correcting a drifted host, a person running
// `date -s`) during a dwell, a failback hold-down and a running operation. The engine measures
// durations on monotonic time (src/engine/clock.ts), so no rule expires early, nothing is late by the
// step, and nothing runs twice. Across a restart the wall is all there is: a timestamp saved in the
// "future" (the wall stepped back between runs) is clamped to now (src/engine/future-timestamps.ts),
// so the cap still counts it, health is not frozen as a replay, and a hold-down is not an hour late.
import { describe, expect, it } from 'vitest';
import type { FailoverPolicy } from '../../src/policy/index.js';
import { loadDocument } from '../../src/engine/engine-document.js';
import type { PolicyEngine } from '../../src/engine/engine.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { PRIMARY, SECONDARY, anEngineWorld, clusterOf, type EngineWorld } from './support/engine-world.js';
import { isJournalRecord } from './support/crashing-store.js';

const HOUR = 60 * 60_000;
const MINUTE = 60_000;
const steps = [HOUR, -HOUR];
const signed = (ms: number): string => (ms > 0 ? '+1 h' : '-1 h');

function aPolicyWith(shape: (p: ReturnType<typeof aPolicy>) => ReturnType<typeof aPolicy>): FailoverPolicy {
  return shape(aPolicy().withMode('automatic').withCapacity(3).withRecovery().withShift([50, 100], 30)).build();
}

async function state(world: EngineWorld) {
  return (await loadDocument(world.store, world.policy, world.clock.now())).doc;
}

/** Primary down until the engine has failed over; then healed. Returns the failover's start (engine time). */
async function failOverThenHeal(world: EngineWorld, engine: PolicyEngine): Promise<number> {
  await world.cycle(engine);
  world.observer.down.add(PRIMARY);
  for (let i = 0; i < 10 && (await state(world)).engine.kind !== 'FailedOver'; i++) await world.cycle(engine);
  const doc = await state(world);
  expect(doc.engine).toMatchObject({ kind: 'FailedOver', active: SECONDARY });
  world.observer.down.delete(PRIMARY);
  return doc.engine.lastFailoverAt ?? Number.NaN;
}

/** Cycles until the engine starts a failback (or `limitMs` of engine time passed); returns when it started. */
async function cycleUntilFailback(world: EngineWorld, engine: PolicyEngine, limitMs: number, onCycle?: (elapsedMs: number) => void | Promise<void>): Promise<number | undefined> {
  const start = world.clock.now();
  while (world.clock.now() - start < limitMs) {
    const at = world.clock.now();
    const report = await world.cycle(engine);
    await onCycle?.(world.clock.now() - start);
    if (report.decision?.next.kind === 'FailingBack') return at;
  }
  return undefined;
}

async function operationsCompleted(engine: PolicyEngine): Promise<number> {
  return (await engine.journal.records()).filter((r) => r.kind === 'operation' && r.phase === 'completed').length;
}

function restores(world: EngineWorld): number {
  return world.velero[clusterOf(world, SECONDARY)]?.calls.filter((c) => c.startsWith('createRestore')).length ?? 0;
}

async function expectHomeOnce(world: EngineWorld, engine: PolicyEngine): Promise<void> {
  expect((await state(world)).engine).toMatchObject({ kind: 'Steady', active: PRIMARY });
  expect((await world.endpoints())[PRIMARY]).toMatchObject({ status: 'Enabled' });
  expect(await operationsCompleted(engine)).toBe(2); // one failover, one failback
  expect(restores(world)).toBe(1);
}

describe('the wall clock steps an hour inside a running process', () => {
  it.each(steps)('during a dwell (wall %s ms): the failback waits the whole dwell, not a minute less or an hour more, and runs once', async (step) => {
    const world = anEngineWorld(aPolicyWith((p) => p.withDwell(60).withFailback('automatic', 5)));
    const engine = world.engine();
    const failedOverAt = await failOverThenHeal(world, engine);
    let stepped = false;
    const started = await cycleUntilFailback(world, engine, 3 * HOUR, (elapsed) => {
      if (!stepped && elapsed >= 10 * MINUTE) {
        world.clock.stepWall(step);
        stepped = true;
      }
    });
    expect(stepped, signed(step)).toBe(true);
    expect(world.clock.wallNow() - world.clock.now()).toBe(step);
    expect(started).toBeDefined();
    expect(started! - failedOverAt).toBeGreaterThanOrEqual(60 * MINUTE);
    expect(started! - failedOverAt).toBeLessThanOrEqual(60 * MINUTE + 2 * engine.intervalMs);
    for (let i = 0; i < 5; i++) await world.cycle(engine);
    await expectHomeOnce(world, engine);
  });

  it.each(steps)('during a failback hold-down (wall %s ms): the failback comes when the hold-down has run, once', async (step) => {
    const world = anEngineWorld(aPolicyWith((p) => p.withDwell(0).withFailback('automatic', 60)));
    const engine = world.engine();
    await failOverThenHeal(world, engine);
    let healthySince: number | undefined;
    let stepped = false;
    const started = await cycleUntilFailback(world, engine, 3 * HOUR, async (elapsed) => {
      const primary = (await state(world)).health.regions[PRIMARY];
      if (healthySince === undefined && primary?.status === 'Healthy') healthySince = primary.healthySince;
      if (!stepped && elapsed >= 20 * MINUTE) {
        world.clock.stepWall(step);
        stepped = true;
      }
    });
    expect(stepped).toBe(true);
    expect(healthySince).toBeDefined();
    expect(started).toBeDefined();
    expect(started! - healthySince!).toBeGreaterThanOrEqual(60 * MINUTE);
    expect(started! - healthySince!).toBeLessThanOrEqual(60 * MINUTE + 2 * engine.intervalMs);
    for (let i = 0; i < 5; i++) await world.cycle(engine);
    await expectHomeOnce(world, engine);
  });

  // The wall steps right after each journal `started` record of the failover: inside scaleUp, the
  // readiness check, each shift and its pause, the Traffic Manager check, the restore.
  it.each([1, 2, 3, 4, 5, 6, 7].flatMap((after) => steps.map((step) => [after, step] as const)))('during an operation (after step %i starts, wall %s ms): no step times out early, the deadline holds, every step runs once', async (after, step) => {
    const world = anEngineWorld(aPolicyWith((p) => p.withDwell(30)));
    const engine = world.engine({ timings: { pollIntervalMs: 1_000, operationDeadlineMs: 30 * MINUTE } });
    await world.cycle(engine);
    world.observer.down.add(PRIMARY);
    let startedSteps = 0;
    const startedAt: Record<string, number> = {};
    const completedAt: Record<string, number> = {};
    world.store.onAppend = (log, record) => {
      if (!isJournalRecord(log, record) || record.kind === 'operation') return;
      const key = `${record.stepIndex}:${record.kind}`;
      if (record.phase === 'started') {
        startedAt[key] = world.clock.now();
        if (++startedSteps === after) world.clock.stepWall(step);
      } else completedAt[key] = world.clock.now();
    };
    for (let i = 0; i < 10 && (await state(world)).engine.kind !== 'FailedOver'; i++) await world.cycle(engine);
    world.store.onAppend = undefined;
    expect(startedSteps).toBeGreaterThanOrEqual(after);
    expect((await state(world)).engine).toMatchObject({ kind: 'FailedOver', active: SECONDARY });
    const records = await engine.journal.records();
    expect(records.filter((r) => r.kind !== 'operation' && r.phase === 'failed')).toEqual([]);
    // Each step started and completed exactly once.
    const counts = new Map<string, number>();
    for (const r of records.filter((r) => r.kind !== 'operation' && r.phase === 'completed')) counts.set(`${r.stepIndex}`, (counts.get(`${r.stepIndex}`) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(records.filter((r) => r.kind !== 'operation' && r.phase === 'started')).toHaveLength(counts.size);
    expect(restores(world)).toBe(1);
    // The 30 s pause between the two shifts lasted 30 s of real time.
    const shifts = Object.keys(startedAt).filter((k) => k.endsWith('shiftWeights')).sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0]));
    expect(shifts.length).toBe(2);
    expect(startedAt[shifts[1]!]! - completedAt[shifts[0]!]!).toBeGreaterThanOrEqual(30_000);
    expect((await world.endpoints())[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
  });
});

describe('the wall clock stepped back between two runs', () => {
  it('a hold-down in the saved state from the "future" is counted from the restart: not early, not an hour late, health evaluated at once', async () => {
    const world = anEngineWorld(aPolicyWith((p) => p.withDwell(0).withFailback('automatic', 60)));
    const first = world.engine();
    await failOverThenHeal(world, first);
    for (let i = 0; i < 100 && (await state(world)).health.regions[PRIMARY]?.status !== 'Healthy'; i++) await world.cycle(first);
    for (let i = 0; i < 6; i++) await world.cycle(first);
    const before = await state(world);
    const healthySince = before.health.regions[PRIMARY]?.healthySince ?? Number.NaN;
    expect(before.health.regions[PRIMARY]?.status).toBe('Healthy');
    // The process stops; the wall is stepped back an hour; a new process starts.
    world.clock.stepWall(-HOUR);
    world.clock.restartProcess();
    const restartedAt = world.clock.now();
    const loaded = await loadDocument(world.store, world.policy, restartedAt);
    expect(loaded.clamped?.map((c) => c.field)).toEqual(expect.arrayContaining([`health.${PRIMARY}.healthySince`, `health.${PRIMARY}.evaluatedAt`, 'engine.lastFailoverAt', 'engine.failoverHistory[0]']));
    const second = world.engine();
    await world.cycle(second);
    // Not taken for a replay: the cycle was evaluated.
    expect((await state(world)).health.regions[PRIMARY]?.evaluatedAt).toBe(restartedAt);
    const realHealthyFor = (): number => world.clock.now() - restartedAt + (restartedAt + HOUR - healthySince);
    const started = await cycleUntilFailback(world, second, 3 * HOUR);
    expect(started).toBeDefined();
    expect(realHealthyFor()).toBeGreaterThanOrEqual(60 * MINUTE);
    expect(started! - restartedAt).toBeLessThanOrEqual(60 * MINUTE + 2 * second.intervalMs);
    for (let i = 0; i < 5; i++) await world.cycle(second);
    await expectHomeOnce(world, second);
  });

  it('a failover saved in the "future" still counts against the cap: a second one by hand is refused', async () => {
    const world = anEngineWorld(aPolicyWith((p) => p.withDwell(0).withFailback('automatic', 1).withMaxFailovers(1, 24)));
    const first = world.engine();
    await failOverThenHeal(world, first);
    const failback = await cycleUntilFailback(world, first, HOUR);
    expect(failback).toBeDefined();
    for (let i = 0; i < 5; i++) await world.cycle(first);
    expect((await state(world)).engine).toMatchObject({ kind: 'Steady', active: PRIMARY });
    world.clock.stepWall(-HOUR);
    world.clock.restartProcess();
    const second = world.engine();
    const report = await world.cycle(second, { kind: 'failover', to: SECONDARY, by: 'alice' });
    expect(report.decision?.hold?.violations.map((v) => v.rule)).toContain('max-failovers-per-window');
    for (let i = 0; i < 3; i++) await world.cycle(second);
    expect((await state(world)).engine).toMatchObject({ kind: 'Steady', active: PRIMARY });
    expect(await operationsCompleted(second)).toBe(2);
  });
});
