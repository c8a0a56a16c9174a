// The last answer of each source a probe reads, with its time: lets a cycle reuse an answer that is
// fresh enough (see request-budget.ts) and lets concurrent readers of one source in one cycle share
// a single request (the Traffic Manager profile is read once for every region).
import { isAdapterError } from '../core/ports/adapter-error.js';

export type Fetched<T> = {
  /** Epoch ms (the injected clock) when the answer arrived. */
  at: number;
  latencyMs: number;
  /** Not to be asked again before this time (a 429's Retry-After). */
  holdUntil?: number;
} & ({ ok: true; value: T } | { ok: false; error: unknown });

export interface CacheRead<T> {
  fetched: Fetched<T>;
  /** True when the answer came from an earlier cycle. */
  reused: boolean;
}

export class FetchCache {
  private readonly entries = new Map<string, Fetched<unknown>>();
  private readonly inflight = new Map<string, Promise<Fetched<unknown>>>();

  constructor(
    private readonly now: () => number,
    private readonly elapsed: () => number = () => performance.now(),
  ) {}

  /** The cached answer when `fresh` says it will do, else a new one from `fetch` (shared while in flight). */
  async read<T>(key: string, fresh: (ageInMs: number, cached: Fetched<T>) => boolean, fetch: () => Promise<T>): Promise<CacheRead<T>> {
    const cached = this.entries.get(key) as Fetched<T> | undefined;
    const now = this.now();
    if (cached && (fresh(now - cached.at, cached) || (cached.holdUntil !== undefined && now < cached.holdUntil))) return { fetched: cached, reused: true };
    let pending = this.inflight.get(key) as Promise<Fetched<T>> | undefined;
    if (!pending) {
      pending = this.fetchOnce(fetch);
      this.inflight.set(key, pending);
      void pending.finally(() => this.inflight.delete(key));
    }
    const fetched = await pending;
    this.entries.set(key, fetched);
    return { fetched, reused: false };
  }

  /** Forget the answers whose key starts with `prefix` (e.g. one cluster's). */
  forget(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private async fetchOnce<T>(fetch: () => Promise<T>): Promise<Fetched<T>> {
    const started = this.elapsed();
    try {
      const value = await fetch();
      return { at: this.now(), latencyMs: Math.round(this.elapsed() - started), ok: true, value };
    } catch (error) {
      const at = this.now();
      const retryAfterMs = isAdapterError(error) && error.code === 'Throttled' ? error.retryAfterMs : undefined;
      return { at, latencyMs: Math.round(this.elapsed() - started), ok: false, error, ...(retryAfterMs ? { holdUntil: at + retryAfterMs } : {}) };
    }
  }
}
