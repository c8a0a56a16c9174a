import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/plan/build-plan.js';
import { describePlan } from '../../../src/core/plan/describe-plan.js';
import { failedOverEndpoints, hasServingEndpoint, interpolateEndpoints, steadyEndpoints } from '../../../src/core/plan/endpoints.js';
import { operationIdFor, restoreNameFor } from '../../../src/core/plan/operation-id.js';
import type { Plan, Step } from '../../../src/core/plan/plan-types.js';
import type { FailoverPolicy } from '../../../src/policy/schema.js';
import { aPolicy } from '../builders/policy-builder.js';
import { T0 } from '../builders/world.js';

function failoverPlan(policy: FailoverPolicy, kind: 'failover' | 'failback' = 'failover'): Plan {
  const steady = steadyEndpoints(policy);
  const current = kind === 'failover' ? steady : failedOverEndpoints(policy, steady, 'westeurope', 'northeurope');
  const [from, to] = kind === 'failover' ? ['westeurope', 'northeurope'] : ['northeurope', 'westeurope'];
  return buildPlan({ policy, kind, from: from ?? '', to: to ?? '', current, now: T0, reasons: [{ code: 'test', message: 'westeurope is Unhealthy' }] });
}
const kinds = (plan: Plan) => plan.steps.map((step) => step.kind);
const shifts = (plan: Plan) => plan.steps.filter((step): step is Extract<Step, { kind: 'shiftWeights' }> => step.kind === 'shiftWeights');

describe('operation ids and restore names', () => {
  it('are deterministic from policy, kind, target and time', () => {
    expect(operationIdFor('shop', 'failover', 'northeurope', T0)).toBe('shop-failover-northeurope-20261123T140000Z');
    expect(restoreNameFor('shop', T0)).toBe('shop-20261123t140000z');
  });

  it('keep a restore name within a Kubernetes label (63 characters)', () => {
    const name = restoreNameFor('a'.repeat(63), T0);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('a weighted failover plan', () => {
  it('moves traffic at once with the default single 100% step', () => {
    const plan = failoverPlan(aPolicy().build());
    expect(kinds(plan)).toEqual(['checkReadiness', 'shiftWeights', 'verifyTrafficManager', 'done']);
    expect(plan.finalEndpoints).toEqual({ westeurope: { endpoint: 'westeurope-ep', status: 'Disabled', weight: 1000 }, northeurope: { endpoint: 'northeurope-ep', status: 'Enabled', weight: 1000 } });
    expect(plan.operationId).toBe('shop-failover-northeurope-20261123T140000Z');
  });

  it('shifts gradually with a pause and a health check of the target that can revert each step', () => {
    const plan = failoverPlan(aPolicy().withShift([25, 50, 100], 45).build());
    expect(kinds(plan)).toEqual(['checkReadiness', 'shiftWeights', 'pause', 'checkHealth', 'shiftWeights', 'pause', 'checkHealth', 'shiftWeights', 'verifyTrafficManager', 'done']);
    expect(shifts(plan).map((step) => [step.percent, step.weights.westeurope?.weight, step.weights.northeurope?.weight])).toEqual([
      [25, 750, 251],
      [50, 500, 501],
      [100, 1000, 1000],
    ]);
    expect(shifts(plan)[1]?.revertTo).toEqual(shifts(plan)[0]?.weights);
    expect(plan.steps[2]).toEqual({ kind: 'pause', seconds: 45 });
    expect(plan.steps[3]).toEqual({ kind: 'checkHealth', region: 'northeurope', revertTo: steadyEndpoints(aPolicy().build()) });
  });

  it('leaves the failed region its drainedWeight when the policy sets one', () => {
    const plan = failoverPlan(aPolicy().withDrainedWeight(5).build());
    expect(plan.finalEndpoints.westeurope).toEqual({ endpoint: 'westeurope-ep', status: 'Enabled', weight: 5 });
  });

  it('warm standby (shiftFirst): scales up, checks, moves traffic, then restores and verifies workloads', () => {
    const plan = failoverPlan(aPolicy().withCapacity(6).withRecovery().build());
    expect(kinds(plan)).toEqual(['scaleUp', 'checkReadiness', 'shiftWeights', 'verifyTrafficManager', 'restore', 'verifyWorkloads', 'done']);
    expect(plan.steps[0]).toEqual({ kind: 'scaleUp', region: 'northeurope', nodePool: 'user', minNodes: 6, timeoutSeconds: 900 });
    expect(plan.steps[4]).toEqual({
      kind: 'restore',
      region: 'northeurope',
      namespace: 'velero',
      schedule: 'shop-hourly',
      restoreName: 'shop-20261123t140000z',
      includedNamespaces: ['shop'],
      restorePVs: true,
      existingResourcePolicy: 'none',
      acceptPartiallyFailed: false,
      timeoutMinutes: 30,
    });
  });

  it('cold standby (restoreFirst): restores, raises the workloads to what the source ran and verifies them before any traffic moves', () => {
    const plan = failoverPlan(aPolicy().withOrder('restoreFirst').withRecovery().build());
    expect(kinds(plan)).toEqual(['checkReadiness', 'restore', 'scaleWorkloads', 'verifyWorkloads', 'shiftWeights', 'verifyTrafficManager', 'done']);
    expect(plan.steps.find((s) => s.kind === 'scaleWorkloads')).toEqual({ kind: 'scaleWorkloads', region: 'northeurope', from: 'westeurope', namespace: 'shop', deployments: ['frontend', 'cart'] });
  });

  it('matchReplicas: off in a cold standby leaves the replicas alone; on in a warm one scales after the traffic moved', () => {
    const cold = aPolicy().withOrder('restoreFirst').withRecovery().build();
    cold.spec.failover.matchReplicas = false;
    expect(kinds(failoverPlan(cold))).not.toContain('scaleWorkloads');
    const warm = aPolicy().withRecovery().build();
    expect(kinds(failoverPlan(warm))).not.toContain('scaleWorkloads');
    warm.spec.failover.matchReplicas = true;
    expect(kinds(failoverPlan(warm)).slice(-4)).toEqual(['restore', 'scaleWorkloads', 'verifyWorkloads', 'done']);
    const noRestore = aPolicy().build();
    noRestore.spec.failover.matchReplicas = true;
    expect(kinds(failoverPlan(noRestore)).slice(-3)).toEqual(['scaleWorkloads', 'verifyWorkloads', 'done']);
  });

  it('away from a dead region, a warm standby moves the traffic first and scales up right after; a planned move scales first', () => {
    const policy = aPolicy().withCapacity(3).withRecovery().build();
    const steady = steadyEndpoints(policy);
    const plan = (sourceDown: boolean, p: FailoverPolicy = policy): Plan => buildPlan({ policy: p, kind: 'failover', from: 'westeurope', to: 'northeurope', current: steady, now: T0, reasons: [], sourceDown });
    const down = plan(true);
    expect(kinds(down)).toEqual(['checkReadiness', 'shiftWeights', 'verifyTrafficManager', 'scaleUp', 'restore', 'verifyWorkloads', 'done']);
    // The capacity shortfall the later scale-up repairs does not stop the readiness step.
    expect(down.steps[0]).toEqual({ kind: 'checkReadiness', region: 'northeurope', from: 'westeurope', repairable: ['capacity'], sourceDown: true });
    expect(kinds(plan(false))).toEqual(['scaleUp', 'checkReadiness', 'shiftWeights', 'verifyTrafficManager', 'restore', 'verifyWorkloads', 'done']);
    expect(plan(false).steps[1]).not.toHaveProperty('repairable');
    const scaleFirst = aPolicy().withCapacity(3).withRecovery().build();
    if (scaleFirst.spec.readiness.capacity) scaleFirst.spec.readiness.capacity.whenSourceDown = 'scaleFirst';
    expect(kinds(plan(true, scaleFirst))[0]).toBe('scaleUp');
    // A cold standby needs the nodes for what it restores: scale-up first.
    expect(kinds(plan(true, aPolicy().withCapacity(3).withOrder('restoreFirst').withRecovery().build()))[0]).toBe('scaleUp');
  });

  it('does not scale up when the policy only checks capacity', () => {
    expect(kinds(failoverPlan(aPolicy().withCapacity(6, false).build()))).not.toContain('scaleUp');
  });

  it('enables a cold standby that had no steady weight', () => {
    const policy = aPolicy().withWeights({ westeurope: 1000 }).withShift([50, 100]).build();
    const plan = failoverPlan(policy);
    expect(shifts(plan)[0]?.weights.northeurope).toEqual({ endpoint: 'northeurope-ep', status: 'Enabled', weight: 500 });
    expect(plan.finalEndpoints.northeurope).toEqual({ endpoint: 'northeurope-ep', status: 'Enabled', weight: 1000 });
  });
});

describe('a priority failover plan', () => {
  it('swaps priorities and disables the failed endpoint in one step', () => {
    const plan = failoverPlan(aPolicy().withPriorityRouting().build());
    expect(shifts(plan)).toHaveLength(1);
    expect(plan.finalEndpoints).toEqual({ westeurope: { endpoint: 'westeurope-ep', status: 'Disabled', priority: 2 }, northeurope: { endpoint: 'northeurope-ep', status: 'Enabled', priority: 1 } });
  });
});

describe('a failback plan', () => {
  it('returns to the steady endpoints without a restore', () => {
    const policy = aPolicy().withRecovery().withShift([50, 100]).build();
    const plan = failoverPlan(policy, 'failback');
    expect(plan.operationId).toBe('shop-failback-westeurope-20261123T140000Z');
    expect(kinds(plan)).toEqual(['checkReadiness', 'shiftWeights', 'pause', 'checkHealth', 'shiftWeights', 'verifyTrafficManager', 'done']);
    expect(plan.finalEndpoints).toEqual(steadyEndpoints(policy));
    expect(shifts(plan)[0]?.weights).toEqual({ westeurope: { endpoint: 'westeurope-ep', status: 'Enabled', weight: 500 }, northeurope: { endpoint: 'northeurope-ep', status: 'Enabled', weight: 501 } });
  });
});

describe('endpoint settings', () => {
  it('never interpolate an enabled endpoint down to zero', () => {
    const start = { a: { endpoint: 'a', status: 'Enabled' as const, weight: 1 } };
    const end = { a: { endpoint: 'a', status: 'Disabled' as const } };
    expect(interpolateEndpoints(start, end, 99).a).toEqual({ endpoint: 'a', status: 'Enabled', weight: 1 });
  });

  it('know when nothing would serve', () => {
    expect(hasServingEndpoint({ a: { endpoint: 'a', status: 'Disabled', weight: 10 } })).toBe(false);
    expect(hasServingEndpoint({ a: { endpoint: 'a', status: 'Enabled', weight: 0 } })).toBe(false);
    expect(hasServingEndpoint({ a: { endpoint: 'a', status: 'Enabled', priority: 1 } })).toBe(true);
  });
});

describe('describePlan', () => {
  it('prints one line per step a person can follow', () => {
    const lines = describePlan(failoverPlan(aPolicy().withCapacity(6).withRecovery().withShift([50, 100], 30).build()));
    expect(lines).toEqual([
      'failover shop-failover-northeurope-20261123T140000Z: westeurope → northeurope (planned 2026-11-23T14:00:00.000Z)',
      '  because westeurope is Unhealthy',
      '  1. scale node pool user in northeurope to at least 6 nodes (up to 900 s)',
      '  2. check that northeurope is ready (registry, images, backup, versions, capacity, profile); stop if not',
      '  3. move 50% of the traffic: westeurope weight 500, northeurope weight 501',
      '  4. wait 30 s',
      '  5. check that northeurope is still healthy; if not, revert to westeurope weight 1000, northeurope weight 1 and stop',
      '  6. move 100% of the traffic: westeurope disabled, northeurope weight 1000',
      '  7. verify Traffic Manager reports westeurope disabled, northeurope weight 1000',
      '  8. restore shop into northeurope from the newest backup of shop-hourly as velero/shop-20261123t140000z (with volumes, existing resources: none, timeout 30 min)',
      '  9. verify the workloads in northeurope are available',
      '  10. done',
      '  afterwards: westeurope disabled, northeurope weight 1000',
    ]);
  });
});
