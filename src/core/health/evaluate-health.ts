// evaluateHealth: one probe cycle in, the next health state out. Pure: the time is the cycle's `at`.
import type { FailoverPolicy } from '../../policy/schema.js';
import type { CycleObservations, RegionName } from '../observation.js';
import { initialRegionHealth, type HealthState, type RegionHealth } from './health-state.js';
import { advanceRegion } from './hysteresis.js';
import { defaultVerdictRule, evaluateVerdict, trafficManagerView, type VerdictRule } from './verdict.js';

/**
 * Evaluates every region of the policy. A region missing from the cycle counts as a failed evaluation
 * (its probes did not report: not evidence of health). A cycle not newer than a region's last
 * evaluation is ignored for that region, so replaying a cycle never double-counts.
 */
export function evaluateHealth(policy: FailoverPolicy, previous: HealthState, cycle: CycleObservations, rule: VerdictRule = defaultVerdictRule(policy.spec.health)): HealthState {
  const regions: Record<RegionName, RegionHealth> = {};
  for (const { name } of policy.spec.regions) {
    const before = previous.regions[name] ?? initialRegionHealth(name, cycle.at);
    if (before.evaluatedAt !== undefined && cycle.at <= before.evaluatedAt) {
      regions[name] = before;
      continue;
    }
    const observations = cycle.byRegion[name] ?? [];
    const verdict = evaluateVerdict(rule, observations);
    const advanced = advanceRegion(policy.spec.health, before, verdict.failed, cycle.at);
    const trafficManager = trafficManagerView(observations) ?? before.trafficManager;
    regions[name] = { ...advanced, latest: verdict, ...(trafficManager ? { trafficManager } : {}) };
  }
  return { at: Math.max(previous.at, cycle.at), regions };
}
