// Runbook: with each lab fault a drill must notice, every mode fails at the step that meets the
// fault, says why, leaves the Traffic Manager weights where they were, and its result maps to the
// exit code a pipeline branches on (refused → 3 when a safety rule would stop the failover).
import { afterEach, describe, expect, it } from 'vitest';
import type { DrillMode, DrillReport } from '../../src/drill/index.js';
import type { FaultKind, FaultOptions } from '../../src/lab/faults.js';
import { drill, weights } from '../drill/support/drill-lab.js';
import { startLabEngine, type LabEngine } from './support/lab-engine.js';

interface Expected {
  result: DrillReport['result'];
  /** The first step that failed; absent when the drill passes. */
  step?: string;
  reason?: RegExp;
}

interface Case {
  fault: FaultKind;
  region: string;
  options?: FaultOptions;
  modes: Record<DrillMode, Expected>;
}

const cases: Case[] = [
  {
    fault: 'backup-stale',
    region: 'northeurope',
    modes: {
      'dry-run': { result: 'refused', step: 'readiness.backupFreshness', reason: /old \(limit 60 min\)/ },
      'restore-test': { result: 'failed', step: 'backup', reason: /older than the 60 min allowed/ },
      live: { result: 'refused', step: 'readiness.backupFreshness', reason: /old \(limit 60 min\)/ },
    },
  },
  {
    fault: 'acr-replica-degraded',
    region: 'northeurope',
    modes: {
      'dry-run': { result: 'refused', step: 'readiness.acrReplication', reason: /degraded/ },
      // A restore does not pull from the registry: the restore test is not the drill that catches this.
      'restore-test': { result: 'passed' },
      live: { result: 'refused', step: 'readiness.acrReplication', reason: /degraded/ },
    },
  },
  {
    fault: 'restore-fails',
    region: 'northeurope',
    modes: {
      // A dry run restores nothing: only restore-test and live can find a restore that fails.
      'dry-run': { result: 'passed' },
      'restore-test': { result: 'failed', step: 'restore', reason: /ended Failed: .*restore-fails/ },
      live: { result: 'failed', step: 'failover', reason: /restore.*ended Failed/ },
    },
  },
  {
    fault: 'region-down',
    region: 'northeurope',
    // `reset`: the dead API server refuses at once, as this runbook was written for (the default,
    // blackhole, makes each call run into its timeout).
    options: { mode: 'reset' },
    modes: {
      'dry-run': { result: 'refused', step: 'readiness.acrReplication', reason: /unavailable/ },
      'restore-test': { result: 'failed', step: 'backup', reason: /cannot reach the API server/ },
      live: { result: 'refused', step: 'readiness.acrReplication', reason: /unavailable/ },
    },
  },
  {
    fault: 'arm-throttle',
    region: '*',
    modes: {
      'dry-run': { result: 'refused', step: 'readiness.acrReplication', reason: /throttled \(HTTP 429/ },
      // The restore test talks to the cluster's API server; its kubeconfig comes through ARM, which the SDK retries.
      'restore-test': { result: 'passed' },
      live: { result: 'refused', step: 'readiness.acrReplication', reason: /throttled \(HTTP 429/ },
    },
  },
];

let world: LabEngine | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe.each(cases)('a drill with $fault in $region', ({ fault, region, options, modes }) => {
  it('fails at the step that meets the fault, with the reason, and the weights stay where they were', { timeout: 120_000 }, async () => {
    world = await startLabEngine();
    // The restore test's kubeconfig is fetched before ARM is throttled, as a running controller has it.
    await world.ports.clusters.velero(world.policy.spec.regions[1]?.cluster ?? '').listRestores();
    const before = weights(world);
    world.lab.inject(region, fault, options);
    for (const mode of ['dry-run', 'restore-test', 'live'] as const) {
      const expected = modes[mode];
      const report = await drill(world, mode);
      const failed = report.steps.find((s) => s.outcome === 'failed');
      const where = `${fault} ${mode}: ${report.summary}`;
      expect(report.result, where).toBe(expected.result);
      expect(failed?.name, where).toBe(expected.step);
      if (expected.reason) expect(failed?.reason, where).toMatch(expected.reason);
      if (expected.result === 'refused') expect(report.refusedBy, where).toContain('target-ready');
      expect(weights(world), where).toEqual(before);
      if (mode === 'live' && expected.step === 'failover') expect(report.aborted).toEqual({ reason: 'step failover failed', restored: true });
    }
  });
});
