// One proposed move (failover or failback): build its plan, run every rule, apply a force, sort the
// remaining violations by effect; and start an operation once nothing stands in the way.
import type { Reason } from './decision.js';
import type { Alert, Override, Violation } from './decision.js';
import { buildPlan } from '../plan/build-plan.js';
import type { Plan, PlanKind } from '../plan/plan-types.js';
import type { RegionName } from '../observation.js';
import { decision, type DecideInput } from './decide-context.js';
import type { Decision } from './decision.js';
import { baseOf, type FailingBackState, type FailingOverState } from './engine-state.js';
import { applyForce, evaluateRules, type Force } from './rules/evaluate-rules.js';
import type { RuleName } from './rules/rule-names.js';
import type { Trigger } from './rules/rule-context.js';

export interface Move {
  kind: PlanKind;
  from: RegionName;
  to: RegionName;
  trigger: Trigger;
  reasons: Reason[];
  force?: Force;
  /** Re-assess an existing plan (approval) instead of building a new one. */
  plan?: Plan;
  /** The DR drill this move belongs to. */
  drill?: string;
}

export interface Assessment {
  plan: Plan;
  /** Violations left after the force, in rule order. */
  violations: Violation[];
  blocking: Violation[];
  approval: Violation[];
  recommend: Violation[];
  overrides: Override[];
  /** Forced rules that cannot be overridden. */
  refused: RuleName[];
}

export function assessMove(input: DecideInput, move: Move): Assessment {
  const { policy, health, readiness, state, now } = input;
  const sourceDown = health.regions[move.from]?.status === 'Unhealthy';
  const built = move.plan ?? buildPlan({ policy, kind: move.kind, from: move.from, to: move.to, current: state.endpoints, now, reasons: move.reasons, sourceDown });
  const plan = move.drill === undefined ? built : { ...built, drill: move.drill };
  const all = evaluateRules({ policy, health, readiness, state, now, trigger: move.trigger, kind: move.kind, from: move.from, to: move.to, plan });
  const { remaining, overrides, refused } = applyForce(all, move.trigger === 'command' ? move.force : undefined, now);
  return {
    plan,
    violations: remaining,
    blocking: remaining.filter((violation) => violation.effect === 'block'),
    approval: remaining.filter((violation) => violation.effect === 'approve'),
    recommend: remaining.filter((violation) => violation.effect === 'recommend'),
    overrides,
    refused,
  };
}

/**
 * FailingOver / FailingBack with the plan. A failover counts for dwell and the rate limit from now —
 * unless it is a drill's: a rehearsal planned by a person must not use up the cap a real outage needs.
 */
export function startOperation(input: DecideInput, plan: Plan, extra: { overrides?: Override[]; reasons?: Reason[] } = {}): Decision {
  const { state, now } = input;
  const base = baseOf(state);
  const alert: Alert = { severity: 'warning', event: 'failover.started', region: plan.to, message: `${plan.kind} ${plan.operationId} started: ${plan.from} → ${plan.to}` };
  const reasons = [...(extra.reasons ?? []), { code: `${plan.kind}-started`, message: alert.message, region: plan.to }];
  if (plan.kind === 'failover' || plan.kind === 'prepare') {
    const counted = plan.drill === undefined && plan.kind === 'failover' ? { failoverHistory: [...base.failoverHistory, now], lastFailoverAt: now } : {};
    const next: FailingOverState = { ...base, kind: 'FailingOver', ...counted, operationId: plan.operationId, plan, startedAt: now };
    return decision(next, { plan, reasons, alerts: [alert], overrides: extra.overrides ?? [] });
  }
  const next: FailingBackState = { ...base, kind: 'FailingBack', operationId: plan.operationId, plan, startedAt: now };
  return decision(next, { plan, reasons, alerts: [alert], overrides: extra.overrides ?? [] });
}
