// How often noise alone would declare a healthy region down, computed exactly from the policy's own
// rule: every combination of signal outcomes is run through the verdict (so the figure is the rule's,
// not a formula's), then the hysteresis turns a per-evaluation failure probability into the odds of
// a false Unhealthy within a day. Independent per-signal noise is the model: real noise is mostly
// independent, a real outage is correlated (see verdict.ts). `aksdr policy explain` prints these
// figures so a person picks an outage rule with the trade-off in front of them.
import type { HealthSpec } from '../../policy/schema.js';
import type { Observation } from '../observation.js';
import { defaultVerdictRule, evaluateVerdict, type VerdictRule } from './verdict.js';

/** P(one evaluation fails) when each counted signal fails independently with probability `rate`. */
export function evaluationFailureProbability(rule: VerdictRule, rate: number): number {
  const n = rule.signals.length;
  let probability = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    const observations: Observation[] = rule.signals.map((signal, index) => ({ region: 'r', signal, ok: (mask & (1 << index)) === 0, latencyMs: 0, reason: '', at: 0 }));
    if (!evaluateVerdict(rule, observations).failed) continue;
    const failures = observations.filter((seen) => !seen.ok).length;
    probability += rate ** failures * (1 - rate) ** (n - failures);
  }
  return probability;
}

/** P(at least `run` consecutive failed evaluations within `trials`), by dynamic programming over the streak. */
export function consecutiveRunProbability(q: number, run: number, trials: number): number {
  let streaks: number[] = Array.from({ length: run }, (_, length) => (length === 0 ? 1 : 0));
  let hit = 0;
  for (let trial = 0; trial < trials; trial++) {
    const next: number[] = Array.from({ length: run }, () => 0);
    streaks.forEach((mass, length) => {
      next[0] = (next[0] ?? 0) + mass * (1 - q);
      if (length + 1 >= run) hit += mass * q;
      else next[length + 1] = (next[length + 1] ?? 0) + mass * q;
    });
    streaks = next;
  }
  return hit;
}

/** Window sizes up to this are computed exactly (2^(size-1) states); larger ones are not computed. */
export const MAX_EXACT_WINDOW = 10;

/** P(some `size` consecutive evaluations hold `failures` failed ones within `trials`), exact over the window's state. */
export function windowProbability(q: number, size: number, failures: number, trials: number): number | undefined {
  if (size > MAX_EXACT_WINDOW) return undefined;
  const keep = size - 1;
  const mask = (1 << keep) - 1;
  let states = new Map<number, number>([[0, 1]]);
  let hit = 0;
  const ones = (bits: number): number => {
    let count = 0;
    for (let b = bits; b !== 0; b &= b - 1) count++;
    return count;
  };
  for (let trial = 0; trial < trials; trial++) {
    const next = new Map<number, number>();
    for (const [history, mass] of states) {
      for (const failed of [0, 1]) {
        const p = failed ? q : 1 - q;
        if (p === 0) continue;
        const window = (history << 1) | failed;
        if (trial + 1 >= size && ones(window & ((1 << size) - 1)) >= failures) {
          hit += mass * p;
          continue;
        }
        const kept = window & mask;
        next.set(kept, (next.get(kept) ?? 0) + mass * p);
      }
    }
    states = next;
  }
  return hit;
}

export interface NoiseFigure {
  /** Independent per-signal failure rate. */
  rate: number;
  /** P(one evaluation fails). */
  perEvaluation: number;
  /** P(a false Unhealthy within 24 h of evaluations); undefined when not computed (a very large window). */
  perDay: number | undefined;
}

/** False-alarm odds of the policy's rule and hysteresis at the given noise rates. */
export function noiseFigures(health: HealthSpec, rates: readonly number[] = [0.1, 0.3]): NoiseFigure[] {
  const rule = defaultVerdictRule(health);
  const evaluationsPerDay = Math.floor(86_400 / health.intervalSeconds);
  return rates.map((rate) => {
    const q = evaluationFailureProbability(rule, rate);
    const perDay = health.window ? windowProbability(q, health.window.size, health.window.failures, evaluationsPerDay) : consecutiveRunProbability(q, health.unhealthyAfter, evaluationsPerDay);
    return { rate, perEvaluation: q, perDay };
  });
}
