// How many cases each fuzz property tries. The defaults keep `npm test` fast; `AKSDR_FUZZ_RUNS=<n>`
// runs every property n times (a long run: `AKSDR_FUZZ_RUNS=5000 npx vitest run test/fuzz`), and
// `AKSDR_FUZZ_SEED` replays the seed a failure printed.
import type fc from 'fast-check';

export function fuzzRuns(defaultRuns: number): number {
  const wanted = Number(process.env.AKSDR_FUZZ_RUNS);
  return Number.isInteger(wanted) && wanted > 0 ? wanted : defaultRuns;
}

/** fast-check parameters for one property: the run count and the seed to replay. */
export function fuzzParameters<T>(defaultRuns: number): fc.Parameters<T> {
  const seed = Number(process.env.AKSDR_FUZZ_SEED);
  return { numRuns: fuzzRuns(defaultRuns), ...(Number.isInteger(seed) ? { seed } : {}) };
}

/** The test timeout for a property of `defaultRuns` cases that take about `msPerCase` each. */
export function fuzzTimeout(defaultRuns: number, msPerCase: number): number {
  return Math.max(30_000, fuzzRuns(defaultRuns) * msPerCase * 3);
}
