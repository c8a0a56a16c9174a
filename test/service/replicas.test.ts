// Runbook: three replicas of the service on one state store share four policies. Each policy has
// exactly one actor; the policies spread over the replicas; when one replica stops, only its
// policies move, each to one other replica. An invalid policy file is reported and the others run;
// a file that turns invalid keeps its last good version running.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/engine/clock.js';
import { ServiceMetrics } from '../../src/metrics/service-metrics.js';
import { renderPolicyYaml } from '../../src/policy/index.js';
import { AksdrService } from '../../src/service/service.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { anEngineWorld, type EngineWorld } from '../engine/support/engine-world.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { MemoryLeases } from './support/memory-lease.js';

const names = ['alpha', 'bravo', 'charlie', 'delta'];
let temp: Awaited<ReturnType<typeof withTempDir>>;
beforeEach(async () => {
  temp = await withTempDir('aksdr-service-');
  for (const name of names) await writeFile(path.join(temp.dir, `${name}.yaml`), renderPolicyYaml(aPolicy().named(name).build(), { schemaComment: '' }));
});
afterEach(() => temp.cleanup());

function aCluster(replicas: string[]) {
  const clock = new FakeClock();
  const store = new MemoryStateStore();
  const leases = new MemoryLeases(clock);
  const worlds = new Map<string, EngineWorld>();
  const services = new Map<string, { service: AksdrService; registry: Registry }>();
  for (const replica of replicas) {
    const registry = new Registry();
    const service = new AksdrService({
      policiesDir: temp.dir,
      replica,
      store,
      leases,
      clock,
      logger: pino({ level: 'silent' }),
      metrics: new ServiceMetrics(registry),
      reloadEveryInMs: 5_000,
      runtime: (entry) => {
        const name = entry.policy.metadata.name;
        const world = worlds.get(name) ?? anEngineWorld(entry.policy);
        worlds.set(name, world);
        return Promise.resolve({ ports: world.ports, clock, close: () => Promise.resolve() });
      },
    });
    services.set(replica, { service, registry });
  }
  const leaders = async () => {
    const result: Record<string, string[]> = {};
    for (const [replica, { registry }] of services) {
      const gauge = (await registry.getSingleMetric('aksdr_leader')?.get())?.values ?? [];
      for (const v of gauge) if (v.value === 1) (result[String(v.labels.policy)] ??= []).push(replica);
    }
    return result;
  };
  return { clock, store, leases, services, leaders };
}

describe('replicas sharing policies', () => {
  it('one actor per policy, spread over the replicas; stopping one moves only its policies', async () => {
    const cluster = aCluster(['r1', 'r2', 'r3']);
    for (const { service } of cluster.services.values()) await service.start();
    await cluster.clock.advance(60_000);
    const before = await cluster.leaders();
    expect(Object.keys(before).sort()).toEqual(names);
    for (const name of names) expect(before[name]).toHaveLength(1);
    expect(new Set(Object.values(before).flat()).size).toBeGreaterThan(1);

    const victim = before.alpha?.[0] ?? '';
    await cluster.services.get(victim)?.service.stop();
    cluster.services.delete(victim);
    await cluster.clock.advance(60_000);
    const after = await cluster.leaders();
    for (const name of names) {
      expect(after[name]).toHaveLength(1);
      if (before[name]?.[0] !== victim) expect(after[name]).toEqual(before[name]);
      else expect(after[name]?.[0]).not.toBe(victim);
    }
    for (const { service } of cluster.services.values()) await service.stop();
  });

  it('reports an invalid file and keeps the last good version of a file that turns invalid', async () => {
    await writeFile(path.join(temp.dir, 'broken.yaml'), 'apiVersion: aksdr/v1alpha1\nkind: FailoverPolicy\nmetadata: { name: broken }\nspec: { regions: [] }\n');
    const cluster = aCluster(['r1']);
    const { service, registry } = cluster.services.get('r1') ?? { service: undefined, registry: undefined };
    if (!service || !registry) throw new Error('no service');
    await service.start();
    expect(service.status().policies.map((p) => p.name).sort()).toEqual(names);
    expect(service.status().loadErrors.map((e) => path.basename(e.file))).toEqual(['broken.yaml']);
    expect((await registry.getSingleMetric('aksdr_policy_load_errors')?.get())?.values[0]?.value).toBe(1);

    await writeFile(path.join(temp.dir, 'alpha.yaml'), 'apiVersion: aksdr/v1alpha1\nkind: FailoverPolicy\nmetadata: { name: alpha }\nspec: {}\n');
    // The reload reads files for real: let the clock move until it has.
    await vi.waitFor(
      async () => {
        await cluster.clock.advance(1_000);
        expect(service.status().loadErrors).toEqual(expect.arrayContaining([expect.objectContaining({ keptRunning: 'alpha' })]));
      },
      { timeout: 20_000, interval: 20 },
    );
    expect(service.status().policies.map((p) => p.name).sort()).toEqual(names);
    await service.stop();
  });
});
