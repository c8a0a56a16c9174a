import { describe, expect, it } from 'vitest';
import { drillIdOf, regionsOf, DrillUsageError } from '../../src/drill/drill-context.js';
import { objectivesMet, rpoCheck, rtoCheck } from '../../src/drill/objectives.js';
import { impliedRto, stepBudgetSeconds } from '../../src/drill/plan-budget.js';
import { scratchNamespaceOf } from '../../src/drill/restore-test-drill.js';
import { buildPlan } from '../../src/core/plan/build-plan.js';
import { loadPolicies, type FailoverPolicy } from '../../src/policy/index.js';

async function shop(): Promise<FailoverPolicy> {
  const policy = (await loadPolicies(['policies/active-passive-weighted.yaml'])).policies[0]?.policy;
  if (!policy) throw new Error('the example policy did not load');
  return policy;
}

describe('drill ids and scratch namespaces', () => {
  it('a drill id is sortable and says what it was; its scratch namespace is a valid Kubernetes name', () => {
    const id = drillIdOf('shop', 'restore-test', Date.parse('2026-12-01T03:04:05.678Z'));
    expect(id).toBe('shop-drill-restore-test-20261201T030405Z');
    expect(scratchNamespaceOf('shop', id)).toBe('shop-drill-20261201t030405z');
    const long = scratchNamespaceOf('a'.repeat(63), id);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('the target defaults to the first region that is not the primary; the primary or an unknown region is a usage error', async () => {
    const policy = await shop();
    expect(regionsOf(policy, undefined).target.name).toBe('northeurope');
    expect(() => regionsOf(policy, 'westeurope')).toThrow(DrillUsageError);
    expect(() => regionsOf(policy, 'mars')).toThrow(/mars is not a region of shop; regions are: westeurope, northeurope/);
  });
});

describe('objectives', () => {
  it('a measure within the objective meets it; beyond it misses; no objective or no measure never fails a drill', async () => {
    const policy = await shop();
    const rto = rtoCheck(policy, 60, 'measured', 'x');
    expect(rto).toMatchObject({ met: true, objectiveMinutes: policy.spec.objectives.rtoMinutes, measuredSeconds: 60 });
    const missed = rpoCheck(policy, (policy.spec.objectives.rpoMinutes ?? 0) * 60 + 1);
    expect(missed.met).toBe(false);
    expect(missed.note).toContain('MISSES');
    expect(objectivesMet(rto, missed)).toBe(false);
    expect(objectivesMet(rto, rpoCheck(policy, undefined))).toBe(true);
  });
});

describe('plan budgets', () => {
  it("budgets each step from the policy's numbers and implies an RTO of detection plus the steps until traffic moved", async () => {
    const policy = await shop();
    const plan = buildPlan({ policy, kind: 'failover', from: 'westeurope', to: 'northeurope', current: { westeurope: { endpoint: 'weu', status: 'Enabled', weight: 1000 }, northeurope: { endpoint: 'neu', status: 'Enabled', weight: 1 } }, now: 0, reasons: [] });
    const restore = plan.steps.find((s) => s.kind === 'restore');
    if (!restore) throw new Error('the plan has no restore');
    expect(stepBudgetSeconds(restore)).toBe(30 * 60);
    const pause = plan.steps.find((s) => s.kind === 'pause');
    expect(pause && stepBudgetSeconds(pause)).toBe(60);
    const implied = impliedRto(policy, plan);
    // shiftFirst: the restore comes after the traffic moved and is not part of the RTO.
    const untilTraffic = plan.steps.slice(0, plan.steps.map((s) => s.kind).lastIndexOf('verifyTrafficManager') + 1);
    expect(implied.mitigationSeconds).toBe(untilTraffic.reduce((sum, s) => sum + stepBudgetSeconds(s), 0));
    expect(implied.totalSeconds).toBe(implied.detectionSeconds + implied.mitigationSeconds);
  });
});
