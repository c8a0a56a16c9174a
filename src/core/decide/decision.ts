// What `decide` returns, as data: the next state, maybe a plan, maybe a hold, and the reasons,
// alerts and overrides the caller logs, notifies and journals. Nothing here performs anything.
import type { NotificationEvent } from '../../policy/schema.js';
import type { RegionName } from '../observation.js';
import type { Plan } from '../plan/plan-types.js';
import type { EngineState } from './engine-state.js';
import type { RuleName } from './rules/rule-names.js';

/** Why something happened or did not, for logs and the status API. `code` is stable. */
export interface Reason {
  code: string;
  message: string;
  region?: RegionName;
  evidence?: Record<string, unknown>;
}

/** block: no action (hold); approve: plan, then wait for a person; recommend: plan, print, do nothing. */
export type ViolationEffect = 'block' | 'approve' | 'recommend';

/** A safety rule that stands in the way of an action, with everything that made it say no. */
export interface Violation {
  rule: RuleName;
  effect: ViolationEffect;
  message: string;
  region?: RegionName;
  evidence: Record<string, unknown>;
}

/** A rule a person overrode with a forced command. Journaled: who, why, when. */
export interface Override {
  rule: RuleName;
  by: string;
  reason: string;
  at: number;
}

/** Why no action is taken now, with every violation (not only the first). */
export interface Hold {
  rules: RuleName[];
  violations: Violation[];
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface Alert {
  severity: AlertSeverity;
  event: NotificationEvent;
  message: string;
  region?: RegionName;
}

export interface Decision {
  next: EngineState;
  /** A plan to execute (FailingOver/FailingBack), to await approval for, or to recommend/print. */
  plan?: Plan;
  hold?: Hold;
  reasons: Reason[];
  alerts: Alert[];
  overrides: Override[];
}
