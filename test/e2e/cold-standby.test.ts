// Runbook: a cold standby (the lab's `--standby cold`: the secondary runs nothing until a restore) and
// a primary region that dies as real ones do (blackholed: every call hangs until its deadline). The
// lab's policy restores first; the missing workloads do not block readiness (the restore brings them);
// aksdr restores, verifies the restored workloads, then moves the traffic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labEndpoints, startLabEngine, type LabEngine } from './support/lab-engine.js';

let world: LabEngine;
beforeAll(async () => {
  world = await startLabEngine({ seed: 29, standby: 'cold' });
});
afterAll(async () => {
  await world?.close();
});

describe('a cold standby, the primary region blackholed', () => {
  it('restores the application in the secondary first, then moves the traffic', { timeout: 180_000 }, async () => {
    expect(world.policy.spec.failover.order).toBe('restoreFirst');
    expect(world.lab.state().clusters.find((c) => c.region === 'northeurope')?.deployments.every((d) => d.available === 0)).toBe(true);
    const engine = world.engine();
    await world.cycles(engine, () => false, 2);
    world.lab.inject('westeurope', 'region-down');
    const { last } = await world.cycles(engine, (r) => r.outcome !== undefined && r.decision?.plan?.kind === 'failover', 12);
    expect(last.outcome?.result, last.outcome?.reason).toBe('succeeded');
    const steps = last.decision?.plan?.steps.map((s) => s.kind) ?? [];
    expect(steps.indexOf('restore')).toBeLessThan(steps.indexOf('shiftWeights'));
    const secondary = world.lab.state().clusters.find((c) => c.region === 'northeurope');
    expect(secondary?.restores.map((r) => r.phase)).toEqual(['Completed']);
    expect(secondary?.deployments.length).toBeGreaterThan(0);
    for (const d of secondary?.deployments ?? []) expect(d.available).toBeGreaterThan(0);
    expect(labEndpoints(world.lab).northeurope).toEqual({ status: 'Enabled', weight: 1000 });
  });
});
