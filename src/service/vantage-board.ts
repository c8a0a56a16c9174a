// Where the replicas of a service publish what each saw of a policy's regions: one document per
// policy (`<policy>.vantage`) mapping a replica's name to its latest probe cycle. Written with the
// store's revision check (ETag-conditional on Blob Storage) and retried on a conflict, so replicas
// publishing at once never overwrite each other's entries.
import type { CycleObservations } from '../core/index.js';
import { isStateConflictError, type StateStore } from '../state/state-store.js';

export interface VantageReport {
  replica: string;
  /** Epoch ms when the cycle was observed. */
  at: number;
  cycle: CycleObservations;
}

type VantageDocument = Record<string, VantageReport>;

export function vantageKey(policy: string): string {
  return `${policy}.vantage`;
}

export class VantageBoard {
  constructor(private readonly store: StateStore) {}

  async publish(policy: string, report: VantageReport, now: number, options: { staleAfterInMs: number }): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.store.load<VantageDocument>(vantageKey(policy));
      const entries = Object.fromEntries(Object.entries(current?.data ?? {}).filter(([, r]) => now - r.at <= 10 * options.staleAfterInMs));
      try {
        await this.store.save(vantageKey(policy), { ...entries, [report.replica]: report }, current?.revision ?? 0, new Date(now));
        return;
      } catch (error) {
        if (!isStateConflictError(error)) throw error;
      }
    }
    // Five conflicts in a row: the others are publishing; ours comes next cycle.
  }

  /** Reports younger than `freshForInMs`, of every replica. */
  async fresh(policy: string, now: number, freshForInMs: number): Promise<VantageReport[]> {
    const current = await this.store.load<VantageDocument>(vantageKey(policy));
    return Object.values(current?.data ?? {}).filter((r) => now - r.at <= freshForInMs);
  }
}
