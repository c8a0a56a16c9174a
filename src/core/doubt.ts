// Doubt: reasons to distrust our own view before acting on it.
// - Every region looks down at once: the likeliest cause is our own network or a broken check, not
//   a simultaneous outage of every region. Hold, alert loudly, act only on a forced command.
// - Azure Traffic Manager's monitor (an independent vantage point) sees a region Online while our
//   probes call it down: `health.trafficManagerVantage` says what that means — `ignore` it,
//   `caution` (no automatic failover; plan and ask a person), or `veto` (no automatic failover at all).
import type { FailoverPolicy } from '../policy/schema.js';
import type { HealthState, HealthStatus } from './health/health-state.js';
import type { RegionName } from './observation.js';

export type VantageStance = FailoverPolicy['spec']['health']['trafficManagerVantage'];

export interface AllRegionsDown {
  kind: 'all-regions-down';
  statuses: Record<RegionName, HealthStatus | 'unknown'>;
}

export interface VantageDisagrees {
  kind: 'vantage-disagrees';
  region: RegionName;
  stance: Exclude<VantageStance, 'ignore'>;
  ours: HealthStatus;
  trafficManager: string;
}

export type Doubt = AllRegionsDown | VantageDisagrees;

/** Every region of the policy is Unhealthy or Suspect (a region never evaluated counts as down). */
export function allRegionsDown(policy: FailoverPolicy, health: HealthState): AllRegionsDown | undefined {
  const statuses: Record<RegionName, HealthStatus | 'unknown'> = {};
  for (const { name } of policy.spec.regions) statuses[name] = health.regions[name]?.status ?? 'unknown';
  const down = Object.values(statuses).every((status) => status !== 'Healthy');
  return down ? { kind: 'all-regions-down', statuses } : undefined;
}

/**
 * Our probes call `region` down while Traffic Manager's latest view says Online — and its monitor has
 * had the time to see it. The monitor lags: a dead endpoint turns Degraded only after
 * (tolerated + 1) × interval + timeout of the profile's monitorConfig (130 s with Azure's defaults).
 * Its Online before then is not a second opinion, only a view not yet updated, so it holds nothing:
 * Traffic Manager's lag never stretches the policy's own detection time. Failing longer than that lag
 * (counted as consecutive failed evaluations × interval) and still Online is a disagreement.
 */
export function vantageDisagrees(policy: FailoverPolicy, health: HealthState, region: RegionName): VantageDisagrees | undefined {
  const stance = policy.spec.health.trafficManagerVantage;
  const regionHealth = health.regions[region];
  if (stance === 'ignore' || !regionHealth || regionHealth.status === 'Healthy') return undefined;
  const view = regionHealth.trafficManager;
  if (!view?.ok) return undefined;
  const failingSeconds = regionHealth.consecutiveFailed * policy.spec.health.intervalSeconds;
  if (view.lagSeconds !== undefined && failingSeconds < view.lagSeconds) return undefined;
  return { kind: 'vantage-disagrees', region, stance, ours: regionHealth.status, trafficManager: view.reason };
}
