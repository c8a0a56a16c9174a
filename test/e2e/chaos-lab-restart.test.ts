// Chaos runbook: the whole lab goes away under a running engine — Entra ID, ARM, every API server,
// the apps, the registry, DNS: connection refused everywhere — and comes back on the same ports with
// the same world (`lab.stopServers()` / `lab.startServers()`, src/lab/http/server-group.ts).
//
// Being blind is not evidence that the primary is down: with the other region just as unreachable,
// the engine holds (`all-regions-down`), moves no weight, starts no operation, and says it is blind —
// the hold and its alert in the log and the audit trail, every region at aksdr_region_healthy 0, the
// failed requests in aksdr_requests_total. When the lab is back it recovers by itself: Steady (or
// FailedOver, where it was before), no operation started or repeated, the profile untouched.
// `AKSDR_CHAOS_LONG=1` repeats the outage several times and keeps it down longer.
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/engine/clock.js';
import { CrashingStore, isJournalRecord } from '../engine/support/crashing-store.js';
import { loadDocument } from '../../src/engine/engine-document.js';
import { defaultRetrySettings } from '../../src/engine/executor/retry.js';
import type { CycleReport, PolicyEngine } from '../../src/engine/engine.js';
import { ServiceMetrics } from '../../src/metrics/service-metrics.js';
import { AuditTrail } from '../../src/state/audit-trail.js';
import { labEndpoints, onFakeClock, startLabEngine, type LabEngine } from './support/lab-engine.js';

const PRIMARY = 'westeurope';
const SECONDARY = 'northeurope';
const long = process.env.AKSDR_CHAOS_LONG === '1';
const outages = long ? 3 : 1;
const outageCycles = long ? 60 : 15;

let world: LabEngine | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The engine's loop (`run`) on a fake clock pumped ten times real time; every report is kept. */
function runLoop(clock: FakeClock, engine: PolicyEngine): { reports: CycleReport[]; stop(): Promise<void>; until(done: (r: CycleReport) => boolean, maxCycles: number): Promise<CycleReport> } {
  const reports: CycleReport[] = [];
  const waiters: { done: (r: CycleReport) => boolean; resolve: (r: CycleReport) => void; reject: (e: Error) => void; left: number }[] = [];
  const controller = new AbortController();
  const pump = setInterval(() => void clock.advance(100), 10);
  const running = engine.run(controller.signal, (report) => {
    reports.push(report);
    for (const w of [...waiters]) {
      w.left--;
      if (w.done(report)) w.resolve(report);
      else if (w.left <= 0) w.reject(new Error(`not reached within the cycles allowed (last: ${report.decision?.next.kind})`));
      else continue;
      waiters.splice(waiters.indexOf(w), 1);
    }
  });
  return {
    reports,
    until: (done, maxCycles) => new Promise((resolve, reject) => waiters.push({ done, resolve, reject, left: maxCycles })),
    stop: async () => {
      controller.abort();
      await running;
      clearInterval(pump);
    },
  };
}

const started = (reports: CycleReport[]): string[] => reports.flatMap((r) => (r.decision?.next.kind === 'FailingOver' || r.decision?.next.kind === 'FailingBack') && r.previous.kind !== r.decision.next.kind ? [r.decision.next.operationId] : []);

describe('the whole lab restarted under a running engine', () => {
  it.each(['Steady', 'FailedOver'] as const)('%s: blind, it holds and says so; back, it recovers with nothing run twice', { timeout: 300_000 }, async (before) => {
    const clock = new FakeClock(Date.now());
    world = await startLabEngine({ clock });
    const { lab, policy } = world;
    const engine = world.engine();
    const registry = new Registry();
    const metrics = new ServiceMetrics(registry);
    if (before === 'FailedOver') {
      const moved = await onFakeClock(clock, () => engine.runCycle({ command: { kind: 'failover', to: SECONDARY, by: 'chaos' } }));
      expect(moved.commandResult?.status).toBe('completed');
    }
    const loop = runLoop(clock, engine);
    const name = policy.metadata.name;
    const blindReports: CycleReport[] = [];
    try {
      await loop.until((r) => r.health?.regions[PRIMARY]?.status === 'Healthy' && r.health.regions[SECONDARY]?.status === 'Healthy' && r.decision?.next.kind === before, 20);
      const operationsBefore = started(loop.reports).length;
      const steadyProfile = labEndpoints(lab);
      const active = before === 'Steady' ? PRIMARY : SECONDARY;

      for (let outage = 0; outage < outages; outage++) {
        await lab.stopServers();
        await expect(fetch(`${lab.ctx.urls.control}/state`), 'the lab is gone').rejects.toThrow();
        const from = loop.reports.length;
        // Blind: every probe refused. Long enough for unhealthyAfter several times over.
        const held = await loop.until((r) => r.decision?.next.kind === 'Held', 10);
        await loop.until(() => false, outageCycles).catch(() => undefined);
        const during = loop.reports.slice(from);
        blindReports.push(...during);
        for (const r of during) metrics.recordCycle(name, r, clock.now());
        expect(held.decision?.next).toMatchObject({ kind: 'Held', reason: 'all-regions-down', active });
        expect(during.every((r) => r.decision === undefined || ['Held', 'Steady', 'FailedOver'].includes(r.decision.next.kind))).toBe(true);
        expect(started(during)).toEqual([]);
        expect((await registry.getSingleMetricAsString('aksdr_region_healthy')).match(/ 0$/gm)?.length).toBe(2);

        await lab.startServers();
        expect((await fetch(`${lab.ctx.urls.control}/state`)).status, 'the lab is back on its port').toBeLessThan(500);
        const back = await loop.until((r) => r.decision?.next.kind === before, policy.spec.health.healthyAfter + 15);
        expect(back.decision?.next).toMatchObject({ kind: before, active });
        expect(labEndpoints(lab)).toEqual(steadyProfile);
      }
      // Nothing started while blind, nothing repeated after.
      expect(started(loop.reports)).toHaveLength(operationsBefore);
    } finally {
      await loop.stop();
    }
    // It said it was blind: the hold and its alert in the audit trail; failed requests in the request metrics.
    const audit = (await new AuditTrail(world.store).query(name)).map((r) => `${r.kind} ${r.summary}`).join('\n');
    expect(audit).toMatch(/all-regions-down|every region/i);
    const requests = await world.deps.metrics.getSingleMetricAsString('aksdr_requests_total');
    expect(requests).toMatch(/outcome="(unavailable|timeout|aborted|unknown)"} [1-9]/);
    expect(blindReports.length).toBeGreaterThanOrEqual(outageCycles * outages);
    const { doc } = await loadDocument(world.store, policy, clock.now());
    expect(doc.engine).toMatchObject({ kind: before });
    const journal = await engine.journal.records();
    expect(journal.filter((r) => r.kind === 'operation' && r.phase === 'started')).toHaveLength(before === 'Steady' ? 0 : 1);
  });
});

describe('the whole lab restarted in the middle of a failover', () => {
  /** A person's failover with the whole lab gone for a second of real time (~10 s on the engine clock) once step `at` starts. */
  async function failoverThroughOutage(at: string) {
    const clock = new FakeClock(Date.now());
    world = await startLabEngine({ clock });
    const { lab } = world;
    const store = new CrashingStore(world.store);
    let outage: Promise<void> | undefined;
    store.onAppend = (log, record) => {
      if (!isJournalRecord(log, record) || record.kind !== at || record.phase !== 'started' || outage) return;
      outage = lab.stopServers().then(() => new Promise<void>((resolve) => setTimeout(resolve, 1_000))).then(() => lab.startServers());
    };
    // The product's retry settings (a minute of backoff): the harness's own (9 s) are shorter than the outage.
    const engine = world.engine({ store, retry: defaultRetrySettings });
    const report = await onFakeClock(clock, () => engine.runCycle({ command: { kind: 'failover', to: SECONDARY, by: 'chaos' } }));
    expect(outage, 'the lab went away during the step').toBeDefined();
    await outage;
    const records = await engine.journal.records();
    const phases = new Map<string, string[]>();
    for (const r of records.filter((r) => r.kind !== 'operation')) phases.set(`${r.stepIndex}:${r.kind}`, [...(phases.get(`${r.stepIndex}:${r.kind}`) ?? []), r.phase]);
    const { doc } = await loadDocument(world.store, world.policy, clock.now());
    return { lab, report, records, phases, doc, restores: lab.state().clusters.find((c) => c.region === SECONDARY)?.restores.length ?? 0 };
  }

  it.each(['scaleUp', 'shiftWeights', 'verifyTrafficManager', 'restore', 'verifyWorkloads'])('gone after %s starts: the failover completes, every step once, one restore', { timeout: 120_000 }, async (at) => {
    const run = await failoverThroughOutage(at);
    expect(run.report.outcome?.result, JSON.stringify(run.records.filter((r) => r.phase === 'failed'))).toBe('succeeded');
    for (const [step, list] of run.phases) expect(list, step).toEqual(['started', 'completed']);
    expect(labEndpoints(run.lab)[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    expect(run.restores).toBe(1);
    expect(run.doc.engine).toMatchObject({ kind: 'FailedOver', active: SECONDARY });
  });

  // Readiness does not guess: a target it cannot read is "unknown", which blocks (docs/ARCHITECTURE.md, readiness).
  it('gone after checkReadiness starts: the failover stops there, on the record, before any traffic moved', { timeout: 120_000 }, async () => {
    const run = await failoverThroughOutage('checkReadiness');
    expect(run.report.outcome?.result).toBe('failed');
    expect([...run.phases.entries()]).toEqual([['0:scaleUp', ['started', 'completed']], ['1:checkReadiness', ['started', 'failed']]]);
    const failed = run.records.find((r) => r.phase === 'failed' && r.kind === 'checkReadiness');
    expect(failed && 'error' in failed ? failed.error?.message : '').toMatch(/unknown \(cannot read/);
    expect(labEndpoints(run.lab)).toEqual({ [PRIMARY]: { status: 'Enabled', weight: 1000 }, [SECONDARY]: { status: 'Enabled', weight: 1 } });
    expect(run.restores).toBe(0);
    expect(run.doc.engine).toMatchObject({ kind: 'Held', reason: 'operation-failed', active: PRIMARY });
  });
});
