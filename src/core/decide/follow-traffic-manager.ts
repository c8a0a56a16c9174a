// Who decides (`trafficManager.decider`). Traffic Manager's own monitor leaves a Degraded endpoint
// out of its DNS answers, so it can move clients without aksdr. With `trafficManager` or `both`,
// aksdr watches where the profile really sends clients (the monitor included) and, the moment the
// active endpoint is left out, *prepares* the region now taking the traffic — scale-up, readiness,
// a restore in a cold standby — as a journaled operation with an alert. It never fights Traffic
// Manager with weights. With `trafficManager` aksdr then follows: that region becomes `active`
// (and back again when the monitor lets the primary through); aksdr's own rule moves no weights.
// With `both` aksdr's rule still decides the weights; the preparation only gets there first.
// `aksdr`: endpoints are always-serve, the monitor moves nothing, and none of this applies.
import { monitorExcludes, servingRegionOf } from '../routing/routing.js';
import { buildPreparePlan } from '../plan/build-plan.js';
import type { Decision } from './decision.js';
import { decision, reason, restingState, type DecideInput } from './decide-context.js';
import { baseOf, primaryOf } from './engine-state.js';
import { startOperation } from './move.js';

/** A decision when Traffic Manager's routing calls for one now; undefined to go on with the usual tick. */
export function followTrafficManager(input: DecideInput): Decision | undefined {
  const { policy, state, routing, now } = input;
  const decider = policy.spec.trafficManager.decider;
  if (decider === 'aksdr' || !routing?.monitor) return undefined;
  if (state.kind !== 'Steady' && state.kind !== 'FailedOver' && state.kind !== 'Degraded') return undefined;
  const served = servingRegionOf(policy, routing);
  const excluded = monitorExcludes(routing, state.active);
  if (!excluded) {
    // The monitor serves the active region again: the preparation episode is over.
    if (state.prepared && served === state.active) {
      const { prepared: _over, ...rest } = state;
      return decision({ ...rest }, { reasons: [reason('traffic-manager-serves', `Traffic Manager serves ${state.active} again`)] });
    }
    if (decider === 'trafficManager' && served !== undefined && served !== state.active && served === primaryOf(policy)) {
      // Traffic Manager sent the clients home: follow, nothing to prepare in the primary.
      const next = restingState(policy, { ...baseOf(state), active: served, activeSince: now }, state);
      const message = `Traffic Manager's monitor serves ${served} again; aksdr follows (decider trafficManager)`;
      return decision(next, { reasons: [reason('traffic-manager-moved', message, { region: served })], alerts: [{ severity: 'info', event: 'health.changed', region: served, message }] });
    }
    return undefined;
  }
  if (served === undefined || served === state.active) return undefined;
  if (state.prepared?.region === served) return undefined;
  // decider both: once aksdr's own rule calls the region down, its failover (which prepares as well) goes first.
  if (decider === 'both' && input.health.regions[state.active]?.status === 'Unhealthy') return undefined;
  const message = `Traffic Manager's monitor sees ${state.active} ${routing.monitor[state.active]?.monitorStatus ?? 'Degraded'} and sends its clients to ${served}: preparing ${served} now`;
  const plan = buildPreparePlan({ policy, from: state.active, to: served, current: state.endpoints, now, reasons: [reason('traffic-manager-moved', message, { region: served })] });
  const started = startOperation(input, plan, { reasons: [reason('traffic-manager-moved', message, { region: served })] });
  return { ...started, alerts: [{ severity: 'critical', event: 'failover.started', region: served, message }] };
}
