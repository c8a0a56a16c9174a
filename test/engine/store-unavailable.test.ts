// Chaos: the state store goes away in the middle of a failover (a read-only or full disk: every
// write fails). The engine acts on nothing it could not record first — no step runs whose `started`
// record is not durable — it says so, and when the store returns the journal resumes the operation,
// which completes exactly once.
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/engine/engine-document.js';
import { PRIMARY, SECONDARY, anEngineWorld } from './support/engine-world.js';
import { isJournalRecord } from './support/crashing-store.js';

describe('the state store unavailable mid-operation', () => {
  it.each([1, 2, 3, 4, 5, 6])('after journal record %i: nothing unrecorded is done, and the operation resumes once the store is back', async (after) => {
    const world = anEngineWorld();
    const engine = world.engine();
    await world.cycle(engine);
    world.observer.down.add(PRIMARY);
    let journaled = 0;
    const started: string[] = [];
    world.store.onAppend = (log, record) => {
      if (!isJournalRecord(log, record)) return;
      journaled++;
      if (record.phase === 'started') started.push(`${record.stepIndex}:${record.kind}`);
      if (journaled === after) world.store.writeError = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    };
    const writesBefore = () => world.trafficManager.calls.filter((c) => c.startsWith('setEndpoint')).length;
    let failures = 0;
    for (let i = 0; i < 6; i++) {
      try {
        await world.cycle(engine);
      } catch {
        failures++;
      }
      if (world.store.writeError) break;
    }
    expect(world.store.writeError).toBeDefined();
    // While the store is gone: cycles fail loudly and change nothing in the world.
    const frozen = writesBefore();
    const restoresFrozen = world.velero[world.policy.spec.regions[1]?.cluster ?? '']?.calls.filter((c) => c.startsWith('createRestore')).length ?? 0;
    for (let i = 0; i < 3; i++) await world.cycle(engine).then(() => undefined, () => void failures++);
    expect(failures).toBeGreaterThan(0);
    expect(writesBefore()).toBe(frozen);
    // Every weight write that happened was preceded by its step's durable `started` record.
    const shiftStarted = started.filter((s) => s.endsWith('shiftWeights')).length;
    expect(frozen === 0 || shiftStarted > 0).toBe(true);

    world.store.writeError = undefined;
    world.store.onAppend = undefined;
    for (let i = 0; i < 5; i++) await world.cycle(engine).catch(() => undefined);
    const { doc } = await loadDocument(world.store, world.policy, world.clock.now());
    expect(doc.engine).toMatchObject({ kind: 'FailedOver', active: SECONDARY });
    expect((await world.endpoints())[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    const restores = world.velero[world.policy.spec.regions[1]?.cluster ?? '']?.calls.filter((c) => c.startsWith('createRestore')).length ?? 0;
    expect(restores).toBeLessThanOrEqual(Math.max(1, restoresFrozen));
    const records = (await engine.journal.records()).filter((r) => r.kind === 'operation' && r.phase === 'completed');
    expect(records).toHaveLength(1);
  });
});
