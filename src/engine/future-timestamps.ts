// What a process does with timestamps an earlier process persisted, when the wall clock stepped
// between the two runs. Inside one process durations are monotonic (see clock.ts); across a restart
// the only link between the runs is the wall clock, so:
//
// - **Stepped back** (a timestamp in the saved state is later than `now`): the time that passed since
//   it is unknown but not negative, so it is **clamped to `now`** and the clamp is logged with the
//   field and by how much. Left alone, it would be worse in every rule: dwell and hold-down would run
//   the step longer, a failover "in the future" would fall outside the cap's window (`at <= now`) and
//   not count at all (the cap would let one failover too many through), every probe cycle would be
//   older than `evaluatedAt` and ignored as a replay (health frozen, blind, for the length of the
//   step), and a readiness report from the future would be reused as fresh. Clamped, a dwell or
//   hold-down restarts at the restart (late by the downtime at most, never early), the cap counts the
//   failover, and health is evaluated at once. A readiness report from the future is dropped (checked
//   again) rather than clamped.
// - **Stepped forward**: indistinguishable from downtime of the same length — a process cannot tell
//   a wall that jumped an hour from an hour it did not run — so it counts as time that passed; a
//   dwell can end early by the step. The state store's write times and the heartbeat show the gap
//   afterwards (the audit record of a resumed loop names the previous heartbeat).
import type { EngineState, HealthState, ReadinessReport, RegionName } from '../core/index.js';

/** A timestamp moved to `now`: which field, what it said, by how much it was ahead. */
export interface ClampedTimestamp {
  field: string;
  was: number;
  aheadByMs: number;
}

interface Clampable {
  engine: EngineState;
  health: HealthState;
  readiness?: Record<RegionName, ReadinessReport>;
}

export function clampFutureTimestamps<T extends Clampable>(doc: T, now: number): { doc: T; clamped: ClampedTimestamp[] } {
  const clamped: ClampedTimestamp[] = [];
  const clamp = (field: string, value: number): number => {
    if (value <= now) return value;
    clamped.push({ field, was: value, aheadByMs: value - now });
    return now;
  };
  const opt = (field: string, value: number | undefined): number | undefined => (value === undefined ? undefined : clamp(field, value));

  const e = doc.engine;
  const engine: Record<string, unknown> = { ...e, activeSince: clamp('engine.activeSince', e.activeSince), failoverHistory: e.failoverHistory.map((at, i) => clamp(`engine.failoverHistory[${i}]`, at)) };
  const set = (key: string, value: number | undefined): void => {
    if (value !== undefined) engine[key] = value;
  };
  set('lastFailoverAt', opt('engine.lastFailoverAt', e.lastFailoverAt));
  set('endpointsSetAt', opt('engine.endpointsSetAt', e.endpointsSetAt));
  if (e.routingDrift) engine.routingDrift = { ...e.routingDrift, at: clamp('engine.routingDrift.at', e.routingDrift.at) };
  if (e.prepared) engine.prepared = { ...e.prepared, at: clamp('engine.prepared.at', e.prepared.at) };
  if ('since' in e) set('since', opt('engine.since', e.since));
  if ('startedAt' in e) set('startedAt', opt('engine.startedAt', e.startedAt));
  if (e.kind === 'FailedOver') set('failbackOfferedAt', opt('engine.failbackOfferedAt', e.failbackOfferedAt));

  const regions: HealthState['regions'] = {};
  for (const [name, r] of Object.entries(doc.health.regions)) {
    const region = { ...r, since: clamp(`health.${name}.since`, r.since) };
    const healthySince = opt(`health.${name}.healthySince`, r.healthySince);
    const unhealthySince = opt(`health.${name}.unhealthySince`, r.unhealthySince);
    const evaluatedAt = opt(`health.${name}.evaluatedAt`, r.evaluatedAt);
    if (healthySince !== undefined) region.healthySince = healthySince;
    if (unhealthySince !== undefined) region.unhealthySince = unhealthySince;
    if (evaluatedAt !== undefined) region.evaluatedAt = evaluatedAt;
    regions[name] = region;
  }
  const health: HealthState = { at: clamp('health.at', doc.health.at), regions };

  let readiness = doc.readiness;
  if (readiness) {
    const kept: Record<RegionName, ReadinessReport> = {};
    for (const [name, report] of Object.entries(readiness)) {
      if (report.at > now) clamped.push({ field: `readiness.${name}.at (dropped)`, was: report.at, aheadByMs: report.at - now });
      else kept[name] = report;
    }
    readiness = kept;
  }
  if (clamped.length === 0) return { doc, clamped };
  return { doc: { ...doc, engine: engine as unknown as EngineState, health, ...(readiness ? { readiness } : {}) }, clamped };
}
