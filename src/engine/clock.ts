// Time for the engine, as a parameter: `now()` and a cancellable `sleep`. The system clock for the
// product; a fake clock for tests, which moves only when told (`advance`, `runUntilSettled`), so no
// test ever waits for real time to pass.
//
// `now()` is epoch ms, but it does not follow the wall clock: it is the wall clock read once when
// the process starts plus the monotonic time elapsed since (`performance.now()`). Every duration the
// rules measure — dwell, the failover cap's window, the failback hold-down, an operation's deadline,
// the hysteresis' "not older than the last evaluation" — is a difference of two `now()` values, and
// what is meant by each is time that really passed. So a wall clock stepped inside a process (NTP
// correcting an hour, a person running `date -s`) changes nothing: no rule expires early or late,
// no cycle is taken for a replay. The price: timestamps a long-running process writes (journal,
// audit, state) stay off the corrected wall by the step until it restarts; `wallSkewInMs()` says by
// how much and the engine logs it. Across a restart the monotonic clock is gone; what the engine
// then does with persisted timestamps is in `src/engine/future-timestamps.ts`.

export interface Clock {
  /** Epoch ms: the wall at process start + monotonic elapsed (see above). */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason (an AbortError) when it is aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** How far the wall clock now is from `now()` (positive: the wall is ahead); absent: not known. */
  wallSkewInMs?(): number;
}

/** What a clock is made from: the wall clock (`Date.now`) and a monotonic clock (`performance.now`). */
export interface TimeSources {
  wallNow(): number;
  monotonicNow(): number;
}

/** A process's `now()`: the wall read once, then monotonic elapsed added to it. */
export function anchoredTime(sources: TimeSources): { now: () => number; wallSkewInMs: () => number } {
  const wallAtStart = sources.wallNow();
  const monotonicAtStart = sources.monotonicNow();
  const now = (): number => wallAtStart + Math.round(sources.monotonicNow() - monotonicAtStart);
  return { now, wallSkewInMs: () => sources.wallNow() - now() };
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted', 'AbortError');
}

const processTime = anchoredTime({ wallNow: () => Date.now(), monotonicNow: () => performance.now() });

/** One per process (the anchor is read when this module loads), shared by the engine and the probes. */
export const systemClock: Clock = {
  now: processTime.now,
  wallSkewInMs: processTime.wallSkewInMs,
  // Node's timers run on the monotonic clock: a sleep is not shortened or stretched by a wall step.
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        if (signal) reject(abortReason(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

interface Sleeper {
  /** Monotonic ms at which it wakes. */
  dueAt: number;
  seq: number;
  resolve: () => void;
}

/**
 * Lets every promise callback run before the clock moves on — and zero-delay timers too: libraries
 * such as cockatiel hop through `setTimeout(0)` between a failure and its retry, and the clock must
 * not jump past a retry that is about to be scheduled.
 */
async function flush(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A machine's two clocks, moved by hand: monotonic time (what `advance` moves, and what sleeps wait
 * on) and the wall clock (moved by `advance` too, and stepped alone by `stepWall`, as NTP or a
 * person does). `now()` is composed from them exactly as the system clock's is (`anchoredTime`);
 * `restartProcess()` anchors it again, as a new process would.
 */
export class FakeClock implements Clock {
  private monotonic = 0;
  private wallOffset: number;
  private process: ReturnType<typeof anchoredTime>;
  private sleepers: Sleeper[] = [];
  private seq = 0;
  private readonly sources: TimeSources = { wallNow: () => this.wallOffset + this.monotonic, monotonicNow: () => this.monotonic };

  constructor(start: number = Date.UTC(2026, 10, 23, 14, 0, 0)) {
    this.wallOffset = start;
    this.process = anchoredTime(this.sources);
  }

  now(): number {
    return this.process.now();
  }

  wallSkewInMs(): number {
    return this.process.wallSkewInMs();
  }

  /** What `Date.now()` would say on this machine. */
  wallNow(): number {
    return this.sources.wallNow();
  }

  /** Steps the wall clock by `ms` (negative: back); monotonic time, and so `now()`, does not move. */
  stepWall(ms: number): void {
    this.wallOffset += ms;
  }

  /** A new process on this machine: `now()` is anchored to the wall clock as it is now. Pending sleeps are kept. */
  restartProcess(): void {
    this.process = anchoredTime(this.sources);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const sleeper: Sleeper = { dueAt: this.monotonic + Math.max(0, ms), seq: this.seq++, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(abortReason(signal));
        },
        { once: true },
      );
    });
  }

  /** `now()` at which the earliest pending sleep wakes, if any. */
  nextDueAt(): number | undefined {
    const due = this.sleepers.reduce<number | undefined>((min, s) => (min === undefined || s.dueAt < min ? s.dueAt : min), undefined);
    return due === undefined ? undefined : this.now() + (due - this.monotonic);
  }

  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Moves time (monotonic and wall) forward by `ms`, waking every sleep that falls due, in order, letting each one's continuation run. */
  async advance(ms: number): Promise<void> {
    const target = this.monotonic + ms;
    for (;;) {
      const due = this.sleepers.filter((s) => s.dueAt <= target).sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.monotonic = Math.max(this.monotonic, due.dueAt);
      due.resolve();
      await flush();
    }
    this.monotonic = target;
    await flush();
  }

  /**
   * Drives `promise` to completion: lets pending work run, and whenever everything waits on the
   * clock, jumps to the next due sleep. Throws when nothing is due and the promise is still pending
   * (it waits on something the clock cannot move), or after `maxJumps`.
   */
  async runUntilSettled<T>(promise: Promise<T>, maxJumps = 10_000): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
    });
    // Observed here so a rejection is not reported as unhandled while we drive.
    watched.catch(() => undefined);
    for (let jumps = 0; ; jumps++) {
      await flush(5);
      if (settled) return watched;
      if (jumps >= maxJumps) throw new Error(`FakeClock.runUntilSettled: still pending after ${maxJumps} jumps`);
      const due = this.nextDueAt();
      if (due === undefined) {
        // Something outside the clock (a real timer of a library) may still be on its way.
        await new Promise<void>((resolve) => setTimeout(resolve, 1));
        continue;
      }
      await this.advance(Math.max(0, due - this.now()));
    }
  }
}
