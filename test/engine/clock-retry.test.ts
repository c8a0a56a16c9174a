// The fake clock moves only when told and wakes sleeps in order; the retry backoff honours a
// server's Retry-After over its own exponential schedule.
import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../src/core/ports/adapter-error.js';
import { FakeClock } from '../../src/engine/clock.js';
import { backoffDelayMs, callWithRetry } from '../../src/engine/executor/retry.js';

describe('FakeClock', () => {
  it('wakes due sleeps in order and only when advanced', async () => {
    const clock = new FakeClock(0);
    const woke: number[] = [];
    void clock.sleep(200).then(() => woke.push(clock.now()));
    void clock.sleep(100).then(() => woke.push(clock.now()));
    await clock.advance(50);
    expect(woke).toEqual([]);
    await clock.advance(200);
    expect(woke).toEqual([100, 200]);
    expect(clock.now()).toBe(250);
  });

  it('rejects an aborted sleep and forgets it', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toThrow();
    expect(clock.pendingSleeps).toBe(0);
  });
});

describe('retry backoff', () => {
  const settings = { maxRetries: 5, initialDelayMs: 1_000, maxDelayMs: 30_000 };
  it('doubles from the initial delay up to the maximum', () => {
    expect([1, 2, 3, 6, 9].map((attempt) => backoffDelayMs(settings, attempt, new AdapterError('Unavailable', 'x')))).toEqual([1_000, 2_000, 4_000, 30_000, 30_000]);
  });
  it('waits what the server asked for in Retry-After', () => {
    expect(backoffDelayMs(settings, 1, new AdapterError('Throttled', 'x', { retryAfterMs: 12_000 }))).toBe(12_000);
  });
  it('gives up after maxRetries and rethrows the last error', async () => {
    const clock = new FakeClock(0);
    let calls = 0;
    const failing = callWithRetry(clock, { ...settings, maxRetries: 2 }, undefined, () => {
      calls++;
      return Promise.reject(new AdapterError('Unavailable', 'down'));
    });
    await expect(clock.runUntilSettled(failing)).rejects.toThrow('down');
    expect(calls).toBe(3);
    expect(clock.now()).toBe(3_000);
  });
});
