// A dead region hangs: the primary blackholed, as `region-down` leaves it by default — every call into
// it is accepted and never answered. Timeouts, not refusals, are what the product meets there, and none
// of its deadlines stretches: a probe cycle ends within the probe timeout, a readiness check of the
// surviving region within its own deadline (what the dead source ran comes from the memory), and a
// failover step that reads the dead source within the probe timeout.
//
// The bounds are upper bounds with room for a busy machine (a deadline that did not hold would take
// the caller's whole patience: tens of seconds, or forever); the engine's own clock is fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionPorts, createObserver, createReadinessChecker } from '../../src/app/index.js';
import type { Step } from '../../src/core/index.js';
import { defaultExecutorTimings, type StepContext } from '../../src/engine/executor/step-context.js';
import { scaleWorkloads } from '../../src/engine/executor/scale-workloads-step.js';
import { FakeClock } from '../../src/engine/clock.js';
import { ManualClock } from '../../src/lab/clock.js';
import type { ProbeRunner } from '../../src/probes/index.js';
import { startLabWorld, type LabWorld } from './fixtures/lab-world.js';

const primary = 'westeurope';
const secondary = 'northeurope';
/** Room on top of a deadline for a loaded 2-core machine (a deadline that did not hold waits 30 s or forever). */
const slackInMs = 5_000;

let world: LabWorld;
let observer: ProbeRunner;
const observerClock = new ManualClock(Date.now());
beforeAll(async () => {
  world = await startLabWorld();
  observer = createObserver(world.deps, { clock: observerClock });
  // A healthy baseline: the workloads probe leaves what the primary runs in the memory.
  const baseline = await observer.observe(world.policy);
  expect(Object.values(baseline.byRegion).flat().filter((o) => !o.ok)).toEqual([]);
  world.lab.inject(primary, 'region-down');
});
afterAll(async () => {
  await world?.close();
});

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; elapsedMs: number }> {
  const started = performance.now();
  const value = await run();
  return { value, elapsedMs: performance.now() - started };
}

describe('a blackholed region', () => {
  it('fails every signal of the region by timeout, not refusal, within one probe timeout', async () => {
    expect(world.lab.state().faults.find((f) => f.region === primary)?.kind).toBe('region-down');
    observerClock.advance(60_000);
    const { value: cycle, elapsedMs } = await timed(() => observer.observe(world.policy));
    const timeoutMs = world.policy.spec.health.timeoutSeconds * 1000;
    expect(elapsedMs).toBeLessThan(timeoutMs + slackInMs);
    const dead = cycle.byRegion[primary] ?? [];
    const counted = dead.filter((o) => o.signal !== 'trafficManager');
    expect(counted.length).toBeGreaterThanOrEqual(4);
    for (const o of counted) {
      expect(o.ok, `${o.signal}: ${o.reason}`).toBe(false);
      expect(o.reason, o.signal).toMatch(/timeout|timed out|did not (answer|finish)/i);
      expect(o.reason, o.signal).not.toMatch(/refused|reset|hang up/i);
    }
    expect((cycle.byRegion[secondary] ?? []).filter((o) => o.signal !== 'trafficManager' && !o.ok)).toEqual([]);
  });

  it('checks the surviving region within the check deadline, comparing with what the dead one last ran', async () => {
    const deadlineMs = 4_000;
    const { value: report, elapsedMs } = await timed(() => createReadinessChecker(world.deps).check(world.policy, secondary, { timeoutInMs: deadlineMs }));
    expect(elapsedMs).toBeLessThan(deadlineMs + slackInMs);
    const drift = report.results.find((r) => r.check === 'versionDrift');
    expect(drift?.status).toBe('pass');
    expect(drift?.reason).toMatch(/as last seen|last seen/);
    // The backups and the registry replica are read in the surviving region; they pass.
    for (const check of ['backupFreshness', 'backupLocation', 'acrReplication']) expect(report.results.find((r) => r.check === check)?.status, check).toBe('pass');
  });

  it('bounds a failover step that reads the dead source by the probe timeout (the memory answers)', async () => {
    const ports = createActionPorts(world.deps);
    const step: Extract<Step, { kind: 'scaleWorkloads' }> = { kind: 'scaleWorkloads', region: secondary, from: primary, namespace: 'shop', deployments: [...(world.policy.spec.health.workloads?.deployments ?? [])] };
    const ctx: StepContext = {
      policy: world.policy,
      ports,
      clock: new FakeClock(Date.now()),
      timings: defaultExecutorTimings,
      retry: { maxRetries: 0, initialDelayMs: 0, maxDelayMs: 0 },
      signal: AbortSignal.timeout(60_000),
      overrides: [],
      onRetry: () => undefined,
    };
    const { value: result, elapsedMs } = await timed(() => scaleWorkloads(ctx, step));
    expect(elapsedMs).toBeLessThan(world.policy.spec.health.timeoutSeconds * 1000 + slackInMs);
    expect(result).toMatchObject({ from: primary, source: 'remembered' });
    expect((result.scaled as { to: number }[]).map((s) => s.to)).toEqual(step.deployments.map(() => 3));
  });
});
