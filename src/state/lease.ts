// The lease port: one holder at a time per name (a policy), for a bounded time, renewed while the
// holder lives. Blob leases in production (`blob-lease.ts`); a process lock plus a lease that is
// always held for the single-replica file store (`file-lock.ts`). The caller (the service's
// leadership) measures the time: a grant counts from *before* the request was sent, so the holder's
// idea of when the lease ends is never later than the service's.

export interface Lease {
  /** Takes the lease, or keeps it when this holder has it; false when another holder has it. */
  hold(options?: { abortSignal?: AbortSignal }): Promise<boolean>;
  /** Gives the lease up (graceful shutdown): another replica may take it at once. Never throws. */
  release(): Promise<void>;
}

export interface LeaseProvider {
  /** How long a grant lasts without renewal, in ms (the service acts for less than this). */
  readonly durationInMs: number;
  lease(name: string, holder: string): Lease;
}

/** A lease nobody else can want: the file store serves one replica, guarded by the state-dir lock. */
export const soleLeaseProvider: LeaseProvider = {
  durationInMs: Number.POSITIVE_INFINITY,
  lease: () => ({ hold: () => Promise.resolve(true), release: () => Promise.resolve() }),
};
