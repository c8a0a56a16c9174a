// Runbook: three replicas watch one automatic policy. The replica that acts is cut off from the
// primary region — it alone sees it down: no failover, however long it lasts. Then the primary
// really goes down, every replica sees it: one failover, one restore.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../../src/metrics/service-metrics.js';
import { renderPolicyYaml } from '../../src/policy/index.js';
import { AksdrService } from '../../src/service/service.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { PRIMARY, SECONDARY, anEngineWorld } from '../engine/support/engine-world.js';
import { FakeObserver } from '../engine/support/fake-observer.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { MemoryLeases } from './support/memory-lease.js';

let temp: Awaited<ReturnType<typeof withTempDir>>;
beforeEach(async () => {
  temp = await withTempDir('aksdr-partition-');
});
afterEach(() => temp.cleanup());

describe('a replica partitioned from the primary', () => {
  it('causes no failover alone; all replicas seeing the primary down fail over once', async () => {
    const policy = aPolicy().withMode('automatic').withHysteresis(2, 3).withRecovery().build();
    await writeFile(path.join(temp.dir, 'shop.yaml'), renderPolicyYaml(policy, { schemaComment: '' }));
    const world = anEngineWorld(policy);
    const { clock } = world;
    const store = new MemoryStateStore();
    const leases = new MemoryLeases(clock);
    const observers = new Map<string, FakeObserver>();
    const services: AksdrService[] = [];
    for (const replica of ['r1', 'r2', 'r3']) {
      const observer = new FakeObserver(clock);
      observers.set(replica, observer);
      services.push(
        new AksdrService({
          policiesDir: temp.dir,
          replica,
          store,
          leases,
          clock,
          logger: pino({ level: 'silent' }),
          metrics: new ServiceMetrics(new Registry()),
          runtime: () => Promise.resolve({ ports: { ...world.ports, observer }, clock, close: () => Promise.resolve() }),
        }),
      );
    }
    for (const service of services) await service.start();
    await clock.advance(60_000);
    const actor = leases.holderOf('shop') ?? '';
    expect(actor).not.toBe('');

    observers.get(actor)?.down.add(PRIMARY);
    await clock.advance(5 * 60_000);
    expect((await world.endpoints())[PRIMARY]?.weight).toBe(1000);
    const velero = world.velero[policy.spec.regions[1]?.cluster ?? ''];
    if (!velero) throw new Error('no standby Velero');
    expect(await velero.listRestores()).toHaveLength(0);

    for (const observer of observers.values()) observer.down.add(PRIMARY);
    await clock.advance(5 * 60_000);
    const endpoints = await world.endpoints();
    expect(endpoints[SECONDARY]?.weight).toBe(1000);
    expect(await velero.listRestores()).toHaveLength(1);
    await clock.advance(5 * 60_000);
    expect(await velero.listRestores()).toHaveLength(1);
    for (const service of services) await service.stop();
  });
});
