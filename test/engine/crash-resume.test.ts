// Kill the controller at every step boundary of a failover — right after a step's `started` record
// and right after its `completed` record, and right after each side effect before the journal knew
// — then start a new engine on the persisted state: the operation completes, the weights are right,
// and every side effect happened exactly once (one restore, one scale, each PATCH once).
import { describe, expect, it } from 'vitest';
import type { PolicyEngine } from '../../src/engine/engine.js';
import type { JournalRecord } from '../../src/engine/executor/journal.js';
import { journalLogName } from '../../src/engine/executor/journal.js';
import type { ActionPorts } from '../../src/engine/executor/executor-ports.js';
import { loadDocument } from '../../src/engine/engine-document.js';
import { SimulatedCrash, isJournalRecord } from './support/crashing-store.js';
import { PRIMARY, SECONDARY, anEngineWorld, clusterOf, type EngineWorld } from './support/engine-world.js';

interface Effects {
  setEndpoint: string[];
  scaleAgentPool: number;
  createRestore: number;
  restores: number;
}

async function effectsOf(world: EngineWorld): Promise<Effects> {
  const velero = world.velero[clusterOf(world, SECONDARY)];
  return {
    setEndpoint: world.trafficManager.calls.filter((c) => c.startsWith('setEndpoint')),
    scaleAgentPool: world.aks.calls.filter((c) => c.startsWith('scaleAgentPool')).length,
    createRestore: velero?.calls.filter((c) => c === 'createRestore').length ?? 0,
    restores: (await velero?.listRestores())?.length ?? 0,
  };
}

/** Cycles until the failover has run (or the "process" died); returns whether it died. */
async function runUntilCrashOrDone(world: EngineWorld, engine: PolicyEngine, signal?: AbortSignal): Promise<boolean> {
  for (let i = 0; i < 8; i++) {
    try {
      const report = await world.clock.runUntilSettled(engine.runCycle(signal ? { signal } : {}));
      if (report.outcome) return false;
    } catch (error) {
      if (error instanceof SimulatedCrash || signal?.aborted) return true;
      throw error;
    }
    await world.clock.advance(engine.intervalMs);
  }
  throw new Error('the failover neither ran nor crashed within 8 cycles');
}

async function restartAndFinish(world: EngineWorld): Promise<void> {
  const report = await world.clock.runUntilSettled(world.engine().runCycle());
  expect(report.resumed?.result ?? report.outcome?.result).toBe('succeeded');
}

async function expectFailedOverOnce(world: EngineWorld, baseline: Effects): Promise<void> {
  const { doc } = await loadDocument(world.store, world.policy, world.clock.now());
  expect(doc.engine.kind).toBe('FailedOver');
  expect(doc.engine.active).toBe(SECONDARY);
  const endpoints = await world.endpoints();
  // A disabled endpoint keeps whatever weight it had; it takes no traffic.
  expect(endpoints[PRIMARY]?.status).toBe('Disabled');
  expect(endpoints[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
  const effects = await effectsOf(world);
  expect(effects).toEqual(baseline);
  const journal = await world.store.readLog<JournalRecord>(journalLogName(world.policy.metadata.name));
  const completedSteps = journal.filter((r) => r.kind !== 'operation' && r.phase === 'completed').map((r) => r.stepIndex);
  expect(completedSteps).toEqual([...new Set(completedSteps)]);
}

async function baselineRun(): Promise<{ effects: Effects; steps: { index: number; kind: string }[] }> {
  const world = anEngineWorld();
  world.observer.down.add(PRIMARY);
  expect(await runUntilCrashOrDone(world, world.engine())).toBe(false);
  const journal = await world.store.readLog<JournalRecord>(journalLogName(world.policy.metadata.name));
  const steps = journal.filter((r) => r.kind !== 'operation' && r.phase === 'completed').map((r) => ({ index: r.stepIndex, kind: r.kind }));
  return { effects: await effectsOf(world), steps };
}

const baseline = await baselineRun();

describe('a failover killed at a step boundary resumes and completes exactly once', () => {
  it('the baseline failover runs every step once', () => {
    expect(baseline.steps.map((s) => s.kind)).toEqual(['checkReadiness', 'shiftWeights', 'pause', 'checkHealth', 'shiftWeights', 'verifyTrafficManager', 'scaleUp', 'restore', 'verifyWorkloads', 'done']);
    expect(baseline.effects.scaleAgentPool).toBe(1);
    expect(baseline.effects.createRestore).toBe(1);
    expect(baseline.effects.restores).toBe(1);
  });

  const points = baseline.steps.flatMap((step) => (['started', 'completed'] as const).map((phase) => ({ ...step, phase })));
  it.each(points)('killed after step $index ($kind) is journaled $phase', async ({ index, phase }) => {
    const world = anEngineWorld();
    world.observer.down.add(PRIMARY);
    world.store.crashWhen = (log, record) => isJournalRecord(log, record) && record.stepIndex === index && record.phase === phase;
    expect(await runUntilCrashOrDone(world, world.engine())).toBe(true);
    const { doc } = await loadDocument(world.store, world.policy, world.clock.now());
    expect(doc.engine.kind).toBe('FailingOver');
    await restartAndFinish(world);
    await expectFailedOverOnce(world, baseline.effects);
  });
});

describe('a failover killed right after a side effect, before the journal recorded it, does not repeat it', () => {
  type Effect = 'setEndpoint' | 'scaleAgentPool' | 'createRestore';
  function crashingPorts(world: EngineWorld, effect: Effect, controller: AbortController): ActionPorts {
    const die = <T>(_value: T): T => {
      controller.abort(new SimulatedCrash(`killed after ${effect}`));
      throw new SimulatedCrash(`killed after ${effect}`);
    };
    const { trafficManager, aks, clusters } = world.ports;
    return {
      ...world.ports,
      trafficManager: effect === 'setEndpoint' ? { getProfile: (...a) => trafficManager.getProfile(...a), setEndpoint: async (...a) => die(await trafficManager.setEndpoint(...a)) } : trafficManager,
      aks: effect === 'scaleAgentPool' ? { ...aks, getCluster: (...a) => aks.getCluster(...a), getKubeconfig: (...a) => aks.getKubeconfig(...a), startCluster: (...a) => aks.startCluster(...a), scaleAgentPool: async (...a) => die(await aks.scaleAgentPool(...a)) } : aks,
      clusters:
        effect === 'createRestore'
          ? {
              kubernetes: (id) => clusters.kubernetes(id),
              velero: (id) => {
                const velero = clusters.velero(id);
                return { ...velero, getRestore: (...a) => velero.getRestore(...a), listBackups: (...a) => velero.listBackups(...a), newestCompletedBackup: (...a) => velero.newestCompletedBackup(...a), getBackupStorageLocation: (...a) => velero.getBackupStorageLocation(...a), listRestores: (...a) => velero.listRestores(...a), createRestore: async (...a) => die(await velero.createRestore(...a)) };
              },
            }
          : clusters,
    };
  }

  it.each(['setEndpoint', 'scaleAgentPool', 'createRestore'] as const)('killed right after %s', async (effect) => {
    const world = anEngineWorld();
    world.observer.down.add(PRIMARY);
    const controller = new AbortController();
    expect(await runUntilCrashOrDone(world, world.engine({ ports: crashingPorts(world, effect, controller) }), controller.signal)).toBe(true);
    await restartAndFinish(world);
    await expectFailedOverOnce(world, baseline.effects);
  });
});
