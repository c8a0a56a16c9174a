// Runbook: two replicas, an automatic failover in flight (paused between two traffic shifts). The
// acting replica loses its storage (its lease can no longer be renewed): it stops acting by itself
// before its lease can expire; the other replica takes the lease only after that, resumes the
// operation from the journal, and the failover completes once — one restore.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/engine/executor/journal.js';
import { liveLoop } from '../../src/engine/loop-presence.js';
import { ServiceMetrics } from '../../src/metrics/service-metrics.js';
import { renderPolicyYaml } from '../../src/policy/index.js';
import { AksdrService } from '../../src/service/service.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { PRIMARY, SECONDARY, anEngineWorld } from '../engine/support/engine-world.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { MemoryLeases } from './support/memory-lease.js';

let temp: Awaited<ReturnType<typeof withTempDir>>;
beforeEach(async () => {
  temp = await withTempDir('aksdr-fencing-');
});
afterEach(() => temp.cleanup());

describe('fencing', () => {
  it('a replica that cannot renew stops acting before its lease expires; the next one resumes the operation', async () => {
    const policy = aPolicy().withMode('automatic').withHysteresis(2, 3).withRecovery().withShift([50, 100], 180).build();
    await writeFile(path.join(temp.dir, 'shop.yaml'), renderPolicyYaml(policy, { schemaComment: '' }));
    const world = anEngineWorld(policy);
    const { clock } = world;
    const store = new MemoryStateStore();
    const leases = new MemoryLeases(clock);
    const fencedAt = new Map<string, number>();
    const services = new Map<string, AksdrService>();
    for (const replica of ['r1', 'r2']) {
      // The moment each replica says it stopped acting, on the fake clock.
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (chunk.toString().includes('stopped acting for the policy') && !fencedAt.has(replica)) fencedAt.set(replica, clock.now());
          done();
        },
      });
      services.set(replica, new AksdrService({ policiesDir: temp.dir, replica, store, leases, clock, logger: pino({ level: 'warn' }, sink), metrics: new ServiceMetrics(new Registry()), runtime: () => Promise.resolve({ ports: world.ports, clock, close: () => Promise.resolve() }) }));
    }
    for (const service of services.values()) await service.start();
    await clock.advance(60_000);

    world.observer.down.add(PRIMARY);
    const journal = () => store.readLog<JournalRecord>('shop.journal');
    for (let i = 0; i < 120 && !(await journal()).some((r) => r.kind === 'shiftWeights' && r.phase === 'completed'); i++) await clock.advance(1_000);
    expect((await world.endpoints())[SECONDARY]?.weight).toBeLessThan(1000);
    // A minute into the pause between two shifts, the actor's heartbeat is still fresh: commands
    // sent to the other replica are queued for it rather than refused.
    await clock.advance(60_000);
    expect(await liveLoop(store, 'shop', clock.now())).toBeDefined();

    const first = leases.holderOf('shop') ?? '';
    const other = first === 'r1' ? 'r2' : 'r1';
    const expiresAt = leases.holders.get('shop')?.expiresAt ?? 0;
    fencedAt.clear();
    leases.unreachable.add(first);
    for (let i = 0; i < 60 && leases.holderOf('shop') !== other; i++) await clock.advance(1_000);
    const takenAt = clock.now();
    expect(leases.holderOf('shop')).toBe(other);
    expect(fencedAt.get(first)).toBeDefined();
    expect(fencedAt.get(first) ?? Infinity).toBeLessThan(expiresAt);
    expect(takenAt).toBeGreaterThanOrEqual(expiresAt);

    await clock.advance(10 * 60_000);
    expect((await world.endpoints())[SECONDARY]?.weight).toBe(1000);
    const velero = world.velero[policy.spec.regions[1]?.cluster ?? ''];
    expect(await velero?.listRestores()).toHaveLength(1);
    const records = await journal();
    expect(records.filter((r) => r.kind === 'operation' && r.phase === 'completed')).toHaveLength(1);
    const completed = records.filter((r) => r.kind !== 'operation' && r.phase === 'completed').map((r) => r.stepIndex);
    expect(completed).toEqual([...new Set(completed)].sort((a, b) => a - b));
    for (const service of services.values()) await service.stop();
  });
});
