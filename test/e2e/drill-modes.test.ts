// Runbook: each drill mode against a healthy lab world passes, measures what it claims to measure,
// and leaves the world as it found it (weights, namespaces, the engine's failover count).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/engine/engine-document.js';
import { DrillStore } from '../../src/drill/index.js';
import { AuditTrail } from '../../src/state/audit-trail.js';
import { drill, stepOutcomes, weights } from '../drill/support/drill-lab.js';
import { startLabEngine, type LabEngine } from './support/lab-engine.js';

const SECONDARY = 'northeurope';
let world: LabEngine;
beforeAll(async () => {
  world = await startLabEngine();
});
afterAll(async () => {
  await world?.close();
});

describe('DR drills on a healthy world', () => {
  it('dry-run reports every readiness check, the plan with budgets and the implied RTO, and changes nothing', async () => {
    const before = weights(world);
    const report = await drill(world, 'dry-run');
    expect(report.result).toBe('passed');
    expect(report.target).toBe(SECONDARY);
    const names = report.steps.map((s) => s.name);
    for (const check of ['acrReplication', 'acrImages', 'backupFreshness', 'backupLocation', 'versionDrift', 'capacity', 'trafficManagerProfile']) expect(names).toContain(`readiness.${check}`);
    expect(names).toContain('plan.failover');
    expect(report.plan?.map((s) => s.step)).toEqual(['scaleUp', 'checkReadiness', 'shiftWeights', 'verifyTrafficManager', 'restore', 'scaleWorkloads', 'verifyWorkloads', 'done']);
    expect(report.plan?.find((s) => s.step === 'restore')?.budgetSeconds).toBe(world.policy.spec.recovery?.velero.timeoutMinutes === undefined ? undefined : world.policy.spec.recovery.velero.timeoutMinutes * 60);
    expect(report.rto).toMatchObject({ basis: 'implied', met: true, objectiveMinutes: world.policy.spec.objectives.rtoMinutes });
    expect(report.rpo).toMatchObject({ basis: 'measured', met: true });
    expect(weights(world)).toEqual(before);
    const { revision } = await loadDocument(world.store, world.policy, Date.now());
    expect(revision).toBe(0); // the engine saved nothing
  });

  it('restore-test restores the newest backup into a scratch namespace, times it, and deletes the namespace', async () => {
    const before = weights(world);
    const report = await drill(world, 'restore-test');
    expect(report.result, report.summary).toBe('passed');
    expect(stepOutcomes(report)).toEqual({ backup: 'passed', restore: 'passed', workloads: 'passed', cleanup: 'passed' });
    expect(report.rto).toMatchObject({ basis: 'measured', met: true });
    expect(report.rto.measuredSeconds).toBeGreaterThanOrEqual(0);
    const secondary = world.lab.state().clusters.find((c) => c.region === SECONDARY);
    const restore = secondary?.restores.find((r) => r.name.startsWith('shop-drill-restore-test-'));
    expect(restore?.phase).toBe('Completed');
    // Production namespaces untouched, the scratch one gone.
    const mapping = report.steps.find((s) => s.name === 'restore')?.evidence?.namespaceMapping as Record<string, string>;
    const scratch = mapping.shop ?? '';
    expect(scratch).toMatch(/^shop-drill-\d{8}t\d{6}z$/);
    const deployments = await world.ports.clusters.kubernetes(world.policy.spec.regions[1]?.cluster ?? '').getDeployments(scratch);
    expect(deployments).toEqual([]);
    expect(secondary?.deployments.every((d) => d.namespace !== scratch)).toBe(true);
    expect(weights(world)).toEqual(before);
  });

  it('live fails over through the engine and back, verified, timed, and the failover does not count for dwell or the cap', async () => {
    const before = weights(world);
    const report = await drill(world, 'live');
    expect(report.result, report.summary).toBe('passed');
    expect(stepOutcomes(report)).toMatchObject({ 'plan.failover': 'passed', failover: 'passed', 'verify-failover': 'passed', failback: 'passed', 'verify-failback': 'passed' });
    expect(report.overrides).toEqual(['failback-hold-down']);
    expect(report.rto).toMatchObject({ basis: 'measured', met: true });
    expect(weights(world)).toEqual(before);
    const { doc } = await loadDocument(world.store, world.policy, Date.now());
    expect(doc.engine).toMatchObject({ kind: 'Steady', active: 'westeurope', failoverHistory: [] });
    expect(doc.engine.lastFailoverAt).toBeUndefined();
    expect((await new DrillStore(world.store).current('shop'))?.record.phase).toBe('finished');
  });

  it('keeps every drill in the state store and the audit trail (what aksdr history shows)', async () => {
    const reports = await new DrillStore(world.store).reports('shop');
    expect(reports.map((r) => `${r.mode}:${r.result}`)).toEqual(['dry-run:passed', 'restore-test:passed', 'live:passed']);
    const audit = await new AuditTrail(world.store).query('shop');
    expect(audit.filter((r) => r.summary.startsWith('drill ')).map((r) => r.summary.replace(/shop-drill-\S+/, 'ID').split(':')[0])).toEqual([
      'drill ID (dry-run) to northeurope started',
      'drill ID (dry-run) passed',
      'drill ID (restore-test) to northeurope started',
      'drill ID (restore-test) passed',
      'drill ID (live) to northeurope started',
      'drill ID (live) passed',
    ]);
    expect(audit.some((r) => r.kind === 'override' && r.rules?.includes('failback-hold-down') && /DR drill shop-drill-live-/.test(r.summary))).toBe(true);
  });
});
