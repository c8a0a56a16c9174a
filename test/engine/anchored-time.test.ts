// The engine's time is the wall read once plus monotonic elapsed: a wall step inside a process moves
// neither `now()` nor a sleep, and is reported as skew; a new process anchors to the wall again.
import { describe, expect, it } from 'vitest';
import { FakeClock, anchoredTime } from '../../src/engine/clock.js';

describe('anchored time', () => {
  it('follows monotonic time, not a stepped wall, and reports the skew', () => {
    let wall = 1_000_000;
    let mono = 50;
    const time = anchoredTime({ wallNow: () => wall, monotonicNow: () => mono });
    mono += 2_000;
    wall += 2_000 - 3_600_000; // two seconds passed, then the wall was stepped back an hour
    expect(time.now()).toBe(1_002_000);
    expect(time.wallSkewInMs()).toBe(-3_600_000);
  });

  it('the fake clock steps its wall apart from monotonic time; sleeps wait on monotonic time; a restart re-anchors', async () => {
    const clock = new FakeClock(0);
    let woke = false;
    void clock.sleep(10_000).then(() => (woke = true));
    clock.stepWall(3_600_000);
    await clock.advance(9_999);
    expect(woke).toBe(false);
    expect(clock.now()).toBe(9_999);
    expect(clock.wallNow()).toBe(3_609_999);
    await clock.advance(1);
    expect(woke).toBe(true);
    clock.restartProcess();
    expect(clock.now()).toBe(3_610_000);
    expect(clock.wallSkewInMs()).toBe(0);
  });
});
