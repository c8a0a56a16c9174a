// Runs every safety rule in a fixed order and reports every violation; then applies a forced
// command's overrides, recording each one (who, why, when).
import type { Override, Violation } from '../decision.js';
import { allRegionsDownRule, vantageDisagreesRule } from './doubt-rules.js';
import { modeApprovalRule, modeManualRule } from './mode-rules.js';
import { failbackHoldDownRule, maxFailoversRule, minDwellRule } from './pace-rules.js';
import type { RuleContext, SafetyRule } from './rule-context.js';
import { ruleOrder, unforceableRules, type RuleName } from './rule-names.js';
import { keepOneEndpointRule, targetHealthyRule, targetReadyRule } from './target-rules.js';

const rules: Record<RuleName, SafetyRule> = {
  'all-regions-down': allRegionsDownRule,
  'vantage-disagrees': vantageDisagreesRule,
  'target-healthy': targetHealthyRule,
  'target-ready': targetReadyRule,
  'keep-one-endpoint': keepOneEndpointRule,
  'min-dwell': minDwellRule,
  'max-failovers-per-window': maxFailoversRule,
  'failback-hold-down': failbackHoldDownRule,
  'mode-approval': modeApprovalRule,
  'mode-manual': modeManualRule,
};

/** Every violation, in `ruleOrder`. */
export function evaluateRules(context: RuleContext): Violation[] {
  const violations: Violation[] = [];
  for (const name of ruleOrder) {
    const violation = rules[name](context);
    if (violation) violations.push(violation);
  }
  return violations;
}

export interface Force {
  rules: RuleName[];
  by: string;
  reason: string;
}

export interface ForceOutcome {
  remaining: Violation[];
  overrides: Override[];
  /** Rules named in the force that cannot be overridden and were violated. */
  refused: RuleName[];
}

/** Overrides only rules that were actually violated: forcing a rule that holds records nothing. */
export function applyForce(violations: Violation[], force: Force | undefined, now: number): ForceOutcome {
  if (!force) return { remaining: violations, overrides: [], refused: [] };
  const remaining: Violation[] = [];
  const overrides: Override[] = [];
  const refused: RuleName[] = [];
  for (const violation of violations) {
    const named = force.rules.includes(violation.rule);
    if (named && !unforceableRules.includes(violation.rule)) overrides.push({ rule: violation.rule, by: force.by, reason: force.reason, at: now });
    else {
      if (named) refused.push(violation.rule);
      remaining.push(violation);
    }
  }
  return { remaining, overrides, refused };
}
