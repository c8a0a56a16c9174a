// Chaos runbook: Azure Resource Manager storms at each step of a failover that touches it — the node
// pool scale-up (PUT + LRO polls), the readiness reads (cluster, registry, replications, profile), the
// weight shift (Traffic Manager PATCHes) and the Traffic Manager check (profile GETs). The storm
// starts when the step's `started` record is journaled and ends with the step.
//
// - A passing storm (429s with Retry-After, 5xx, a few calls hanging for seconds — each a bounded
//   number of times): the failover completes within its budget, every step once, one restore.
// - A storm that does not pass (every call answered 429 / 500, or never answered): the operation fails
//   *at that step*, with the step's `failed` record and its reason in the journal, no later step
//   started, the engine Held with the reason in its history — and the engine's belief (active
//   region, endpoints) is the lab's Traffic Manager profile, whatever the step had done already.
// After the storm a person resumes: the engine settles on what the profile says, nothing repeated.
// `AKSDR_CHAOS_LONG=1` runs every fault kind alone, passing and not, at every step.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/engine/clock.js';
import { loadDocument } from '../../src/engine/engine-document.js';
import type { JournalRecord } from '../../src/engine/executor/journal.js';
import type { Fault, FaultKind, FaultOptions } from '../../src/lab/faults.js';
import { CrashingStore, isJournalRecord } from '../engine/support/crashing-store.js';
import { cyclesOnFakeClock, labEndpoints, onFakeClock, startLabEngine, type LabEngine } from './support/lab-engine.js';

const PRIMARY = 'westeurope';
const SECONDARY = 'northeurope';
const long = process.env.AKSDR_CHAOS_LONG === '1';
const operationBudgetMs = 10 * 60_000;
// The SDK's own retries wait on real time, which the pumped fake clock counts ten times over: a
// passing storm gets the product's step timeout (5 min), a failing one a minute (it fails sooner).
const passingTimings = { pollIntervalMs: 150, defaultStepTimeoutMs: 5 * 60_000, operationDeadlineMs: operationBudgetMs };
const timings = { ...passingTimings, defaultStepTimeoutMs: 60_000 };

type ArmStep = 'scaleUp' | 'checkReadiness' | 'shiftWeights' | 'verifyTrafficManager';
const armSteps: ArmStep[] = ['scaleUp', 'checkReadiness', 'shiftWeights', 'verifyTrafficManager'];
/** `reason`: what the failed step's record must name (a storm that does not pass). */
type Storm = { name: string; faults: { kind: FaultKind; options: FaultOptions }[]; reason?: RegExp };

const throttle = (count?: number): Storm['faults'][number] => ({ kind: 'arm-throttle', options: { retryAfterSeconds: 1, ...(count ? { count } : {}) } });
const serverErrors = (count?: number): Storm['faults'][number] => ({ kind: 'arm-5xx', options: count ? { count } : {} });
// A hang: seconds of real time (tens on the pumped fake clock) for a passing one; forever otherwise.
const hang = (count?: number): Storm['faults'][number] => (count ? { kind: 'arm-slow', options: { count, latencyMs: 1_000 } } : { kind: 'arm-drop', options: { mode: 'blackhole' } });

const passing: Storm[] = long
  ? [
      { name: '429 ×3', faults: [throttle(3)] },
      { name: '5xx ×3', faults: [serverErrors(3)] },
      { name: 'hang ×1', faults: [hang(1)] },
    ]
  : [{ name: '429 ×1 + 5xx ×2 + hang ×1', faults: [throttle(1), serverErrors(2), hang(1)] }];
const failing: Storm[] = long
  ? [
      { name: 'only 429', faults: [throttle()], reason: /429|throttl|TooManyRequests/i },
      { name: 'only 5xx', faults: [serverErrors()], reason: /500|InternalServerError/ },
      { name: 'hangs past the deadline', faults: [hang()], reason: /did not finish within|timed out|timeout/i },
    ]
  : [
      { name: 'only 5xx', faults: [serverErrors()], reason: /500|InternalServerError/ },
      { name: 'hangs past the deadline', faults: [hang()], reason: /did not finish within|timed out|timeout/i },
    ];

let world: LabEngine | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

interface Run {
  world: LabEngine;
  clock: FakeClock;
  records: JournalRecord[];
  /** How many requests the storm hit during the step. */
  hits: number;
  durationMs: number;
  result: string | undefined;
}

/** A person's failover to the secondary with `storm` raging through step `at`. */
async function failoverThrough(at: ArmStep, storm: Storm, stepTimings = timings): Promise<Run> {
  const clock = new FakeClock(Date.now());
  // The SDK hands each failure over at once (its own retries wait on real time, which this clock counts
  // ten times over and a busy machine stretches): the executor's retries, on the engine's clock, see
  // every error, so a step that runs out of time says which one it met last.
  world = await startLabEngine({ clock, armRetry: { maxRetries: 1, retryDelayInMs: 50, maxRetryDelayInMs: 200 } });
  const lab = world.lab;
  const store = new CrashingStore(world.store);
  let hits = 0;
  let injected: Fault[] = [];
  store.onAppend = (log, record) => {
    if (!isJournalRecord(log, record) || record.kind !== at) return;
    if (record.phase === 'started') injected = storm.faults.map((f) => lab.inject('*', f.kind, f.options));
    else {
      hits = injected.reduce((sum, f) => sum + f.fired, 0);
      lab.heal();
    }
  };
  const engine = world.engine({ store, timings: stepTimings });
  const startedAt = clock.now();
  const report = await onFakeClock(clock, () => engine.runCycle({ command: { kind: 'failover', to: SECONDARY, by: 'chaos' } }));
  store.onAppend = undefined;
  lab.heal();
  return { world, clock, records: await engine.journal.records(), hits, durationMs: clock.now() - startedAt, result: report.outcome?.result };
}

function stepRecords(records: JournalRecord[]): Map<string, JournalRecord[]> {
  const byStep = new Map<string, JournalRecord[]>();
  for (const r of records.filter((r) => r.kind !== 'operation')) byStep.set(`${r.stepIndex}:${r.kind}`, [...(byStep.get(`${r.stepIndex}:${r.kind}`) ?? []), r]);
  return byStep;
}

/** The engine's belief is the lab's profile: the same endpoints (status, weight), the same active region. */
async function expectBeliefIsTheProfile(run: Run): Promise<void> {
  const { doc } = await loadDocument(run.world.store, run.world.policy, run.clock.now());
  const profile = labEndpoints(run.world.lab);
  for (const [region, setting] of Object.entries(doc.engine.endpoints)) expect({ region, ...profile[region] }).toEqual({ region, status: setting.status, weight: setting.weight });
  const serving = Object.entries(profile).filter(([, e]) => e.status === 'Enabled' && (e.weight ?? 0) > 1);
  expect(serving.map(([region]) => region)).toContain(doc.engine.active);
}

function restores(run: Run): number {
  return run.world.lab.state().clusters.find((c) => c.region === SECONDARY)?.restores.length ?? 0;
}

describe.each(armSteps)('an ARM storm during the failover step %s', (at) => {
  it.each(passing)('$name, passing: the failover completes within its budget, every step once', { timeout: 120_000 }, async (storm) => {
    const run = await failoverThrough(at, storm, passingTimings);
    expect(run.hits, 'requests the storm hit').toBeGreaterThan(0);
    expect(run.result, JSON.stringify(run.records.filter((r) => r.phase === 'failed'))).toBe('succeeded');
    expect(run.durationMs).toBeLessThan(operationBudgetMs);
    for (const [step, records] of stepRecords(run.records)) expect(records.map((r) => r.phase), step).toEqual(['started', 'completed']);
    expect(labEndpoints(run.world.lab)[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    expect(restores(run)).toBe(1);
    const { doc } = await loadDocument(run.world.store, run.world.policy, run.clock.now());
    expect(doc.engine).toMatchObject({ kind: 'FailedOver', active: SECONDARY });
    await expectBeliefIsTheProfile(run);
  });

  it.each(failing)('$name: the operation fails at that step, on the record, and the engine believes the profile', { timeout: 180_000 }, async (storm) => {
    const run = await failoverThrough(at, storm);
    expect(run.hits, 'requests the storm hit').toBeGreaterThan(0);
    expect(run.result).toBe('failed');
    expect(run.durationMs).toBeLessThan(operationBudgetMs);
    const steps = [...stepRecords(run.records).entries()];
    const last = steps.at(-1);
    expect(last?.[0]).toMatch(new RegExp(`:${at}$`));
    // Every step before it completed once; this one started once and failed with its reason; nothing after it started.
    for (const [step, records] of steps.slice(0, -1)) expect(records.map((r) => r.phase), step).toEqual(['started', 'completed']);
    expect(last?.[1].map((r) => r.phase)).toEqual(['started', 'failed']);
    const failed = last?.[1][1];
    expect(failed && 'error' in failed ? failed.error?.message : '').toMatch(storm.reason ?? /\S{5,}/);
    expect(run.records.filter((r) => r.kind === 'operation').map((r) => r.phase)).toEqual(['started', 'failed']);
    const { doc } = await loadDocument(run.world.store, run.world.policy, run.clock.now());
    expect(doc.engine).toMatchObject({ kind: 'Held', reason: 'operation-failed' });
    await expectBeliefIsTheProfile(run);
    expect(restores(run)).toBe(0);

    // The storm is over; a person resumes; the engine settles on the profile and repeats nothing.
    const engine = run.world.engine({ timings });
    const resumed = await onFakeClock(run.clock, () => engine.runCycle({ command: { kind: 'resume', by: 'chaos', reason: 'ARM storm over' } }));
    expect(resumed.commandResult?.status).toBe('done');
    await cyclesOnFakeClock(run.clock, engine, () => false, 2).catch(() => undefined);
    await expectBeliefIsTheProfile(run);
    const after = await engine.journal.records();
    expect(after.filter((r) => r.kind === 'operation' && r.phase === 'started')).toHaveLength(1);
    expect(restores(run)).toBe(0);
    expect(labEndpoints(run.world.lab)[PRIMARY]?.status === 'Enabled' || labEndpoints(run.world.lab)[SECONDARY]?.weight === 1000).toBe(true);
  });
});

describe('an ARM storm that half-applies the weight shift', () => {
  async function primaryEndpointName(): Promise<string> {
    const probe = await startLabEngine({ clock: new FakeClock(Date.now()) });
    const name = probe.policy.spec.regions.find((r) => r.name === PRIMARY)?.endpoint ?? '';
    await probe.close();
    return name;
  }

  it('the gain is written, the loss refused: the shift is reverted, the operation fails at shiftWeights on the record, the engine believes the profile', { timeout: 120_000 }, async () => {
    // Only the PATCH that takes the primary out fails: the secondary's gain (written first) lands.
    const run = await failoverThrough('shiftWeights', { name: 'PATCH of the primary endpoint', faults: [{ kind: 'arm-5xx', options: { method: 'PATCH', pathContains: `/${await primaryEndpointName()}` } }] });
    expect(run.hits).toBeGreaterThan(0);
    expect(run.result).toBe('failed');
    expect(run.records.find((r) => r.phase === 'failed' && r.kind === 'shiftWeights')).toBeDefined();
    // Reverted: the gain taken back, so clients stay on the primary and the outcome's endpoints are the world's.
    expect(labEndpoints(run.world.lab)).toEqual({ [PRIMARY]: { status: 'Enabled', weight: 1000 }, [SECONDARY]: { status: 'Enabled', weight: 1 } });
    expect((await loadDocument(run.world.store, run.world.policy, run.clock.now())).doc.engine).toMatchObject({ kind: 'Held', reason: 'operation-failed', active: PRIMARY });
    await expectBeliefIsTheProfile(run);
    expect(restores(run)).toBe(0);
  });

  it('the gain is written, then every write refused (the revert too): the record says so, and the engine adopts the profile once ARM answers', { timeout: 120_000 }, async () => {
    const clock = new FakeClock(Date.now());
    world = await startLabEngine({ clock });
    const lab = world.lab;
    const tm = world.ports.trafficManager;
    const setEndpoint = tm.setEndpoint.bind(tm);
    let writes = 0;
    tm.setEndpoint = async (...args) => {
      const result = await setEndpoint(...args);
      if (++writes === 1) lab.inject('*', 'arm-5xx', { method: 'PATCH' });
      return result;
    };
    const engine = world.engine({ timings });
    const report = await onFakeClock(clock, () => engine.runCycle({ command: { kind: 'failover', to: SECONDARY, by: 'chaos' } }));
    expect(report.outcome?.result).toBe('failed');
    const records = await engine.journal.records();
    const failed = records.find((r) => r.phase === 'failed' && r.kind === 'shiftWeights');
    expect(failed && 'error' in failed ? failed.error?.message : '').toMatch(/revert/i);
    // Half-applied, on the record: both endpoints serve.
    expect(labEndpoints(lab)).toEqual({ [PRIMARY]: { status: 'Enabled', weight: 1000 }, [SECONDARY]: { status: 'Enabled', weight: 1000 } });
    lab.heal();
    const run: Run = { world, clock, records, hits: 1, durationMs: 0, result: 'failed' };
    await onFakeClock(clock, () => engine.runCycle({ command: { kind: 'resume', by: 'chaos', reason: 'ARM storm over' } }));
    await cyclesOnFakeClock(clock, engine, () => false, 3).catch(() => undefined);
    await expectBeliefIsTheProfile(run);
    expect(restores(run)).toBe(0);
  });
});
