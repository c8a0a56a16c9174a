// Region health as the evaluation keeps it between probe cycles: the status, the counters behind the
// hysteresis, when the status last changed, and the latest evidence. Persisted with the engine state,
// so plain JSON data.
import type { FailoverPolicy } from '../../policy/schema.js';
import type { RegionName } from '../observation.js';
import type { EvaluationVerdict, SignalOutcome } from './verdict.js';

/**
 * Healthy: the latest evaluation passed (or recovery completed).
 * Suspect: the latest evaluation failed, not yet enough failures to call it down.
 * Unhealthy: failures reached the threshold; stays so until `healthyAfter` consecutive passes.
 */
export type HealthStatus = 'Healthy' | 'Suspect' | 'Unhealthy';

export interface RegionHealth {
  region: RegionName;
  status: HealthStatus;
  /** Epoch ms when the region entered its current status. */
  since: number;
  /** Epoch ms when the region last became Healthy (failback hold-down counts from here). */
  healthySince?: number;
  /** Epoch ms when the region last became Unhealthy. */
  unhealthySince?: number;
  consecutiveFailed: number;
  consecutivePassed: number;
  /** M-of-N window: the latest evaluations, oldest first, `true` = failed. Empty without a window. */
  recent: boolean[];
  /** Epoch ms of the latest evaluated cycle; a cycle not newer than this is ignored (replays). */
  evaluatedAt?: number;
  /** The latest verdict: which signals failed and why. */
  latest?: EvaluationVerdict;
  /** What Azure Traffic Manager's monitor said in the latest cycle that observed it. */
  trafficManager?: SignalOutcome;
}

export interface HealthState {
  /** Epoch ms of the latest evaluation (or of creation). */
  at: number;
  regions: Record<RegionName, RegionHealth>;
  /**
   * Set while aksdr is blind — every region of a multi-region policy failed the same cycles, which says
   * more about aksdr's own reach than about any region: each region's health as it was before the
   * first blind cycle. The blind cycles still show (statuses advance, so `all-regions-down` holds and
   * alerts), but they are no evidence: the first cycle that sees again starts from these.
   */
  beforeBlind?: Record<RegionName, RegionHealth>;
}

/** A region nobody has evaluated yet counts as Healthy from `now`: hold-downs start at start-up. */
export function initialRegionHealth(region: RegionName, now: number): RegionHealth {
  return { region, status: 'Healthy', since: now, healthySince: now, consecutiveFailed: 0, consecutivePassed: 0, recent: [] };
}

export function initialHealthState(policy: FailoverPolicy, now: number): HealthState {
  const regions: Record<RegionName, RegionHealth> = {};
  for (const { name } of policy.spec.regions) regions[name] = initialRegionHealth(name, now);
  return { at: now, regions };
}

export function statusOf(health: HealthState, region: RegionName): HealthStatus | undefined {
  return health.regions[region]?.status;
}
