// evaluateHealth: one probe cycle in, the next health state out. Pure: the time is the cycle's `at`.
import type { FailoverPolicy } from '../../policy/schema.js';
import type { CycleObservations, RegionName } from '../observation.js';
import { initialRegionHealth, type HealthState, type RegionHealth } from './health-state.js';
import { advanceRegion } from './hysteresis.js';
import { defaultVerdictRule, evaluateVerdict, trafficManagerView, type VerdictRule } from './verdict.js';

/**
 * Evaluates every region of the policy. A region missing from the cycle counts as a failed evaluation
 * (its probes did not report: not evidence of health). A cycle not newer than a region's last
 * evaluation is ignored for that region, so replaying a cycle never double-counts. Cycles in which
 * every region fails are blind (see `HealthState.beforeBlind`): they show, but they do not count —
 * when one region answers again, each region goes on from its health before them, so the region
 * that comes back first never finds the other "down" on the strength of failures nobody could tell
 * from aksdr's own blindness.
 */
export function evaluateHealth(policy: FailoverPolicy, previous: HealthState, cycle: CycleObservations, rule: VerdictRule = defaultVerdictRule(policy.spec.health)): HealthState {
  const names = policy.spec.regions.map((r) => r.name);
  const replayed = (name: RegionName): boolean => {
    const at = previous.regions[name]?.evaluatedAt;
    return at !== undefined && cycle.at <= at;
  };
  if (names.every(replayed)) return previous;
  const verdicts = new Map(names.map((name) => [name, evaluateVerdict(rule, cycle.byRegion[name] ?? [])]));
  // Blind: every region failed this cycle (only meaningful with more than one region).
  const blind = names.length > 1 && names.every((name) => verdicts.get(name)?.failed === true);
  // Seeing again after blind cycles: each region continues from where it was before them.
  const base = !blind && previous.beforeBlind ? previous.beforeBlind : previous.regions;
  const regions: Record<RegionName, RegionHealth> = {};
  for (const name of names) {
    const current = previous.regions[name];
    const before = base[name] ?? current ?? initialRegionHealth(name, cycle.at);
    if (current?.evaluatedAt !== undefined && cycle.at <= current.evaluatedAt) {
      regions[name] = current;
      continue;
    }
    const observations = cycle.byRegion[name] ?? [];
    const verdict = verdicts.get(name) ?? evaluateVerdict(rule, observations);
    const advanced = advanceRegion(policy.spec.health, before, verdict.failed, cycle.at);
    const trafficManager = trafficManagerView(observations) ?? before.trafficManager;
    regions[name] = { ...advanced, latest: verdict, ...(trafficManager ? { trafficManager } : {}) };
  }
  const beforeBlind = blind ? (previous.beforeBlind ?? previous.regions) : undefined;
  return { at: Math.max(previous.at, cycle.at), regions, ...(beforeBlind ? { beforeBlind } : {}) };
}
