// What a safety rule looks at: one proposed move (a failover or failback from one region to
// another, with its plan), the policy, health, readiness, engine state and `now`.
import type { FailoverPolicy } from '../../../policy/schema.js';
import type { HealthState } from '../../health/health-state.js';
import type { RegionName } from '../../observation.js';
import type { Plan, PlanKind } from '../../plan/plan-types.js';
import type { ReadinessReport } from '../../readiness.js';
import type { Violation } from '../decision.js';
import type { EngineState } from '../engine-state.js';

/** automatic: the engine on its own; command: a person's failover/failback; approval: a person approving a plan. */
export type Trigger = 'automatic' | 'command' | 'approval';

export interface RuleContext {
  policy: FailoverPolicy;
  health: HealthState;
  readiness: Record<RegionName, ReadinessReport | undefined>;
  state: EngineState;
  now: number;
  trigger: Trigger;
  kind: PlanKind;
  from: RegionName;
  to: RegionName;
  plan: Plan;
}

export type SafetyRule = (context: RuleContext) => Violation | undefined;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

/**
 * A move away from an Unhealthy active region: an escape, not a flap. Dwell, the failover cap and
 * the failback hold-down guard a *return* (traffic bouncing back and forth between live regions);
 * they never keep traffic on a dead region when a Healthy, ready target exists — target-healthy and
 * target-ready still apply to an escape in full.
 */
export function isEscape(context: Pick<RuleContext, 'health' | 'from'>): boolean {
  return context.health.regions[context.from]?.status === 'Unhealthy';
}
