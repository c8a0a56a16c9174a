// Leadership under a lease: one holder at a time, and fencing — a replica that cannot renew stops
// acting (its term's signal fires) before its lease can expire and another replica take over.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/engine/clock.js';
import { Leadership, leadershipTimings } from '../../src/service/leadership.js';
import { MemoryLeases } from './support/memory-lease.js';

describe('leadership of a policy', () => {
  it('is held by one replica at a time; the other takes over once the lease lapses', async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases(clock);
    const timings = leadershipTimings(leases.durationInMs);
    const a = new Leadership('shop', leases.lease('shop', 'a'), clock, timings);
    const b = new Leadership('shop', leases.lease('shop', 'b'), clock, timings);
    expect(await a.attempt()).toBe(true);
    expect(await b.attempt()).toBe(false);
    await clock.advance(leases.durationInMs + 1);
    expect(await b.attempt()).toBe(true);
    expect(await a.attempt()).toBe(false);
    expect(a.leading).toBe(false);
  });

  it('stops acting before the lease can expire when renewals fail (fencing)', async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases(clock);
    const timings = leadershipTimings(leases.durationInMs);
    const a = new Leadership('shop', leases.lease('shop', 'a'), clock, timings);
    await a.attempt();
    const term = a.signal;
    let fencedAt: number | undefined;
    term?.addEventListener('abort', () => (fencedAt = clock.now()));
    const expiresAt = leases.holders.get('shop')?.expiresAt ?? 0;
    leases.unreachable.add('a');
    for (let t = 0; t < 5 && a.leading; t++) {
      await clock.advance(timings.renewEveryInMs);
      await a.attempt();
    }
    expect(a.leading).toBe(false);
    expect(fencedAt).toBeDefined();
    expect(expiresAt - (fencedAt ?? Infinity)).toBeGreaterThanOrEqual(timings.marginInMs);
    expect(a.health().renewing).toBe(false);
  });

  it('tolerates one lost renewal, and ends the term on time by itself when no renewal succeeds', async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases(clock);
    const timings = leadershipTimings(leases.durationInMs);
    const a = new Leadership('shop', leases.lease('shop', 'a'), clock, timings);
    await a.attempt();
    leases.unreachable.add('a');
    await clock.advance(timings.renewEveryInMs);
    await a.attempt();
    leases.unreachable.delete('a');
    await clock.advance(timings.renewEveryInMs);
    expect(await a.attempt()).toBe(true);

    const grantedAt = clock.now();
    let endedAt: number | undefined;
    a.signal?.addEventListener('abort', () => (endedAt = clock.now()));
    await clock.advance(leases.durationInMs);
    expect(endedAt).toBe(grantedAt + timings.durationInMs - timings.marginInMs);
    expect(a.leading).toBe(false);
  });

  it('hands the lease over at once on release', async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases(clock);
    const timings = leadershipTimings(leases.durationInMs);
    const a = new Leadership('shop', leases.lease('shop', 'a'), clock, timings);
    const b = new Leadership('shop', leases.lease('shop', 'b'), clock, timings);
    await a.attempt();
    await a.release();
    expect(await b.attempt()).toBe(true);
  });
});
