// All semantic rules, run in a fixed order over the sections that passed the schema.
import type { CheckedSpec, RuleFinding, SpecRule } from './finding.js';
import { checkHealthTiming, checkSignals } from './health-rules.js';
import { checkDrills, checkFailover, checkNotifications, checkRto } from './operation-rules.js';
import { checkObjectives, checkReadiness } from './readiness-rules.js';
import { checkAppUrls, checkRegions, checkSubscriptions } from './region-rules.js';
import { checkRouting, checkShiftSteps } from './traffic-rules.js';

type SpecSection = keyof CheckedSpec;

/**
 * Each rule with the sections it reads. A rule runs only when all of them passed the schema: an absent
 * optional section and a broken one look the same to a rule, and a broken one must not trigger
 * warnings like "no recovery configured".
 */
const specRules: readonly { check: SpecRule; reads: readonly SpecSection[] }[] = [
  { check: checkRegions, reads: ['regions'] },
  { check: checkSubscriptions, reads: ['subscriptionId', 'regions', 'trafficManager', 'readiness'] },
  { check: checkAppUrls, reads: ['regions', 'health'] },
  { check: checkRouting, reads: ['trafficManager', 'regions'] },
  { check: checkShiftSteps, reads: ['trafficManager'] },
  { check: checkHealthTiming, reads: ['health'] },
  { check: checkSignals, reads: ['health', 'readiness'] },
  { check: checkReadiness, reads: ['readiness', 'health', 'regions', 'failover'] },
  { check: checkObjectives, reads: ['objectives', 'readiness', 'recovery', 'health'] },
  { check: checkFailover, reads: ['failover', 'recovery'] },
  { check: checkRto, reads: ['objectives', 'health', 'trafficManager', 'readiness', 'failover', 'recovery'] },
  { check: checkDrills, reads: ['drills'] },
  { check: checkNotifications, reads: ['notifications'] },
];

/** Runs every rule whose sections are all valid; `broken` names sections that failed the schema. */
export function runSemanticRules(spec: CheckedSpec, broken: ReadonlySet<string> = new Set()): RuleFinding[] {
  return specRules.flatMap(({ check, reads }) => (reads.some((section) => broken.has(section)) ? [] : check(spec)));
}

export type { CheckedSpec, RuleFinding } from './finding.js';
export { semanticRules, structuralRules, type SemanticRuleId } from './catalogue.js';
