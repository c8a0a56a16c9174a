// Before any decision: compare the belief (the endpoints aksdr last set) with the profile as read
// this cycle, and when they differ, adopt the profile — the region really taking the traffic
// becomes `active` — with a reason and an alert. Not while an operation is in flight (its steps
// change the profile on purpose), and not against a read older than aksdr's own last change.
import type { RegionName } from '../observation.js';
import { activeRegionOf, routingDrift, type RoutingView } from '../routing/routing.js';
import { steadyEndpoints } from '../plan/endpoints.js';
import type { EndpointSettings } from '../plan/plan-types.js';
import type { Alert, Reason } from './decision.js';
import { reason, restingState, type DecideInput } from './decide-context.js';
import { baseOf, type EngineState } from './engine-state.js';

export interface Reconciled {
  input: DecideInput;
  reasons: Reason[];
  alerts: Alert[];
}

function comparable(state: EngineState, routing: RoutingView | undefined): routing is RoutingView {
  if (!routing || state.kind === 'FailingOver' || state.kind === 'FailingBack') return false;
  return state.endpointsSetAt === undefined || routing.at > state.endpointsSetAt;
}

/** The profile's endpoints, keeping the belief for regions the profile lacks (plans still need their names). */
function adopted(believed: EndpointSettings, routing: RoutingView): EndpointSettings {
  const result: EndpointSettings = { ...believed };
  for (const [region, setting] of Object.entries(routing.endpoints)) result[region] = setting;
  return result;
}

function isSteadyLayout(input: DecideInput, endpoints: EndpointSettings): boolean {
  return routingDrift(input.policy, steadyEndpoints(input.policy), { at: 0, endpoints, missing: [] }) === undefined;
}

export function reconcileRouting(input: DecideInput): Reconciled {
  const { state, routing, policy, now } = input;
  if (!comparable(state, routing)) return { input, reasons: [], alerts: [] };
  const drift = routingDrift(policy, state.endpoints, routing);
  if (!drift) {
    // Someone put the profile back to the steady layout: the remembered drift is over.
    if (state.routingDrift && isSteadyLayout(input, state.endpoints)) {
      const { routingDrift: _over, ...rest } = state;
      return { input: { ...input, state: rest }, reasons: [reason('routing-drift-cleared', 'the profile is back to the steady layout')], alerts: [] };
    }
    return { input, reasons: [], alerts: [] };
  }
  const endpoints = adopted(state.endpoints, routing);
  const observedActive: RegionName | undefined = activeRegionOf(policy, endpoints);
  const active = observedActive ?? state.active;
  const moved = active !== state.active;
  const base = {
    ...baseOf(state),
    active,
    activeSince: moved ? now : state.activeSince,
    endpoints,
    endpointsSetAt: now,
    routingDrift: { at: now, message: drift.message, ...(drift.believedActive ? { believedActive: drift.believedActive } : {}), ...(observedActive ? { observedActive } : {}) },
  };
  // A resting state follows the traffic (Steady ↔ FailedOver); a pending plan built for the old
  // active region is withdrawn; a held engine stays held, with the truth in its fields.
  let next: EngineState;
  if (state.kind === 'Held' || state.kind === 'Degraded') next = { ...state, ...base };
  else if (state.kind === 'FailoverPending' && !moved) next = { ...state, ...base };
  else next = restingState(policy, base, state);
  const severity = moved || observedActive === undefined ? 'critical' : 'warning';
  const message = `${drift.message}; aksdr now works from the profile${observedActive === undefined ? ' — no endpoint of this policy serves' : ''}`;
  return {
    input: { ...input, state: next },
    reasons: [reason('routing-drift', message, { ...(observedActive ? { region: observedActive } : {}), evidence: { differences: drift.differences } })],
    alerts: [{ severity, event: 'routing.drift', message, ...(observedActive ? { region: observedActive } : {}) }],
  };
}
