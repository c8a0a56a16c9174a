// The lab's simulated users: they resolve the Traffic Manager name through the lab's DNS, cache the
// answer for its TTL on the lab clock and call the region it names — so after a regional outage
// "traffic moved" is measured where the users are: only after Traffic Manager's monitor has
// probed the region Degraded and the cached answers have expired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lab/clock.js';
import type { ClientPopulation } from '../../src/lab/clients/client-population.js';
import { movedAt, trafficShare } from '../../src/lab/clients/traffic-share.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { withTempDir } from '../fixtures/temp-dir.js';

describe('traffic shares', () => {
  it('counts what each region served over the window, failures apart', () => {
    const records = [
      { at: 1_000, region: 'a', ok: true },
      { at: 25_000, region: 'a', ok: true },
      { at: 26_000, region: 'a', ok: false, reason: 'timeout' },
      { at: 27_000, region: 'b', ok: true },
      { at: 28_000, ok: false, reason: 'DNS NXDOMAIN' },
    ];
    expect(trafficShare(records, 30_000, 10_000, 3)).toEqual({
      clients: 3,
      windowSeconds: 10,
      requests: 4,
      failedShare: 0.5,
      byRegion: { a: { requests: 2, served: 1, failed: 1, share: 0.25 }, b: { requests: 1, served: 1, failed: 0, share: 0.25 } },
      lastFailure: 'DNS NXDOMAIN',
    });
  });
});

describe('when the users had moved', () => {
  it('is the first second from which every second had 99 % of its requests served by the region', () => {
    const second = (at: number, region: string, ok = true) => ({ at, region, ok });
    const records = [second(0, 'a'), second(1_000, 'b'), second(2_000, 'a'), second(3_000, 'b'), second(3_500, 'b'), second(4_000, 'b')];
    expect(movedAt(records, 'b', 0, 5_000)).toBe(3_000);
    expect(movedAt(records, 'b', 0, 5_000, 0.5)).toBe(3_000);
    expect(movedAt(records, 'a', 0, 5_000)).toBeUndefined();
    expect(movedAt([...records, second(5_000, 'b', false)], 'b', 0, 6_000)).toBeUndefined();
  });
});

describe('a client population in the lab', () => {
  let lab: Lab;
  let clients: ClientPopulation;
  let cleanup: () => Promise<void>;
  const clock = new ManualClock();
  /** One lab second at a time: the controllers tick, every client whose turn it is sends its request. */
  const run = async (seconds: number): Promise<void> => {
    for (let s = 0; s < seconds; s++) {
      clock.advance(1_000);
      lab.tick();
      await clients.step();
    }
  };
  beforeAll(async () => {
    const temp = await withTempDir('aksdr-clients-');
    cleanup = temp.cleanup;
    lab = await startLab({ dir: temp.dir, clock, seed: 4, tickIntervalMs: 0, clients: { count: 10, requestEveryMs: 1_000, requestTimeoutMs: 400 } });
    if (!lab.clients) throw new Error('the lab started no clients');
    clients = lab.clients;
  });
  afterAll(async () => {
    await lab.stop();
    await cleanup();
  });

  it('sends the users where the weights say, and reports it in the lab state', async () => {
    await run(30);
    const report = lab.state().clients;
    expect(report?.requests).toBe(300);
    // Weights 1000 : 1; with ten clients one answer for northeurope (a 1‰ draw) can happen.
    expect(report?.byRegion.westeurope?.share).toBeGreaterThanOrEqual(0.9);
    expect((report?.byRegion.westeurope?.share ?? 0) + (report?.byRegion.northeurope?.share ?? 0)).toBe(1);
    expect(report?.failedShare).toBe(0);
  });

  it('after a region dies, users keep failing until the monitor degrades it and their cached answers expire', async () => {
    const faultAt = clock.now();
    lab.inject('westeurope', 'region-down', { mode: 'reset' });
    await run(10);
    const during = clients.report(10_000);
    expect(during.byRegion.westeurope?.failed).toBeGreaterThanOrEqual(80);
    // Degraded after two failed probes (≤ 20 s), then at most one TTL (30 s) of cached answers.
    await run(41);
    await run(9);
    const after = clients.report(9_000);
    expect(after.byRegion.northeurope?.share).toBe(1);
    expect(after.failedShare).toBe(0);
    // Degraded after 20 s, then up to one 30 s TTL of cached answers.
    const moved = clients.movedAt('northeurope', faultAt);
    expect(moved && (moved - faultAt) / 1000).toBeGreaterThan(20);
    expect(moved && (moved - faultAt) / 1000).toBeLessThanOrEqual(51);
    lab.heal();
  });

  it('a blackholed region costs each user its whole timeout', async () => {
    // Send everyone to westeurope again, then blackhole it: the requests hang until the clients give up.
    await run(60);
    lab.inject('westeurope', 'region-down');
    const started = performance.now();
    await run(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    const report = clients.report(1_000);
    expect(report.lastFailure).toMatch(/timeout after 400 ms/);
    lab.heal();
  });
});
