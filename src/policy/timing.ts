// What a policy's numbers mean in time: how long detection, readiness, restore and the traffic shift
// can take. Pure arithmetic on the effective policy, shared by `policy explain` and the RTO rule.
import type { PolicySpec } from './schema.js';

export interface PolicyTiming {
  /** Failed evaluations that make a region Unhealthy (consecutive, or within the window). */
  failedEvaluationsToDetect: number;
  /** A hard outage (probes fail fast): earliest and latest detection after it starts. */
  detectionMinSeconds: number;
  detectionMaxSeconds: number;
  /** Probes that hang until their timeout add that timeout to the last evaluation. */
  detectionHangMaxSeconds: number;
  /** Scale-up budget before traffic moves in an outage (0 without a capacity gate that scales, or when it scales after the shift). */
  capacityBudgetSeconds: number;
  /** Restore budget before traffic moves (restoreFirst with recovery only). */
  restoreBeforeShiftSeconds: number;
  /** From the first to the last traffic step. */
  shiftSeconds: number;
  /** Worst case from outage start to the last traffic step, excluding any human approval. */
  worstCaseMitigationSeconds: number;
  /** The profile's DNS TTL as the policy states it (`trafficManager.dnsTtlSeconds`); undefined when not stated. */
  dnsTtlSeconds: number | undefined;
  /** Worst case until the users have moved: the mitigation plus one DNS TTL (undefined without the TTL). */
  worstCaseUsersMovedSeconds: number | undefined;
  /** Consecutive healthy seconds before a failed region counts as healthy again. */
  recoverySeconds: number;
}

type TimingInput = Pick<PolicySpec, 'health' | 'trafficManager' | 'readiness' | 'failover' | 'recovery'>;

/**
 * Whether a failover away from a region that is down moves the traffic before the scale-up: a warm
 * standby (order shiftFirst) that scales up, with `readiness.capacity.whenSourceDown: shiftFirst`.
 * A dead region serves nobody; a planned move and a cold standby scale first.
 */
export function scalesUpAfterShift(spec: Pick<PolicySpec, 'readiness' | 'failover'>): boolean {
  const capacity = spec.readiness.capacity;
  return capacity?.scaleUp === true && spec.failover.order === 'shiftFirst' && capacity.whenSourceDown === 'shiftFirst';
}

export function computeTiming(spec: TimingInput): PolicyTiming {
  const { intervalSeconds, timeoutSeconds, unhealthyAfter, healthyAfter, window } = spec.health;
  const failedEvaluationsToDetect = window ? window.failures : unhealthyAfter;
  // The outage starts somewhere between two evaluations: the first failing one comes 0..interval later.
  const detectionMinSeconds = (failedEvaluationsToDetect - 1) * intervalSeconds;
  const detectionMaxSeconds = failedEvaluationsToDetect * intervalSeconds;
  const detectionHangMaxSeconds = detectionMaxSeconds + timeoutSeconds;
  const capacity = spec.readiness.capacity;
  // In an outage the scale-up budget counts before the traffic moves only when it comes first.
  const capacityBudgetSeconds = capacity?.scaleUp && !scalesUpAfterShift(spec) ? capacity.timeoutSeconds : 0;
  const restoreBeforeShiftSeconds = spec.failover.order === 'restoreFirst' && spec.recovery ? spec.recovery.velero.timeoutMinutes * 60 : 0;
  const steps = spec.trafficManager.routing === 'priority' ? 1 : spec.trafficManager.shift.steps.length;
  const shiftSeconds = (steps - 1) * spec.trafficManager.shift.pauseSeconds;
  const worstCaseMitigationSeconds = detectionHangMaxSeconds + capacityBudgetSeconds + restoreBeforeShiftSeconds + shiftSeconds;
  const dnsTtlSeconds = spec.trafficManager.dnsTtlSeconds;
  return {
    failedEvaluationsToDetect,
    detectionMinSeconds,
    detectionMaxSeconds,
    detectionHangMaxSeconds,
    capacityBudgetSeconds,
    restoreBeforeShiftSeconds,
    shiftSeconds,
    worstCaseMitigationSeconds,
    dnsTtlSeconds,
    worstCaseUsersMovedSeconds: dnsTtlSeconds === undefined ? undefined : worstCaseMitigationSeconds + dnsTtlSeconds,
    recoverySeconds: healthyAfter * intervalSeconds,
  };
}

/** 45 → "45 s", 150 → "2 min 30 s", 5400 → "1 h 30 min". */
export function formatDuration(totalSeconds: number): string {
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
}
