// Each safety rule on its own: when it holds, when it is violated, and the evidence it gives.
import { describe, expect, it } from 'vitest';
import { applyForce, evaluateRules } from '../../../src/core/decide/rules/evaluate-rules.js';
import type { RuleContext, Trigger } from '../../../src/core/decide/rules/rule-context.js';
import { ruleDocs, ruleOrder, type RuleName } from '../../../src/core/decide/rules/rule-names.js';
import { buildPlan } from '../../../src/core/plan/build-plan.js';
import type { Plan } from '../../../src/core/plan/plan-types.js';
import type { FailoverPolicy } from '../../../src/policy/schema.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aHealth, aReadiness, allReady, failedOverState, HOUR, MINUTE, steadyState, T0 } from '../builders/world.js';

function failoverContext(policy: FailoverPolicy, parts: Partial<RuleContext> = {}, trigger: Trigger = 'automatic'): RuleContext {
  const state = parts.state ?? steadyState(policy);
  const plan = buildPlan({ policy, kind: 'failover', from: 'westeurope', to: 'northeurope', current: state.endpoints, now: T0, reasons: [] });
  return { policy, health: aHealth(policy).unhealthy('westeurope').build(), readiness: allReady(policy), state, now: T0, trigger, kind: 'failover', from: 'westeurope', to: 'northeurope', plan, ...parts };
}
function failbackContext(policy: FailoverPolicy, parts: Partial<RuleContext> = {}): RuleContext {
  const state = failedOverState(policy, 'northeurope', T0 - 6 * HOUR);
  const plan = buildPlan({ policy, kind: 'failback', from: 'northeurope', to: 'westeurope', current: state.endpoints, now: T0, reasons: [] });
  return { policy, health: aHealth(policy).build(), readiness: allReady(policy), state, now: T0, trigger: 'automatic', kind: 'failback', from: 'northeurope', to: 'westeurope', plan, ...parts };
}
const rulesOf = (context: RuleContext): RuleName[] => evaluateRules(context).map((violation) => violation.rule);
const automatic = aPolicy().withMode('automatic').build();

describe('safety rules', () => {
  it('every rule has a doc string, and a clean automatic failover violates none', () => {
    for (const rule of ruleOrder) expect(ruleDocs[rule].length).toBeGreaterThan(20);
    expect(rulesOf(failoverContext(automatic))).toEqual([]);
  });

  it('all-regions-down: every region Unhealthy or Suspect', () => {
    const health = aHealth(automatic).unhealthy('westeurope').suspect('northeurope').build();
    const [violation] = evaluateRules(failoverContext(automatic, { health }));
    expect(violation).toMatchObject({ rule: 'all-regions-down', effect: 'block', evidence: { statuses: { westeurope: 'Unhealthy', northeurope: 'Suspect' } } });
  });

  describe('vantage-disagrees', () => {
    const health = aHealth(automatic).unhealthy('westeurope').trafficManagerSees('westeurope', true).build();
    it('caution asks for approval', () => {
      const policy = aPolicy().withMode('automatic').withVantage('caution').build();
      expect(evaluateRules(failoverContext(policy, { health }))).toMatchObject([{ rule: 'vantage-disagrees', effect: 'approve', evidence: { stance: 'caution', trafficManager: 'Online' } }]);
    });
    it('veto blocks', () => {
      const policy = aPolicy().withMode('automatic').withVantage('veto').build();
      expect(evaluateRules(failoverContext(policy, { health }))).toMatchObject([{ rule: 'vantage-disagrees', effect: 'block' }]);
    });
    it('ignore ignores, and a person\'s command is never second-guessed by it', () => {
      expect(rulesOf(failoverContext(aPolicy().withMode('automatic').withVantage('ignore').build(), { health }))).toEqual([]);
      expect(rulesOf(failoverContext(automatic, { health }, 'command'))).toEqual([]);
    });
    it('agreeing monitors raise nothing', () => {
      const agreeing = aHealth(automatic).unhealthy('westeurope').trafficManagerSees('westeurope', false).build();
      expect(rulesOf(failoverContext(automatic, { health: agreeing }))).toEqual([]);
    });
  });

  it('target-healthy: a Suspect target is refused with its failing signals', () => {
    const health = aHealth(automatic).unhealthy('westeurope').suspect('northeurope').healthy('eastus').build();
    const policy = aPolicy().withMode('automatic').withRegions('westeurope', 'northeurope', 'eastus').build();
    expect(evaluateRules(failoverContext(policy, { health }))).toMatchObject([{ rule: 'target-healthy', region: 'northeurope', evidence: { status: 'Suspect' } }]);
  });

  describe('target-ready', () => {
    it('lists every failing readiness check as evidence', () => {
      const readiness = { ...allReady(automatic), northeurope: aReadiness('northeurope').acrReplicaDegraded().backupOlderThan(240).build() };
      const [violation] = evaluateRules(failoverContext(automatic, { readiness }));
      expect(violation?.rule).toBe('target-ready');
      expect(violation?.message).toBe('target northeurope is not ready: acrReplication fail (replica in northeurope is Degraded); backupFreshness fail (newest backup is 240 min old)');
      expect((violation?.evidence.blocking as { check: string }[]).map((result) => result.check)).toEqual(['acrReplication', 'backupFreshness']);
    });
    it('an unknown check blocks; a missing report blocks', () => {
      const unknown = { northeurope: aReadiness('northeurope').with('versionDrift', 'unknown', 'timeout').build() };
      expect(rulesOf(failoverContext(automatic, { readiness: unknown }))).toEqual(['target-ready']);
      expect(rulesOf(failoverContext(automatic, { readiness: {} }))).toEqual(['target-ready']);
    });
    it('a small pool does not block when the plan scales it up first', () => {
      const small = { northeurope: aReadiness('northeurope').with('capacity', 'fail', '2 of 6 nodes').build() };
      expect(rulesOf(failoverContext(aPolicy().withMode('automatic').withCapacity(6, true).build(), { readiness: small }))).toEqual([]);
      expect(rulesOf(failoverContext(aPolicy().withMode('automatic').withCapacity(6, false).build(), { readiness: small }))).toEqual(['target-ready']);
    });
  });

  it('keep-one-endpoint: a plan that leaves nothing serving is refused', () => {
    const context = failoverContext(automatic);
    const broken: Plan = { ...context.plan, finalEndpoints: { westeurope: { endpoint: 'w', status: 'Disabled' }, northeurope: { endpoint: 'n', status: 'Enabled', weight: 0 } } };
    expect(rulesOf({ ...context, plan: broken })).toEqual(['keep-one-endpoint']);
  });

  // A move away from a region that is not Unhealthy (a person's command while it is only Suspect) is
  // what dwell and the cap guard; a move away from an Unhealthy region is an escape they never hold.
  it('min-dwell: no return within minDwellMinutes of the last failover; an escape is never held', () => {
    const policy = aPolicy().withMode('automatic').withDwell(30).build();
    const suspect = aHealth(policy).suspect('westeurope').build();
    const state = { ...steadyState(policy), lastFailoverAt: T0 - 29 * MINUTE, failoverHistory: [T0 - 29 * MINUTE] };
    expect(evaluateRules(failoverContext(policy, { state, health: suspect }, 'command'))).toMatchObject([{ rule: 'min-dwell', evidence: { dwellUntil: T0 + MINUTE } }]);
    expect(rulesOf(failoverContext(policy, { state: { ...state, lastFailoverAt: T0 - 30 * MINUTE }, health: suspect }, 'command'))).toEqual([]);
    expect(rulesOf(failoverContext(policy, { state }))).toEqual([]);
  });

  it('max-failovers-per-window: the K+1-th return inside the window is refused; an escape is never held', () => {
    const policy = aPolicy().withMode('automatic').withDwell(0).withMaxFailovers(2, 24).build();
    const suspect = aHealth(policy).suspect('westeurope').build();
    const twoToday = { ...steadyState(policy), failoverHistory: [T0 - 20 * HOUR, T0 - 2 * HOUR] };
    expect(evaluateRules(failoverContext(policy, { state: twoToday, health: suspect }, 'command'))).toMatchObject([{ rule: 'max-failovers-per-window', evidence: { count: 2, windowHours: 24 } }]);
    const oneAged = { ...twoToday, failoverHistory: [T0 - 25 * HOUR, T0 - 2 * HOUR] };
    expect(rulesOf(failoverContext(policy, { state: oneAged, health: suspect }, 'command'))).toEqual([]);
    expect(rulesOf(failoverContext(policy, { state: twoToday }))).toEqual([]);
  });

  it('failback-hold-down does not hold an escape from a dead secondary to a Healthy primary', () => {
    const policy = aPolicy().withMode('automatic').withFailback('automatic', 60).build();
    const health = aHealth(policy).healthy('westeurope', T0 - MINUTE).unhealthy('northeurope').build();
    expect(rulesOf(failbackContext(policy, { health }))).toEqual([]);
  });

  it('failback-hold-down: the primary must have been Healthy for the hold-down', () => {
    const policy = aPolicy().withMode('automatic').withFailback('automatic', 60).build();
    const recent = aHealth(policy).healthy('westeurope', T0 - 59 * MINUTE).build();
    expect(evaluateRules(failbackContext(policy, { health: recent }))).toMatchObject([{ rule: 'failback-hold-down', region: 'westeurope' }]);
    const long = aHealth(policy).healthy('westeurope', T0 - 60 * MINUTE).build();
    expect(rulesOf(failbackContext(policy, { health: long }))).toEqual([]);
  });

  it('mode-approval and mode-manual apply to what the engine does on its own, not to commands', () => {
    expect(evaluateRules(failoverContext(aPolicy().withMode('approval').build()))).toMatchObject([{ rule: 'mode-approval', effect: 'approve' }]);
    expect(evaluateRules(failoverContext(aPolicy().withMode('manual').build()))).toMatchObject([{ rule: 'mode-manual', effect: 'recommend', evidence: { command: 'aksdr failover <policy file> --to northeurope' } }]);
    expect(rulesOf(failoverContext(aPolicy().withMode('manual').build(), {}, 'command'))).toEqual([]);
    expect(rulesOf(failbackContext(aPolicy().withMode('automatic').withFailback('manual').build()))).toEqual(['mode-manual']);
  });

  it('reports every violation in the fixed order, not only the first', () => {
    const policy = aPolicy().withMode('manual').withDwell(30).withMaxFailovers(1, 24).build();
    const state = { ...steadyState(policy), lastFailoverAt: T0 - MINUTE, failoverHistory: [T0 - MINUTE] };
    const health = aHealth(policy).suspect('westeurope').suspect('northeurope').build();
    const readiness = { northeurope: aReadiness('northeurope').acrReplicaDegraded().build() };
    expect(rulesOf(failoverContext(policy, { state, health, readiness }))).toEqual(['all-regions-down', 'target-healthy', 'target-ready', 'min-dwell', 'max-failovers-per-window', 'mode-manual']);
  });

  describe('forcing', () => {
    const health = aHealth(automatic).unhealthy('westeurope').suspect('northeurope').build();
    const violations = evaluateRules(failoverContext(automatic, { health }, 'command'));

    it('overrides the named rules and records who, why and when', () => {
      const forced = applyForce(violations, { rules: ['all-regions-down', 'target-healthy'], by: 'alice', reason: 'our probes are broken' }, T0);
      expect(forced.remaining).toEqual([]);
      expect(forced.overrides).toEqual([
        { rule: 'all-regions-down', by: 'alice', reason: 'our probes are broken', at: T0 },
        { rule: 'target-healthy', by: 'alice', reason: 'our probes are broken', at: T0 },
      ]);
    });

    it('leaves the rules it does not name, and records nothing for rules that held', () => {
      const forced = applyForce(violations, { rules: ['all-regions-down', 'min-dwell'], by: 'alice', reason: 'x' }, T0);
      expect(forced.remaining.map((violation) => violation.rule)).toEqual(['target-healthy']);
      expect(forced.overrides.map((override) => override.rule)).toEqual(['all-regions-down']);
    });

    it('cannot override keep-one-endpoint', () => {
      const forced = applyForce([{ rule: 'keep-one-endpoint', effect: 'block', message: 'x', evidence: {} }], { rules: ['keep-one-endpoint'], by: 'alice', reason: 'x' }, T0);
      expect(forced.remaining).toHaveLength(1);
      expect(forced.refused).toEqual(['keep-one-endpoint']);
    });
  });
});
