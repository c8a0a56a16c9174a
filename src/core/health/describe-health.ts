// A region's health in one line a person can trust: the status, and what it rests on. A region can
// be Healthy while some signals fail (the verdict rule needs every serving signal to fail — an ARM
// throttle that blinds the Kubernetes signals while the app serves is not an outage), and Unhealthy
// while its latest evaluation passed (it is recovering: `healthyAfter` passes are needed) — both
// said in words, never as a bare status beside a list of failures that seems to contradict it.
import type { HealthSpec } from '../../policy/schema.js';
import type { RegionHealth } from './health-state.js';
import { defaultVerdictRule } from './verdict.js';

export function describeRegionHealth(health: Pick<HealthSpec, 'signals' | 'healthyAfter'>, region: RegionHealth | undefined): string {
  if (!region) return 'not evaluated yet';
  const failing = region.latest?.failedSignals ?? [];
  const passing = region.latest?.signals.filter((s) => s.ok).map((s) => s.signal) ?? [];
  const rule = defaultVerdictRule(health);
  if (region.status === 'Unhealthy' && region.latest && !region.latest.failed) {
    return `Unhealthy, recovering: ${region.consecutivePassed} of ${health.healthyAfter} passing evaluations${failing.length ? ` (still failing: ${failing.join(', ')})` : ''}`;
  }
  if (failing.length === 0) return region.status;
  if (region.latest && !region.latest.failed) {
    const holding = rule.mustFail.filter((signal) => passing.includes(signal));
    return `${region.status} — ${failing.join(', ')} failing, but ${holding.join(', ') || passing.join(', ')} pass${holding.length === 1 ? 'es' : ''}, so the region is not counted as failing`;
  }
  const count = region.status === 'Unhealthy' ? '' : ` (${region.consecutiveFailed} failed evaluation${region.consecutiveFailed === 1 ? '' : 's'} in a row)`;
  return `${region.status}${count} — failing: ${failing.join(', ')}`;
}
