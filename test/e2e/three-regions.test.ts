// Runbook from a field trial: three regions. The primary goes down → traffic on the second region.
// Minutes later (well inside the 5-min dwell) the second region goes down too, while the third is
// Healthy and ready: the traffic moves on at once — the dwell and the failover cap guard a return,
// never keep traffic on a dead region when a healthy, ready one exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/engine/clock.js';
import type { CycleReport, PolicyEngine } from '../../src/engine/engine.js';
import { cyclesOnFakeClock, labEndpoints, startLabEngine, type LabEngine } from './support/lab-engine.js';

// The regions die as real ones do (region-down's default, blackhole: every call runs into its timeout).

const regions = ['westeurope', 'northeurope', 'francecentral'];
let world: LabEngine;
const clock = new FakeClock(Date.now());
beforeAll(async () => {
  world = await startLabEngine({ clock, seed: 17, regions });
});
afterAll(async () => {
  await world?.close();
});

const cyclesUntil = (engine: PolicyEngine, until: (report: CycleReport) => boolean, max: number): Promise<CycleReport> => cyclesOnFakeClock(clock, engine, until, max);

describe('three regions, two outages in a row', () => {
  it('moves on to the third region at once, inside the dwell', { timeout: 180_000 }, async () => {
    const engine = world.engine();
    await cyclesUntil(engine, () => false, 2).catch(() => undefined);
    world.lab.inject('westeurope', 'region-down');
    const first = await cyclesUntil(engine, (r) => r.outcome !== undefined && r.decision?.plan?.kind === 'failover', 10);
    expect(first.outcome?.result).toBe('succeeded');
    const firstTarget = first.decision?.plan?.to ?? '';
    expect(firstTarget).not.toBe('westeurope');
    const startedAt = clock.now();

    world.lab.inject(firstTarget, 'region-down');
    const second = await cyclesUntil(engine, (r) => r.outcome !== undefined && r.decision?.plan?.kind === 'failover', 10);
    const third = regions.find((r) => r !== 'westeurope' && r !== firstTarget) ?? '';
    expect(second.decision?.plan).toMatchObject({ kind: 'failover', from: firstTarget, to: third });
    expect(second.outcome?.result).toBe('succeeded');
    expect(clock.now() - startedAt).toBeLessThan(world.policy.spec.failover.minDwellMinutes * 60_000);
    expect(labEndpoints(world.lab)[third]).toEqual({ status: 'Enabled', weight: 1000 });
  });
});
