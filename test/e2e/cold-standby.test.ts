// Runbook: a cold standby (the lab's `--standby cold`: the secondary runs nothing until a restore) and
// a primary region that dies as real ones do (blackholed: every call hangs until its deadline). The
// lab's policy restores first; the missing workloads do not block readiness (the restore brings them);
// aksdr restores, verifies the restored workloads, then moves the traffic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreTypes } from '../../src/lab/world/kube-store.js';
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

describe('a cold standby whose newest backup predates the primary\'s last rollout', () => {
  it('does not fail over into an older version: the restore would bring it, so readiness says why and nothing moves', { timeout: 180_000 }, async () => {
    const stale = await startLabEngine({ seed: 31, standby: 'cold' });
    try {
      const primary = stale.lab.ctx.world.clusters.find((c) => c.region === 'westeurope');
      // A rollout in the primary after its backups were taken (no new backup has run since).
      primary?.store.mutate(coreTypes.deployments, 'shop', 'frontend', (d) => {
        const containers = (d.spec?.template as { spec: { containers: { image: string }[] } }).spec.containers;
        for (const c of containers) c.image = c.image.replace(/:[^:]+$/, ':9.9.9');
      });
      const engine = stale.engine();
      // The workloads probe sees the new version while the primary is up.
      await stale.cycles(engine, () => false, 3);
      stale.lab.inject('westeurope', 'region-down');
      const { last } = await stale.cycles(engine, (r) => r.readiness?.northeurope !== undefined && r.decision?.next.kind !== 'Steady', 10);
      const drift = last.readiness?.northeurope?.results.find((r) => r.check === 'versionDrift');
      expect(drift?.status).toBe('fail');
      expect(drift?.reason).toMatch(/shop\/frontend missing; the restore of .* brings .*frontend:[^,]+, westeurope runs .*frontend:9\.9\.9 \(a rollout after that backup\)/);
      expect(last.outcome).toBeUndefined();
      expect(labEndpoints(stale.lab).westeurope?.weight).toBe(1000);
      expect(stale.lab.state().clusters.find((c) => c.region === 'northeurope')?.restores).toEqual([]);
    } finally {
      await stale.close();
    }
  });
});
