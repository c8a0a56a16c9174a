// Metrics derived from cycle reports, and what a replica that stops acting stops reporting.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../../src/metrics/service-metrics.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { PRIMARY, anEngineWorld } from '../engine/support/engine-world.js';

describe('service metrics', () => {
  it('derive health, readiness and backup age from cycles, and drop them when this replica stops acting', async () => {
    const world = anEngineWorld(aPolicy().withMode('approval').withHysteresis(2, 3).build());
    const registry = new Registry();
    const metrics = new ServiceMetrics(registry);
    world.observer.down.add(PRIMARY);
    world.readiness.fail('northeurope', 'backupFreshness', 'stale');
    const engine = world.engine();
    for (let i = 0; i < 3; i++) metrics.recordCycle('shop', await world.cycle(engine), world.clock.now());
    metrics.recordCycle('other', await world.cycle(engine), world.clock.now());
    const values = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values ?? [];
    expect((await values('aksdr_region_healthy')).find((v) => v.labels.policy === 'shop' && v.labels.region === PRIMARY)?.value).toBe(0);
    expect((await values('aksdr_readiness_ready')).find((v) => v.labels.policy === 'shop' && v.labels.check === 'backupFreshness')?.value).toBe(0);

    await metrics.forgetActing('shop');
    expect((await values('aksdr_region_healthy')).filter((v) => v.labels.policy === 'shop')).toEqual([]);
    expect((await values('aksdr_readiness_ready')).filter((v) => v.labels.policy === 'shop')).toEqual([]);
    expect((await values('aksdr_region_healthy')).filter((v) => v.labels.policy === 'other').length).toBeGreaterThan(0);
  });
});
