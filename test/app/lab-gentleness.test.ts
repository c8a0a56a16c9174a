// Being gentle with what we watch, measured on the real adapters against the lab: the requests of a
// steady-state minute per cluster and per policy, one timeout for a hung API server, and no
// requests at all to a server the adapters are backing off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObserver } from '../../src/app/index.js';
import { ManualClock } from '../../src/lab/clock.js';
import { requestCount, sleep, startLabWorld, type LabWorld } from './fixtures/lab-world.js';

let world: LabWorld;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  // A back-off long enough that the second cycle surely falls inside it.
  world = await startLabWorld({ intervalSeconds: 10, clock, backoffInMs: 10_000 });
});
afterAll(async () => {
  await world?.close();
});

const clusterNames = () => Object.values(world.lab.info.clusters).map((c) => c.name);

describe('a steady-state minute at a 10 s interval', () => {
  it('costs each cluster at most 12 Kubernetes requests and the policy at most 10 ARM reads, no writes', async () => {
    const observer = createObserver(world.deps);
    // Warm-up cycle: connections, kubeconfigs (an ARM POST per cluster), tokens.
    await observer.observe(world.policy);
    const kubeBefore = new Map<string, number>();
    for (const name of clusterNames()) kubeBefore.set(name, await requestCount(world.metrics, { target: 'kubernetes', cluster: name }));
    const armBefore = await requestCount(world.metrics, { target: 'arm' });
    for (let cycle = 0; cycle < 6; cycle++) {
      clock.advance(10_000);
      const observed = await observer.observe(world.policy);
      expect(Object.values(observed.byRegion).flat().filter((o) => !o.ok)).toEqual([]);
    }
    const perCluster: Record<string, number> = {};
    for (const name of clusterNames()) perCluster[name] = (await requestCount(world.metrics, { target: 'kubernetes', cluster: name })) - (kubeBefore.get(name) ?? 0);
    const armReads = (await requestCount(world.metrics, { target: 'arm' })) - armBefore;
    const armGets = await requestCount(world.metrics, { target: 'arm', operation: 'GET managedclusters' });
    // Measured: 6 readyz + 3 deployment lists + 2 node lists per cluster; 2 × 2 cluster GETs + 3 profile GETs.
    expect(perCluster).toEqual({ 'aks-weu': 11, 'aks-neu': 11 });
    expect(armReads).toBe(7);
    expect(armGets).toBeGreaterThan(0);
    const metric = await world.metrics.getSingleMetric('aksdr_requests_total')?.get();
    const writes = (metric?.values ?? []).filter((v) => v.labels.target === 'arm' && /^(PUT|PATCH|DELETE)/.test(String(v.labels.operation)));
    expect(writes).toEqual([]);
  });
});

describe('a hung API server', () => {
  it('costs one timeout: the cycle ends at the timeout, not when the server answers', async () => {
    const observer = createObserver(world.deps);
    // The server would answer in 10 minutes: a cycle that waited for it would not finish within the test's timeout.
    world.lab.inject('westeurope', 'apiserver-slow', { latencyMs: 600_000 });
    try {
      clock.advance(60_000);
      const cycle = await observer.observe(world.policy);
      const weu = cycle.byRegion.westeurope ?? [];
      expect(weu.filter((o) => !o.ok).map((o) => `${o.signal}: ${o.reason}`)).toEqual(['apiServer: timeout after 1000 ms', 'nodes: timeout after 1000 ms', 'workloads: timeout after 1000 ms']);

      // While the adapters back off, the next cycle sends the server nothing. (The requests the first
      // cycle abandoned are counted when their sockets close, a moment after the cycle ended.)
      await sleep(200);
      const before = await requestCount(world.metrics, { target: 'kubernetes', cluster: 'aks-weu' });
      clock.advance(10_000);
      const next = await observer.observe(world.policy);
      expect((next.byRegion.westeurope ?? []).filter((o) => !o.ok).map((o) => o.reason)).toEqual(Array(3).fill('backing off after timeout after 1000 ms'));
      expect(await requestCount(world.metrics, { target: 'kubernetes', cluster: 'aks-weu' })).toBe(before);
    } finally {
      world.lab.heal();
    }
  });
});
