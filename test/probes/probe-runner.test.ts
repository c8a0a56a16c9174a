import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../src/core/ports/adapter-error.js';
import type { Observation } from '../../src/core/observation.js';
import { ProbeRunner } from '../../src/probes/index.js';
import { aFakeWorld, aPolicy, clusterIds, profileId, type FakeWorld } from './fixtures/fake-ports.js';

function runnerOf(world: FakeWorld): ProbeRunner {
  return new ProbeRunner({ aks: world.aks, trafficManager: world.trafficManager, clusters: world.clusters, http: world.http }, { clock: world.clock });
}

function view(observations: Observation[] | undefined): Record<string, string> {
  return Object.fromEntries((observations ?? []).map((o) => [o.signal, `${o.ok ? 'ok' : 'FAIL'}: ${o.reason}`]));
}

describe('a probe cycle', () => {
  it('observes every listed signal of every region, green on a healthy world', async () => {
    const world = aFakeWorld();
    const cycle = await runnerOf(world).observe(aPolicy());
    expect(Object.keys(cycle.byRegion)).toEqual(['westeurope', 'northeurope']);
    expect(view(cycle.byRegion.westeurope)).toEqual({
      aks: 'ok: aks-weu Succeeded and Running (Kubernetes 1.32.4)',
      apiServer: 'ok: readyz ok',
      nodes: 'ok: 3/3 nodes Ready',
      workloads: 'ok: 2/2 deployments available in shop',
      app: 'ok: HTTP 200 in 5 ms',
      trafficManager: 'ok: Traffic Manager sees ep-weu Online, weight 1000',
    });
    expect(cycle.at).toBe(world.clock.now());
  });

  it('skips the signals the policy does not list', async () => {
    const world = aFakeWorld();
    const cycle = await runnerOf(world).observe(aPolicy({ health: { signals: ['apiServer', 'app'] } }));
    expect(Object.keys(view(cycle.byRegion.northeurope))).toEqual(['apiServer', 'app']);
    expect(world.aks.calls).toEqual([]);
    // The profile is still read once: not as a signal, but as the routing view the engine checks its belief against.
    expect(world.trafficManager.calls).toEqual([`getProfile ${profileId}`]);
    expect(cycle.routing?.endpoints.westeurope?.status).toBe('Enabled');
  });

  it('reads the Traffic Manager profile once for all regions', async () => {
    const world = aFakeWorld();
    await runnerOf(world).observe(aPolicy());
    expect(world.trafficManager.calls).toEqual([`getProfile ${profileId}`]);
  });

  it('turns every failure into an observation with a reason, and never throws', async () => {
    const world = aFakeWorld();
    world.kube.westeurope.mode = 'down';
    world.aks.faults.failNext('getCluster', new AdapterError('Unavailable', 'getCluster failed with HTTP 504 (GatewayTimeout: The gateway did not receive a response)', { statusCode: 504 }));
    world.http.answers.set('westeurope', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    world.trafficManager.setMonitorStatus(profileId, 'ep-weu', 'Degraded');
    const cycle = await runnerOf(world).observe(aPolicy());
    const weu = view(cycle.byRegion.westeurope);
    expect(weu.apiServer).toBe('FAIL: connection reset');
    expect(weu.nodes).toBe('FAIL: connection reset');
    expect(weu.workloads).toBe('FAIL: connection reset');
    expect(weu.app).toBe('FAIL: connection reset');
    expect(weu.trafficManager).toBe('FAIL: Traffic Manager sees ep-weu Degraded, weight 1000');
    expect(weu.aks).toMatch(/^FAIL: .*HTTP 504/);
    expect(Object.values(view(cycle.byRegion.northeurope)).every((v) => v?.startsWith('ok'))).toBe(true);
  });

  it('bounds the cycle by the timeout: a hung API server and a hung app cost one timeout', async () => {
    const world = aFakeWorld();
    world.kube.westeurope.mode = 'slow';
    // They would answer in 10 minutes (or never): a cycle that waited would not finish within the test's timeout.
    world.kube.westeurope.slowLatencyInMs = 600_000;
    world.http.answers.set('westeurope', 'hang');
    const policy = aPolicy();
    const cycle = await runnerOf(world).observe(policy, { timeoutInMs: 100 });
    const weu = view(cycle.byRegion.westeurope);
    expect([weu.apiServer, weu.nodes, weu.workloads, weu.app]).toEqual(Array(4).fill('FAIL: timeout after 100 ms'));
  });

  it('reports a backed-off API server as backing off, naming the failure that started it', async () => {
    const world = aFakeWorld();
    const runner = runnerOf(world);
    world.kube.westeurope.mode = 'down';
    await runner.observe(aPolicy());
    world.kube.westeurope.mode = 'up';
    // What the adapters' ApiServerGuard throws, without sending anything, while its breaker is open.
    const refused = new AdapterError('Unavailable', 'readyz: the API server of cluster aks-weu failed recently', { circuitOpen: true });
    world.kube.westeurope.faults.failNext('*', refused, 3);
    world.clock.advance(60_000);
    const weu = view((await runner.observe(aPolicy())).byRegion.westeurope);
    expect([weu.apiServer, weu.nodes, weu.workloads]).toEqual(Array(3).fill('FAIL: backing off after connection reset'));
    expect(weu.aks).toMatch(/^ok/);
  });

  it('does not count a pass reused from an earlier cycle when the API server fails now: the first cycle of an outage fails every Kubernetes signal', async () => {
    const world = aFakeWorld();
    const runner = runnerOf(world);
    await runner.observe(aPolicy());
    world.clock.advance(10_000);
    world.kube.westeurope.mode = 'down';
    const weu = (await runner.observe(aPolicy())).byRegion.westeurope ?? [];
    const nodes = weu.find((o) => o.signal === 'nodes');
    expect(nodes?.ok).toBe(false);
    expect(nodes?.reason).toBe('3/3 nodes Ready (as of 10 s ago) — not counted: the API server fails now');
    expect(weu.find((o) => o.signal === 'workloads')?.ok).toBe(false);
    // Another region's reused answers are untouched.
    expect((await runner.observe(aPolicy())).byRegion.northeurope?.every((o) => o.ok)).toBe(true);
  });

  it('after a failure, sends readyz alone first and the other requests only after it', async () => {
    const world = aFakeWorld();
    const runner = runnerOf(world);
    const kube = world.kube.westeurope;
    kube.mode = 'down';
    await runner.observe(aPolicy());
    kube.mode = 'up';
    const events: string[] = [];
    for (const method of ['readyz', 'listNodes', 'getDeployments'] as const) {
      const original = kube[method].bind(kube) as (...args: unknown[]) => Promise<unknown>;
      (kube as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        events.push(`${method} start`);
        await new Promise((resolve) => setTimeout(resolve, 10));
        events.push(`${method} end`);
        return original(...args);
      };
    }
    world.clock.advance(60_000);
    const weu = view((await runner.observe(aPolicy())).byRegion.westeurope);
    expect(events.slice(0, 2)).toEqual(['readyz start', 'readyz end']);
    expect([weu.apiServer, weu.nodes, weu.workloads].every((v) => v?.startsWith('ok'))).toBe(true);
    // Back to normal: the next cycle asks concurrently again.
    events.length = 0;
    world.clock.advance(60_000);
    await runner.observe(aPolicy());
    expect(events.slice(0, 3)).toEqual(['readyz start', 'listNodes start', 'getDeployments start']);
  });

  it('says so when a signal has nothing to probe in a region', async () => {
    const world = aFakeWorld();
    const policy = aPolicy();
    delete (policy.spec.regions[1] as { app?: unknown }).app;
    const cycle = await runnerOf(world).observe(policy);
    expect(view(cycle.byRegion.northeurope).app).toBe('FAIL: regions[northeurope].app.url is not set in the policy');
  });

  it('lets the caller cancel the cycle', async () => {
    const world = aFakeWorld();
    world.http.answers.set('westeurope', 'hang');
    const controller = new AbortController();
    const pending = runnerOf(world).observe(aPolicy(), { abortSignal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});

describe('the request budget on the fakes', () => {
  it('spends 11 Kubernetes requests per cluster and 7 ARM reads per policy in a steady minute at 10 s', async () => {
    const world = aFakeWorld();
    const runner = runnerOf(world);
    const policy = aPolicy();
    await runner.observe(policy);
    for (const kube of Object.values(world.kube)) kube.calls.length = 0;
    world.aks.calls.length = 0;
    world.trafficManager.calls.length = 0;
    const cycles: Observation[][] = [];
    for (let i = 0; i < 6; i++) {
      world.clock.advance(10_000);
      cycles.push(Object.values((await runner.observe(policy)).byRegion).flat());
    }
    for (const kube of Object.values(world.kube)) {
      expect(kube.calls.filter((c) => c === 'readyz')).toHaveLength(6);
      expect(kube.calls.filter((c) => c === 'getDeployments')).toHaveLength(3);
      expect(kube.calls.filter((c) => c === 'listNodes')).toHaveLength(2);
    }
    expect(world.aks.calls.filter((c) => c === `getCluster ${clusterIds.westeurope}`)).toHaveLength(2);
    expect(world.aks.calls.length + world.trafficManager.calls.length).toBe(7);
    // Answers reused from an earlier cycle say how old they are.
    expect(cycles[0]?.find((o) => o.region === 'westeurope' && o.signal === 'nodes')?.reason).toBe('3/3 nodes Ready (as of 10 s ago)');
  });

  it('does not ask ARM again before a 429 Retry-After has passed', async () => {
    const world = aFakeWorld();
    const runner = runnerOf(world);
    const policy = aPolicy({ health: { signals: ['aks'] } });
    world.aks.faults.failNext('getCluster', new AdapterError('Throttled', 'getCluster failed with HTTP 429', { statusCode: 429, retryAfterMs: 90_000 }), 2);
    const first = await runner.observe(policy);
    expect(view(first.byRegion.westeurope).aks).toBe('FAIL: throttled (HTTP 429, retry after 90 s)');
    world.clock.advance(60_000);
    const second = await runner.observe(policy);
    expect(view(second.byRegion.westeurope).aks).toBe('FAIL: throttled (HTTP 429, retry after 90 s) (as of 60 s ago)');
    expect(world.aks.calls).toHaveLength(2);
  });
});
