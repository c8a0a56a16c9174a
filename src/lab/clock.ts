// Time and chance for the lab, injectable so tests can drive the simulated world deterministically.

export interface LabClock {
  now(): number;
}

export const systemClock: LabClock = { now: () => Date.now() };

/** A clock tests move by hand. */
export class ManualClock implements LabClock {
  constructor(private current: number = Date.UTC(2026, 10, 23, 12, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so a flaky world can be replayed from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
