// What the engine does on its own, per state, when no command arrives: detect, plan, wait, recover.
import { allRegionsDown } from '../doubt.js';
import { isReady } from '../readiness.js';
import type { RegionName } from '../observation.js';
import type { Decision, Violation } from './decision.js';
import { decision, holdOf, onEnter, reason, restingState, type DecideInput } from './decide-context.js';
import { baseOf, primaryOf, type DegradedState, type EngineState, type FailedOverState, type FailoverPendingState, type HeldState, type HeldReason } from './engine-state.js';
import { assessMove, startOperation, type Assessment } from './move.js';
import { allRegionsDownViolation } from './rules/doubt-rules.js';

function held(input: DecideInput, heldReason: HeldReason, violations: Violation[]): Decision {
  const { state, now } = input;
  const since = state.kind === 'Held' && state.reason === heldReason ? state.since : now;
  const next: HeldState = { ...baseOf(state), kind: 'Held', reason: heldReason, since, violations };
  const message = `holding (${heldReason}): ${violations.map((violation) => violation.message).join('; ')}`;
  const entering = state.kind !== 'Held' || state.reason !== heldReason;
  return decision(next, {
    hold: holdOf(violations),
    reasons: [reason(heldReason, message)],
    alerts: entering ? [{ severity: 'critical', event: 'failover.held', message }] : [],
  });
}

function degraded(input: DecideInput, violations: Violation[], extra: Partial<Decision> = {}): Decision {
  const { state, now } = input;
  const next: DegradedState = { ...baseOf(state), kind: 'Degraded', since: state.kind === 'Degraded' ? state.since : now, violations };
  const message = `${state.active} is Unhealthy; not failing over: ${violations.map((violation) => violation.message).join('; ') || 'no target'}`;
  return decision(next, {
    hold: holdOf(violations),
    reasons: [reason('active-unhealthy', message, { region: state.active })],
    alerts: onEnter(state, next, { severity: 'critical', event: 'failover.held', region: state.active, message }),
    ...extra,
  });
}

/** The first other region, in policy order, that is Healthy and ready; else the first Healthy; else the first. */
export function chooseTarget(input: DecideInput): RegionName | undefined {
  const others = input.policy.spec.regions.map((region) => region.name).filter((name) => name !== input.state.active);
  const healthy = others.filter((name) => input.health.regions[name]?.status === 'Healthy');
  const ready = healthy.find((name) => {
    const report = input.readiness[name];
    return report !== undefined && isReady(report, { repairable: input.policy.spec.readiness.capacity?.scaleUp ? ['capacity'] : [] });
  });
  return ready ?? healthy[0] ?? others[0];
}

function awaitApproval(input: DecideInput, assessment: Assessment): Decision {
  const { state, now } = input;
  const { plan } = assessment;
  const next: FailoverPendingState = { ...baseOf(state), kind: 'FailoverPending', operationId: plan.operationId, plan, since: now };
  const message = `${plan.kind} ${plan.operationId} (${plan.from} → ${plan.to}) awaits approval: ${assessment.approval.map((violation) => violation.message).join('; ')}`;
  return decision(next, { plan, hold: holdOf(assessment.approval), reasons: [reason('awaiting-approval', message, { region: plan.to })], alerts: [{ severity: 'critical', event: 'failover.awaiting-approval', region: plan.to, message }] });
}

function automaticFailover(input: DecideInput): Decision {
  const { state, health } = input;
  const to = chooseTarget(input);
  if (to === undefined) return degraded(input, []);
  const failing = health.regions[state.active]?.latest?.failedSignals ?? [];
  const why = reason('active-unhealthy', `${state.active} is Unhealthy (failing: ${failing.join(', ') || 'unknown'})`, { region: state.active, evidence: { failing } });
  // Traffic escaping a dead secondary to the primary goes home: a failback plan (steady weights, no restore into the primary).
  const kind = to === primaryOf(input.policy) ? 'failback' : 'failover';
  const assessment = assessMove(input, { kind, from: state.active, to, trigger: 'automatic', reasons: [why] });
  const { blocking, approval, recommend, plan } = assessment;
  if (blocking.some((violation) => violation.rule === 'all-regions-down')) return held(input, 'all-regions-down', blocking);
  if (blocking.some((violation) => violation.rule === 'vantage-disagrees')) return held(input, 'vantage-disagrees', blocking);
  if (blocking.length > 0) return degraded(input, blocking);
  if (approval.length > 0) return awaitApproval(input, assessment);
  if (recommend.length > 0) {
    const recommended = degraded(input, recommend, { plan });
    return { ...recommended, alerts: onEnter(state, recommended.next, { severity: 'critical', event: 'failover.planned', region: to, message: recommend.map((violation) => violation.message).join('; ') }) };
  }
  return startOperation(input, plan, { reasons: [why] });
}

function automaticFailback(input: DecideInput, resting: FailedOverState): Decision {
  const home = primaryOf(input.policy);
  const why = reason('failback', `${home} is Healthy again`, { region: home });
  const assessment = assessMove(input, { kind: 'failback', from: resting.active, to: home, trigger: 'automatic', reasons: [why] });
  const { blocking, approval, recommend, plan } = assessment;
  if (blocking.length > 0) {
    const { failbackOfferedAt: _withdrawn, ...notOffered } = resting;
    return decision(notOffered, { hold: holdOf(blocking), reasons: [reason('failback-not-yet', blocking.map((violation) => violation.message).join('; '), { region: home })] });
  }
  if (approval.length > 0) return awaitApproval(input, assessment);
  if (recommend.length > 0) {
    const next: FailedOverState = { ...resting, failbackOfferedAt: resting.failbackOfferedAt ?? input.now };
    const message = `failback to ${home} is possible: ${recommend.map((violation) => violation.message).join('; ')}`;
    const alerts = resting.failbackOfferedAt === undefined ? [{ severity: 'info' as const, event: 'failover.planned' as const, region: home, message }] : [];
    return decision(next, { plan, reasons: [reason('failback-recommended', message, { region: home })], alerts });
  }
  return startOperation(input, plan, { reasons: [why] });
}

/** Steady, Degraded, FailedOver, and Held for doubt: watch the active region and act on what it shows. */
export function restingTick(input: DecideInput): Decision {
  const { policy, health, state } = input;
  const everyRegionDown = allRegionsDownViolation(policy, health);
  if (everyRegionDown) return held(input, 'all-regions-down', [everyRegionDown]);
  const follows = policy.spec.trafficManager.decider === 'trafficManager';
  if (health.regions[state.active]?.status === 'Unhealthy') {
    // decider trafficManager: its monitor moves the clients (and aksdr prepares where they go); aksdr moves no weights.
    if (follows) return degraded(input, [], { reasons: [reason('traffic-manager-decides', `${state.active} is Unhealthy; Traffic Manager's monitor decides where clients go (decider trafficManager), aksdr prepares that region`, { region: state.active })] });
    return automaticFailover(input);
  }
  const resting = restingState(policy, baseOf(state), state);
  if (follows && resting.kind === 'FailedOver') return decision(resting, { reasons: [reason('traffic-manager-decides', 'Traffic Manager decides when clients return (decider trafficManager)')] });
  const recovered = state.kind === 'Degraded' || state.kind === 'Held' ? [reason('recovered', `${state.active} is no longer Unhealthy; no doubt left`, { region: state.active })] : [];
  if (resting.kind === 'FailedOver') {
    const failback = automaticFailback({ ...input, state: resting }, resting);
    return { ...failback, reasons: [...recovered, ...failback.reasons] };
  }
  return decision(resting, { reasons: recovered });
}

export function pendingTick(input: DecideInput, state: FailoverPendingState): Decision {
  const { policy, health } = input;
  if (allRegionsDown(policy, health)) return restingTick(input);
  const stillNeeded = state.plan.kind === 'failover' ? health.regions[state.plan.from]?.status === 'Unhealthy' : health.regions[state.plan.to]?.status === 'Healthy';
  if (stillNeeded) return decision(state, { plan: state.plan, reasons: [reason('awaiting-approval', `${state.operationId} awaits approval`)] });
  const next = restingState(policy, baseOf(state));
  const message = `${state.operationId} withdrawn: ${state.plan.kind === 'failover' ? `${state.plan.from} recovered` : `${state.plan.to} is no longer Healthy`}`;
  return decision(next, { reasons: [reason('approval-withdrawn', message)], alerts: [{ severity: 'info', event: 'health.changed', message }] });
}

export function inFlightTick(_input: DecideInput, state: EngineState & { operationId: string }): Decision {
  return decision(state, { reasons: [reason('operation-in-progress', `${state.operationId} is in progress`)] });
}

export function heldTick(input: DecideInput, state: HeldState): Decision {
  if (state.reason === 'operation-failed') return decision(state, { reasons: [reason('awaiting-resume', 'a failed operation holds the engine; once checked, run `aksdr resume <policy file> --reason TEXT`')] });
  return restingTick(input);
}
