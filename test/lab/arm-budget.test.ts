// The product's ARM request budget measured by ARM itself: over a steady-state minute of the real
// observer, the lab's ARM front door (its throttle's count of admitted requests) sees exactly the
// reads the product's own request accounting reports, no writes, and that is a small share of the
// per-principal budget ARM refills every minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObserver } from '../../src/app/index.js';
import { subscriptionBuckets } from '../../src/lab/arm/throttling.js';
import { ManualClock } from '../../src/lab/clock.js';
import { requestCount, sleep, startLabWorld, type LabWorld } from '../app/fixtures/lab-world.js';

let world: LabWorld;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  world = await startLabWorld({ intervalSeconds: 10, clock });
});
afterAll(async () => {
  await world?.close();
});

describe('the product against ARM’s own count', () => {
  it('spends in a steady minute the reads it accounts for, and a small share of the minute’s refill', async () => {
    const observer = createObserver(world.deps);
    await observer.observe(world.policy);
    const productBefore = await requestCount(world.metrics, { target: 'arm' });
    const armBefore = world.lab.armRequestsAdmitted();
    for (let cycle = 0; cycle < 6; cycle++) {
      clock.advance(10_000);
      const observed = await observer.observe(world.policy);
      // A probe that ran out of time abandons its request in flight: the counts would then differ by it.
      expect(Object.values(observed.byRegion).flat().filter((o) => !o.ok)).toEqual([]);
    }
    // Abandoned or late requests are recorded when their sockets close, a moment after the cycle.
    await sleep(200);
    const productReads = (await requestCount(world.metrics, { target: 'arm' })) - productBefore;
    const arm = world.lab.armRequestsAdmitted();
    const armReads = arm.reads - armBefore.reads;
    expect(armReads).toBe(productReads);
    expect([arm.writes - armBefore.writes, arm.deletes - armBefore.deletes]).toEqual([0, 0]);
    // ARM refills 25 reads a second per principal: 1,500 a minute. A watcher should use under 1 %.
    expect(armReads).toBeLessThan(subscriptionBuckets.reads.refillPerSecond * 60 * 0.01);
  });
});
