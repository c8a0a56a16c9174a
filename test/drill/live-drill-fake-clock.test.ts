// A live drill on the in-memory fakes and a fake clock: the engine's operation (a 50 % / 100 % shift
// with a 30 s pause, a 5 s-a-phase restore) runs in no real time, so the abort paths can be driven
// exactly: a failed step, and Ctrl-C in the middle of the failover's pause.
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/engine/engine-document.js';
import { runDrill, type DrillDependencies, type DrillReport } from '../../src/drill/index.js';
import type { TrafficManagerPort } from '../../src/core/ports/traffic-manager-port.js';
import type { ActionPorts } from '../../src/engine/executor/executor-ports.js';
import { anEngineWorld, PRIMARY, SECONDARY, type EngineWorld } from '../engine/support/engine-world.js';

function deps(world: EngineWorld, ports: ActionPorts = world.ports): DrillDependencies {
  return { store: world.store, clock: world.clock, ports, namespaces: { deleteNamespace: () => Promise.resolve() }, engine: { timings: { pollIntervalMs: 1_000 }, readinessTtlMs: 0 }, pollIntervalMs: 1_000 };
}

function live(world: EngineWorld, signal?: AbortSignal, ports?: ActionPorts): Promise<DrillReport> {
  return world.clock.runUntilSettled(runDrill(deps(world, ports), { policy: world.policy, mode: 'live', by: 'ops', ...(signal ? { signal } : {}) }));
}

describe('a live drill on a fake clock', () => {
  it('fails over, verifies, fails back, and measures the failover on the clock the engine runs on', async () => {
    const world = anEngineWorld();
    const before = await world.endpoints();
    const report = await live(world);
    expect(report.result, report.summary).toBe('passed');
    // The plan's own 30 s pause between the two traffic steps is in the measured RTO: the clock is the engine's.
    expect(report.rto.measuredSeconds).toBeGreaterThanOrEqual(30);
    expect(await world.endpoints()).toEqual(before);
    const { doc } = await loadDocument(world.store, world.policy, world.clock.now());
    expect(doc.engine).toMatchObject({ kind: 'Steady', active: PRIMARY, failoverHistory: [] });
  });

  it('is refused, with nothing moved, when the target is not ready', async () => {
    const world = anEngineWorld();
    const before = await world.endpoints();
    world.readiness.fail(SECONDARY, 'acrReplication', 'replica Syncing');
    const report = await live(world);
    expect(report.result).toBe('refused');
    expect(report.refusedBy).toEqual(['target-ready']);
    expect(report.steps.filter((s) => s.outcome === 'skipped').map((s) => s.name)).toEqual(['failover', 'verify-failover', 'failback', 'verify-failback']);
    expect(await world.endpoints()).toEqual(before);
  });

  it('Ctrl-C in the middle of the failover: the operation is finished by the journal, then the traffic comes back', async () => {
    const world = anEngineWorld();
    const before = await world.endpoints();
    const stop = new AbortController();
    // The operator presses Ctrl-C once the first traffic step (50 %) is written: the pause comes next.
    const trafficManager: TrafficManagerPort = {
      getProfile: (id, options) => world.trafficManager.getProfile(id, options),
      setEndpoint: async (...args) => {
        const endpoint = await world.trafficManager.setEndpoint(...args);
        if (!stop.signal.aborted && args[3].weight !== undefined && args[3].weight !== before[SECONDARY]?.weight && args[2] === world.policy.spec.regions[1]?.endpoint) stop.abort(new Error('interrupted by the operator'));
        return endpoint;
      },
    };
    const report = await live(world, stop.signal, { ...world.ports, trafficManager });
    expect(report.result).toBe('failed');
    expect(report.aborted).toEqual({ reason: 'interrupted by the operator', restored: true });
    const abort = report.steps.find((s) => s.name === 'abort');
    expect(abort?.evidence?.actions).toEqual([expect.stringMatching(/^finished shop-failover-northeurope-\S+ \(succeeded\)$/), expect.stringMatching(/^failed back/)]);
    expect(await world.endpoints()).toEqual(before);
  });

  it('with the engine loop running in another process: the failover is queued to it, with the drill id, and the drill still passes', async () => {
    const world = anEngineWorld();
    const before = await world.endpoints();
    const stopLoop = new AbortController();
    const loop = world.engine().run(stopLoop.signal);
    await world.clock.advance(1);
    const report = await live(world);
    stopLoop.abort();
    await world.clock.runUntilSettled(loop);
    expect(report.result, report.summary).toBe('passed');
    const queued = await world.store.readLog<{ type: string; command?: { kind: string; drill?: string } }>(`${world.policy.metadata.name}.commands`);
    const commands = queued.filter((r) => r.type === 'command').map((r) => `${r.command?.kind ?? ''} ${r.command?.drill ?? ''}`);
    // The failback may run here: the loop's heartbeat ages while it runs the failover's 30 s pause and restore.
    expect(commands[0]).toBe(`failover ${report.drillId}`);
    expect(await world.endpoints()).toEqual(before);
  });
});
