// decide: policy, health, readiness, engine state, `now` and maybe a command or an operation's
// outcome in; the next state, a plan or a hold, and the reasons, alerts and overrides out.
// Pure and deterministic: no clock, no randomness, no I/O, inputs never mutated.
//
// Every transition, in one table (commands are refused in states not listed for them):
//
// | state           | on its own (tick)                                                   | command / outcome                                     |
// | --------------- | ------------------------------------------------------------------- | ----------------------------------------------------- |
// | Steady          | all regions down → Held(all-regions-down); primary Unhealthy →      | failover → FailingOver (rules; force overrides)       |
// |                 | FailingOver (automatic) / FailoverPending (approval, vantage         |                                                       |
// |                 | caution) / Degraded (manual: plan recommended; or rules refuse) /    |                                                       |
// |                 | Held(vantage-disagrees) (veto)                                       |                                                       |
// | Degraded        | as Steady; active no longer Unhealthy → Steady / FailedOver          | failover, failback → FailingOver / FailingBack         |
// | FailoverPending | withdrawn when no longer needed → Steady / FailedOver; all down →    | approve (rules re-checked) → FailingOver / FailingBack;|
// |                 | Held; else wait                                                      | failover, failback replace the plan                    |
// | FailingOver     | wait                                                                 | outcome ok → FailedOver / Steady; failed → Held(op)    |
// | FailedOver      | as Steady for the active region; primary Healthy → failback:         | failover, failback                                     |
// |                 | FailingBack / FailoverPending / recommended (failback manual)        |                                                       |
// | FailingBack     | wait                                                                 | outcome ok → Steady; failed → Held(operation-failed)   |
// | Held            | doubt: as Steady (stays Held while the doubt lasts);                 | failover, failback (forced past all-regions-down);     |
// |                 | operation-failed: wait for resume                                    | resume → Steady / FailedOver                           |
import type { Decision } from './decision.js';
import { decision, reason, restingState, type DecideInput } from './decide-context.js';
import { baseOf, type EngineState, type EngineStateKind, type HeldState } from './engine-state.js';
import { heldTick, inFlightTick, pendingTick, restingTick } from './automatic.js';
import { handleCommand } from './commands.js';
import { failoversInWindow } from './rules/pace-rules.js';
import type { OperationOutcome } from './command.js';
import { reconcileRouting } from './reconcile-routing.js';
import { followTrafficManager } from './follow-traffic-manager.js';
import { activeRegionOf } from '../routing/routing.js';

type StateOf<K extends EngineStateKind> = Extract<EngineState, { kind: K }>;

/** The tick column of the table above, one handler per state (the mapped type makes it exhaustive). */
const onTick: { [K in EngineStateKind]: (input: DecideInput, state: StateOf<K>) => Decision } = {
  Steady: (input) => restingTick(input),
  Degraded: (input) => restingTick(input),
  FailedOver: (input) => restingTick(input),
  FailoverPending: pendingTick,
  FailingOver: inFlightTick,
  FailingBack: inFlightTick,
  Held: heldTick,
};

function tick<K extends EngineStateKind>(input: DecideInput, state: StateOf<K>): Decision {
  return (onTick[state.kind] as (input: DecideInput, state: StateOf<K>) => Decision)(input, state);
}

function onOutcome(input: DecideInput, outcome: OperationOutcome): Decision | undefined {
  const { state, policy, now } = input;
  if (state.kind !== 'FailingOver' && state.kind !== 'FailingBack') return undefined;
  if (state.operationId !== outcome.operationId) return undefined;
  const { plan } = state;
  const { routingDrift: _adopted, ...kept } = baseOf(state);
  if (plan.kind === 'prepare') {
    // The traffic went there by Traffic Manager's hand, prepared or not: never a hold (it would block an escape).
    const follows = policy.spec.trafficManager.decider === 'trafficManager';
    const base = { ...kept, ...(follows ? { active: plan.to, activeSince: now } : {}), prepared: { region: plan.to, at: now, operationId: plan.operationId, ok: outcome.result === 'succeeded' } };
    const message = `prepare ${plan.operationId} ${outcome.result === 'succeeded' ? 'completed' : `failed: ${outcome.reason}`}: ${plan.to} takes Traffic Manager's traffic${follows ? '' : '; aksdr\'s own rule still decides the weights'}`;
    const severity = outcome.result === 'succeeded' ? 'warning' : 'critical';
    return decision(restingState(policy, base), { reasons: [reason(`prepare-${outcome.result}`, message, { region: plan.to })], alerts: [{ severity, event: outcome.result === 'succeeded' ? 'failover.completed' : 'failover.failed', region: plan.to, message }] });
  }
  if (outcome.result === 'succeeded') {
    const base = { ...kept, active: plan.to, activeSince: now, endpoints: outcome.endpoints ?? plan.finalEndpoints, endpointsSetAt: now };
    const message = `${plan.kind} ${plan.operationId} completed: ${plan.to} takes the traffic`;
    const event = plan.kind === 'failover' ? 'failover.completed' : 'failback.completed';
    return decision(restingState(policy, base), { reasons: [reason(`${plan.kind}-completed`, message, { region: plan.to })], alerts: [{ severity: 'info', event, region: plan.to, message }] });
  }
  // The traffic is where the failed operation left it (a step may have moved it before the failure).
  const endpoints = outcome.endpoints ?? state.endpoints;
  const active = activeRegionOf(policy, endpoints) ?? state.active;
  const activeSince = active === state.active ? state.activeSince : now;
  const next: HeldState = { ...baseOf(state), active, activeSince, endpoints, endpointsSetAt: now, kind: 'Held', reason: 'operation-failed', since: now, violations: [] };
  const where = active === state.active ? '' : `; the traffic is now on ${active}`;
  const message = `${plan.kind} ${plan.operationId} failed: ${outcome.reason}${where}`;
  return decision(next, { reasons: [reason('operation-failed', message, { region: plan.to })], alerts: [{ severity: 'critical', event: 'failover.failed', region: plan.to, message }] });
}

/** Drops failovers older than the rate-limit window, so persisted state stays small. */
function pruneHistory(input: DecideInput): DecideInput {
  const { state, policy, now } = input;
  const kept = failoversInWindow(state.failoverHistory, policy.spec.failover.maxFailovers.windowHours, now);
  return kept.length === state.failoverHistory.length ? input : { ...input, state: { ...state, failoverHistory: kept } };
}

export function decide(rawInput: DecideInput): Decision {
  const pruned = pruneHistory(rawInput);
  if (pruned.outcome) {
    const settled = onOutcome(pruned, pruned.outcome);
    if (settled) return settled;
  }
  // The world is the truth: the profile as read this cycle corrects the belief before any rule runs.
  const { input, reasons, alerts } = reconcileRouting(pruned);
  const decided = input.command ? handleCommand(input, input.command) : (followTrafficManager(input) ?? tick(input, input.state));
  const stale = input.outcome ? [reason('stale-outcome', `outcome for ${input.outcome.operationId} does not match the operation in flight; ignored`)] : [];
  if (reasons.length === 0 && stale.length === 0) return decided;
  return { ...decided, reasons: [...stale, ...reasons, ...decided.reasons], alerts: [...alerts, ...decided.alerts] };
}
