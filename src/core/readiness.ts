// Readiness: is a region fit to receive traffic (registry replica online, images present, fresh
// backup, same versions, capacity, Traffic Manager profile in order)? Checks are I/O and live
// elsewhere; this is the shape of their results and how the decision reads them.
import type { RegionName } from './observation.js';

export const readinessCheckNames = [
  'acrReplication',
  'acrImages',
  'backupFreshness',
  'backupLocation',
  'versionDrift',
  'capacity',
  'trafficManagerProfile',
] as const;
export type ReadinessCheckName = (typeof readinessCheckNames)[number];

/** `unknown`: the check could not tell (timeout, permission, missing data). */
export type ReadinessStatus = 'pass' | 'fail' | 'unknown';

export interface ReadinessResult {
  check: ReadinessCheckName;
  /** The target region the check is about. */
  region: RegionName;
  status: ReadinessStatus;
  reason: string;
  evidence: Record<string, unknown>;
}

export interface ReadinessReport {
  target: RegionName;
  /** Epoch ms when the checks finished. */
  at: number;
  results: ReadinessResult[];
}

export interface ReadinessOptions {
  /**
   * Checks whose failure the plan itself repairs, so they do not block: a too-small node pool when
   * the policy scales it up (the plan's `scaleUp` step, then `checkReadiness`, gate the traffic move).
   */
  repairable?: readonly ReadinessCheckName[];
}

/**
 * The results that stand in the way of a failover: every `fail` AND every `unknown`. A check that
 * could not tell is not evidence of readiness: an automatic failover needs positive proof, and a
 * person who knows better overrides `target-ready` with a forced command.
 */
export function blockingResults(report: ReadinessReport, options: ReadinessOptions = {}): ReadinessResult[] {
  const repairable = new Set(options.repairable ?? []);
  // Only a known shortfall is repairable: a check that could not tell still blocks.
  return report.results.filter((result) => result.status !== 'pass' && !(result.status === 'fail' && repairable.has(result.check)));
}

/** Ready = no check failed and none is unknown (see `blockingResults`). */
export function isReady(report: ReadinessReport, options: ReadinessOptions = {}): boolean {
  return blockingResults(report, options).length === 0;
}
