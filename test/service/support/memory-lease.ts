// Leases in memory on a fake clock, for service tests: the same semantics as blob leases — one
// holder, a fixed duration counted on the "service's" clock, re-acquire by the holder renews — and a
// switch to make a replica's lease calls fail (storage unreachable from there).
import type { Clock } from '../../../src/engine/clock.js';
import type { Lease, LeaseProvider } from '../../../src/state/lease.js';

export class MemoryLeases implements LeaseProvider {
  readonly holders = new Map<string, { holder: string; expiresAt: number }>();
  readonly unreachable = new Set<string>();

  constructor(
    private readonly clock: Clock,
    readonly durationInMs = 15_000,
  ) {}

  lease(name: string, holder: string): Lease {
    return {
      hold: () => {
        if (this.unreachable.has(holder)) return Promise.reject(new Error('storage unreachable'));
        const now = this.clock.now();
        const current = this.holders.get(name);
        if (current && current.holder !== holder && current.expiresAt > now) return Promise.resolve(false);
        this.holders.set(name, { holder, expiresAt: now + this.durationInMs });
        return Promise.resolve(true);
      },
      release: () => {
        if (this.holders.get(name)?.holder === holder) this.holders.delete(name);
        return Promise.resolve();
      },
    };
  }

  holderOf(name: string): string | undefined {
    const current = this.holders.get(name);
    return current && current.expiresAt > this.clock.now() ? current.holder : undefined;
  }
}
