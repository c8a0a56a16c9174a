// The input of `decide`, and the small helpers every transition uses to build its Decision.
import type { FailoverPolicy } from '../../policy/schema.js';
import type { HealthState } from '../health/health-state.js';
import type { RegionName } from '../observation.js';
import type { ReadinessReport } from '../readiness.js';
import type { RoutingView } from '../routing/routing.js';
import type { Command, OperationOutcome } from './command.js';
import type { Alert, Decision, Hold, Reason, Violation } from './decision.js';
import { baseOf, primaryOf, type EngineBaseFields, type EngineState, type FailedOverState, type SteadyState } from './engine-state.js';

export interface DecideInput {
  policy: FailoverPolicy;
  health: HealthState;
  /** The latest readiness report per region (as a target); undefined: not checked yet. */
  readiness: Record<RegionName, ReadinessReport | undefined>;
  state: EngineState;
  /** Epoch ms. The only clock `decide` has. */
  now: number;
  command?: Command;
  /** The executor's report on the operation in flight. */
  outcome?: OperationOutcome;
  /** The Traffic Manager profile as read this cycle (absent: not readable); the truth the belief is checked against. */
  routing?: RoutingView;
}

export function decision(next: EngineState, parts: Partial<Omit<Decision, 'next'>> = {}): Decision {
  return { next, reasons: [], alerts: [], overrides: [], ...parts };
}

export function reason(code: string, message: string, extra: Omit<Reason, 'code' | 'message'> = {}): Reason {
  return { code, message, ...extra };
}

export function holdOf(violations: Violation[]): Hold {
  return { rules: violations.map((violation) => violation.rule), violations };
}

/** Alerts only when the state kind changes, so a hold that lasts an hour alerts once. */
export function onEnter(previous: EngineState, next: EngineState, alert: Alert): Alert[] {
  return previous.kind === next.kind ? [] : [alert];
}

/** Steady when the primary has the traffic, FailedOver otherwise. */
export function restingState(policy: FailoverPolicy, base: EngineBaseFields, previous?: EngineState): SteadyState | FailedOverState {
  const fields = baseOf(base);
  if (fields.active === primaryOf(policy)) return { kind: 'Steady', ...fields };
  const offered = previous?.kind === 'FailedOver' ? previous.failbackOfferedAt : undefined;
  return { kind: 'FailedOver', ...fields, since: fields.activeSince, ...(offered === undefined ? {} : { failbackOfferedAt: offered }) };
}
