// Whether this replica may act for one policy now, from its lease — and the fencing that makes the
// answer safe. A grant is counted from the moment *before* the request was sent, and the replica
// acts only until `grantedAt + duration − margin`: if renewals stop succeeding (storage unreachable,
// the process starved), the replica stops acting — its term's AbortSignal fires, which stops the
// executor between calls exactly as a SIGTERM does — a full `margin` before the lease can expire on
// the service and another replica can take it. A watchdog timer ends the term at that instant, not
// at the next attempt. With blob leases of 15 s renewed every 3.75 s and a 5 s margin, one lost
// renewal is tolerated, two in a row stop the actor (10 s after its last grant, 5 s before the
// lease expires), and a dead actor is replaced within 15 s plus one attempt period.
import type { Logger } from 'pino';
import type { Clock } from '../engine/clock.js';
import type { Lease } from '../state/lease.js';

export interface LeadershipTimings {
  durationInMs: number;
  renewEveryInMs: number;
  marginInMs: number;
}

export function leadershipTimings(durationInMs: number): LeadershipTimings {
  if (!Number.isFinite(durationInMs)) return { durationInMs, renewEveryInMs: 5_000, marginInMs: 0 };
  return { durationInMs, renewEveryInMs: Math.floor(durationInMs / 4), marginInMs: Math.floor(durationInMs / 3) };
}

export class Leadership {
  private actUntil = 0;
  private term: AbortController | undefined;
  private watchdog: AbortController | undefined;
  private lastError: string | undefined;
  private lastRenewedAt: number | undefined;

  constructor(
    readonly policy: string,
    private readonly lease: Lease,
    private readonly clock: Clock,
    private readonly timings: LeadershipTimings,
    private readonly log?: Logger,
  ) {}

  /** True while this replica holds the lease with time to spare. */
  get leading(): boolean {
    return this.term !== undefined && this.clock.now() < this.actUntil;
  }

  /** Aborts when this term of leadership ends (lost, fenced or released). */
  get signal(): AbortSignal | undefined {
    return this.term?.signal;
  }

  /** For /readyz: renewing (or not holding), and the latest failure to reach the lease service. */
  health(): { leading: boolean; renewing: boolean; lastError?: string; lastRenewedAt?: number } {
    const renewing = this.lastError === undefined;
    return { leading: this.leading, renewing, ...(this.lastError ? { lastError: this.lastError } : {}), ...(this.lastRenewedAt ? { lastRenewedAt: this.lastRenewedAt } : {}) };
  }

  /** One attempt to take or keep the lease; ends the term when the lease is lost or about to be. */
  async attempt(): Promise<boolean> {
    const sentAt = this.clock.now();
    const timeout = new AbortController();
    // Never wait for an answer past the moment we must stop acting anyway.
    // (Capped: a lease that never expires — the single-replica file store — has an infinite grant.)
    const budget = Math.min(60_000, this.term ? Math.max(1, this.actUntil - sentAt) : this.timings.renewEveryInMs);
    const timer = this.clock.sleep(budget, timeout.signal).then(
      () => timeout.abort(new Error(`no answer from the lease service within ${budget} ms`)),
      () => undefined,
    );
    try {
      const held = await this.lease.hold({ abortSignal: timeout.signal });
      this.lastError = undefined;
      if (held) {
        this.lastRenewedAt = this.clock.now();
        this.actUntil = sentAt + this.timings.durationInMs - this.timings.marginInMs;
        if (!this.term) {
          this.term = new AbortController();
          this.log?.info({ policy: this.policy }, 'took the lease: this replica acts for the policy');
        }
        this.armWatchdog();
      } else {
        this.end('another replica holds the lease');
      }
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      if (this.term && this.clock.now() >= this.actUntil) this.end(`could not renew the lease in time: ${this.lastError}`);
    } finally {
      timeout.abort();
      await timer;
    }
    // Fencing: even when renewals hang, a term never outlives its grant minus the margin.
    if (this.term && this.clock.now() >= this.actUntil) this.end('the lease was not renewed in time');
    return this.leading;
  }

  async release(): Promise<void> {
    this.end('released');
    await this.lease.release();
  }

  /** Ends the term at `actUntil` unless a renewal moves it first. */
  private armWatchdog(): void {
    this.watchdog?.abort();
    if (!Number.isFinite(this.actUntil)) return;
    const watchdog = new AbortController();
    this.watchdog = watchdog;
    this.clock.sleep(Math.max(0, this.actUntil - this.clock.now()), watchdog.signal).then(
      () => {
        if (this.term && this.clock.now() >= this.actUntil) this.end('the lease was not renewed in time');
      },
      () => undefined,
    );
  }

  private end(why: string): void {
    this.watchdog?.abort();
    this.watchdog = undefined;
    if (!this.term) return;
    this.term.abort(new Error(`leadership of ${this.policy} ended: ${why}`));
    this.term = undefined;
    this.actUntil = 0;
    this.log?.warn({ policy: this.policy }, `stopped acting for the policy: ${why}`);
  }
}
