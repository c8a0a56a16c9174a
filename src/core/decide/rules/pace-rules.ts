// Safety rules against flapping: dwell after a failover, a cap per window, a failback hold-down.
// All three guard a return, not an escape (see isEscape): a move away from an Unhealthy active
// region is never held by them. A drill's failovers are not counted (they carry the drill's id).
import type { SafetyRule } from './rule-context.js';
import { HOUR_MS, MINUTE_MS, isEscape } from './rule-context.js';

export const minDwellRule: SafetyRule = (context) => {
  const { policy, state, now } = context;
  if (isEscape(context)) return undefined;
  const dwellMs = policy.spec.failover.minDwellMinutes * MINUTE_MS;
  const last = state.lastFailoverAt;
  if (last === undefined || now - last >= dwellMs) return undefined;
  return {
    rule: 'min-dwell',
    effect: 'block',
    message: `last failover ${Math.floor((now - last) / MINUTE_MS)} min ago; dwell is ${policy.spec.failover.minDwellMinutes} min`,
    evidence: { lastFailoverAt: last, dwellUntil: last + dwellMs },
  };
};

/** Failovers started within the window ending at `now`. */
export function failoversInWindow(history: readonly number[], windowHours: number, now: number): number[] {
  return history.filter((at) => at > now - windowHours * HOUR_MS && at <= now);
}

export const maxFailoversRule: SafetyRule = (context) => {
  const { policy, state, now, kind } = context;
  if (kind !== 'failover' || isEscape(context)) return undefined;
  const { count, windowHours } = policy.spec.failover.maxFailovers;
  const recent = failoversInWindow(state.failoverHistory, windowHours, now);
  if (recent.length < count) return undefined;
  return {
    rule: 'max-failovers-per-window',
    effect: 'block',
    message: `${recent.length} failover(s) in the last ${windowHours} h; at most ${count} allowed`,
    evidence: { failovers: recent, count, windowHours },
  };
};

export const failbackHoldDownRule: SafetyRule = (context) => {
  const { policy, health, now, kind, to } = context;
  if (kind !== 'failback' || isEscape(context)) return undefined;
  const holdDownMs = policy.spec.failover.failbackHoldDownMinutes * MINUTE_MS;
  const home = health.regions[to];
  const since = home?.status === 'Healthy' ? home.healthySince : undefined;
  if (since !== undefined && now - since >= holdDownMs) return undefined;
  return {
    rule: 'failback-hold-down',
    effect: 'block',
    region: to,
    message: since === undefined ? `${to} is not Healthy` : `${to} Healthy for ${Math.floor((now - since) / MINUTE_MS)} min; hold-down is ${policy.spec.failover.failbackHoldDownMinutes} min`,
    evidence: { healthySince: since ?? null, holdDownUntil: since === undefined ? null : since + holdDownMs },
  };
};
