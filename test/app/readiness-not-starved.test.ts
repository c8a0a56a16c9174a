// A slow target's API server: the probes time out and back off from it (their short deadline), but
// the readiness reads a failover needs go through their own connections with their own, longer
// deadline — the probes' back-off never starves them (found in a field trial: `apiserver-slow` on
// the target made every cycle say "backupFreshness unknown … backing off" while `aksdr check`
// read the same backups fine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObserver, createReadinessChecker } from '../../src/app/index.js';
import { ManualClock } from '../../src/lab/clock.js';
import { startLabWorld, type LabWorld } from './fixtures/lab-world.js';

let world: LabWorld;
beforeAll(async () => {
  // A long back-off: the breaker stays open for the whole test once a probe times out.
  world = await startLabWorld({ backoffInMs: 600_000 });
});
afterAll(async () => {
  await world?.close();
});

describe('a slow target', () => {
  it('is backed off by the probes, yet its readiness reads complete within their own deadline', async () => {
    world.lab.inject('northeurope', 'apiserver-slow', { latencyMs: 1_500 });
    const observer = createObserver(world.deps, { clock: new ManualClock(Date.now()) });
    const first = await observer.observe(world.policy);
    expect(first.byRegion.northeurope?.find((o) => o.signal === 'apiServer')?.reason).toMatch(/timeout after/);
    const second = await observer.observe(world.policy);
    expect(second.byRegion.northeurope?.find((o) => o.signal === 'apiServer')?.reason).toMatch(/backing off/);

    const report = await createReadinessChecker(world.deps).check(world.policy, 'northeurope', { timeoutInMs: 10_000 });
    const backup = report.results.find((r) => r.check === 'backupFreshness');
    expect(backup?.status).toBe('pass');
    expect(backup?.reason).not.toMatch(/backing off/);
  });
});
