// Hysteresis: turns a stream of per-evaluation verdicts into a region status. Unhealthy after
// `unhealthyAfter` consecutive failed evaluations (or `window.failures` of the last `window.size`),
// Suspect on any failed evaluation before that, Healthy again after `healthyAfter` consecutive passes
// once Unhealthy (a Suspect region that passes is Healthy at once: nothing was confirmed).
import type { HealthSpec } from '../../policy/schema.js';
import { assertNever } from '../assert-never.js';
import type { HealthStatus, RegionHealth } from './health-state.js';

type Thresholds = Pick<HealthSpec, 'unhealthyAfter' | 'healthyAfter' | 'window'>;

function nextStatus(spec: Thresholds, current: HealthStatus, failed: boolean, counters: Pick<RegionHealth, 'consecutiveFailed' | 'consecutivePassed' | 'recent'>): HealthStatus {
  const detected = spec.window
    ? counters.recent.filter((evaluation) => evaluation).length >= spec.window.failures
    : counters.consecutiveFailed >= spec.unhealthyAfter;
  switch (current) {
    case 'Healthy':
    case 'Suspect':
      if (!failed) return 'Healthy';
      return detected ? 'Unhealthy' : 'Suspect';
    case 'Unhealthy':
      return !failed && counters.consecutivePassed >= spec.healthyAfter ? 'Healthy' : 'Unhealthy';
    default:
      return assertNever(current, 'health status');
  }
}

/** One evaluation of one region at `at` (epoch ms). */
export function advanceRegion(spec: Thresholds, previous: RegionHealth, failed: boolean, at: number): RegionHealth {
  const consecutiveFailed = failed ? previous.consecutiveFailed + 1 : 0;
  const consecutivePassed = failed ? 0 : previous.consecutivePassed + 1;
  const recent = spec.window ? [...previous.recent, failed].slice(-spec.window.size) : [];
  const status = nextStatus(spec, previous.status, failed, { consecutiveFailed, consecutivePassed, recent });
  const next: RegionHealth = { ...previous, status, consecutiveFailed, consecutivePassed, recent, evaluatedAt: at };
  if (status === previous.status) return next;
  next.since = at;
  if (status === 'Healthy') {
    next.healthySince = at;
    // A region recovered from Unhealthy starts with a clean window, or old failures would count again.
    if (previous.status === 'Unhealthy') next.recent = [];
  }
  if (status === 'Unhealthy') next.unhealthySince = at;
  return next;
}
