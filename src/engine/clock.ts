// Time for the engine, as a parameter: `now()` and a cancellable `sleep`. The system clock for the
// product; a fake clock for tests, which moves only when told (`advance`, `runUntilSettled`), so no
// test ever waits for real time to pass.

export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason (an AbortError) when it is aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted', 'AbortError');
}

export const systemClock: Clock = {
  now: () => Date.now(),
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

export class FakeClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private seq = 0;

  constructor(start: number = Date.UTC(2026, 10, 23, 14, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const sleeper: Sleeper = { dueAt: this.current + Math.max(0, ms), seq: this.seq++, resolve };
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

  /** Epoch ms of the earliest pending sleep, if any. */
  nextDueAt(): number | undefined {
    return this.sleepers.reduce<number | undefined>((min, s) => (min === undefined || s.dueAt < min ? s.dueAt : min), undefined);
  }

  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Moves time forward by `ms`, waking every sleep that falls due, in order, letting each one's continuation run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const due = this.sleepers.filter((s) => s.dueAt <= target).sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.current = Math.max(this.current, due.dueAt);
      due.resolve();
      await flush();
    }
    this.current = target;
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
      await this.advance(Math.max(0, due - this.current));
    }
  }
}
