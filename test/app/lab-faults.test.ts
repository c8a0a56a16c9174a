// Every fault of the lab, seen through the real adapters: the matching signal or readiness check
// turns red with a reason a person understands, nothing else does, and all is green after heal.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createObserver, createReadinessChecker } from '../../src/app/index.js';
import { ManualClock } from '../../src/lab/clock.js';
import type { ProbeRunner } from '../../src/probes/index.js';
import { blockingResults } from '../../src/core/readiness.js';
import type { FaultKind, FaultOptions } from '../../src/lab/faults.js';
import { backoffInMs, sleep, startLabWorld, type LabWorld } from './fixtures/lab-world.js';

let world: LabWorld;
let observer: ProbeRunner;
// The observer's clock moves a minute before each look, so no answer is reused from the last one;
// what it remembers of failed API servers (to send a lone trial request first) it keeps.
const observerClock = new ManualClock(Date.now());
beforeAll(async () => {
  world = await startLabWorld();
  observer = createObserver(world.deps, { clock: observerClock });
});
afterAll(async () => {
  await world?.close();
});
afterEach(async () => {
  // A failed row must not leave its fault behind for the next one.
  world.lab.heal();
  await sleep(backoffInMs + 50);
});

const target = 'northeurope';
/** Shorter than the product's 10 s minimum, to keep the suite fast; longer than the probes' 1 s. */
const readinessTimeoutInMs = 2_000;
const all = ['aks', 'apiServer', 'nodes', 'workloads', 'app', 'trafficManager'];

interface Row {
  fault: FaultKind;
  region: string;
  options?: FaultOptions;
  /** Red signals, as `region/signal`. */
  signals: string[];
  /** Readiness checks of the target that block. */
  checks: string[];
  /** A reason (or part) the first red signal or check must show. */
  reason: RegExp;
}

const weu = (...signals: string[]) => signals.map((s) => `westeurope/${s}`);
const neu = (...signals: string[]) => signals.map((s) => `northeurope/${s}`);

// A fault in the primary's API server also hides what the target is compared with: the images the
// workloads run (acrImages) and their versions (versionDrift) are read from the primary. Readiness
// then compares with what the primary last ran (the deployments memory, filled by the green baseline)
// and stays green — also when the primary is merely too slow: its read gets only the probe timeout.
const rows: Row[] = [
  // region-down with `reset`, so every signal fails at once; its default (blackhole) makes each call
  // run into its timeout instead.
  { fault: 'region-down', region: 'westeurope', options: { mode: 'reset' }, signals: weu(...all), checks: [], reason: /connection reset|HTTP 504/ },
  // capacity is unknown here (ARM answers 504 for the region's cluster), and a capacity nobody could
  // read is not one a scale-up can repair: it blocks too (src/core/readiness.ts).
  { fault: 'region-down', region: 'northeurope', options: { mode: 'reset' }, signals: neu(...all), checks: ['acrReplication', 'backupFreshness', 'backupLocation', 'versionDrift', 'capacity', 'trafficManagerProfile'], reason: /Unavailable|connection reset/ },
    // The readiness checks meet the dead server first; the probes then find the adapters backing off.
  { fault: 'apiserver-down', region: 'westeurope', signals: weu('apiServer', 'nodes', 'workloads'), checks: [], reason: /connection (reset|closed by the server)[\s\S]*|backing off after/ },
  // A source too slow for the probe timeout is read like a dead one: the memory of what it ran stands in
  // (its read may not eat the check's whole deadline before the target's own reads).
  { fault: 'apiserver-slow', region: 'westeurope', options: { latencyMs: 5000 }, signals: weu('apiServer', 'nodes', 'workloads'), checks: [], reason: /timeout after \d+ ms/ },
  { fault: 'nodes-notready', region: 'westeurope', signals: weu('nodes'), checks: [], reason: /westeurope\/nodes: 0\/5 nodes Ready \(need 60%; NodeStatusUnknown\)$/m },
  { fault: 'workloads-unavailable', region: 'westeurope', signals: weu('workloads'), checks: [], reason: /frontend 0\/3 available, cart 0\/3 available in shop/ },
  { fault: 'app-5xx', region: 'westeurope', signals: weu('app', 'trafficManager'), checks: [], reason: /HTTP 503 \(expected 200-399\)/ },
  { fault: 'app-5xx', region: 'northeurope', signals: neu('app', 'trafficManager'), checks: ['trafficManagerProfile'], reason: /HTTP 503/ },
  // `flaky` at rate 1, so that the test is deterministic: every request to the region fails.
  { fault: 'flaky', region: 'westeurope', options: { rate: 1 }, signals: weu('apiServer', 'nodes', 'workloads', 'app'), checks: [], reason: /readyz|HTTP 503/ },
  { fault: 'acr-replica-degraded', region: 'northeurope', signals: [], checks: ['acrReplication'], reason: /status Syncing/ },
  { fault: 'backup-stale', region: 'northeurope', signals: [], checks: ['backupFreshness'], reason: /old \(limit 60 min\)/ },
  { fault: 'backup-stale', region: 'westeurope', signals: [], checks: ['backupFreshness'], reason: /old \(limit 60 min\)/ },
  // Restores are the executor's business; no signal or readiness check restores anything.
  { fault: 'restore-fails', region: 'northeurope', signals: [], checks: [], reason: /.*/ },
  // ARM faults scoped to westeurope also hit the registry, whose home is westeurope: acrImages needs
  // its login server (the replication list is not regional and still answers).
  { fault: 'arm-throttle', region: 'westeurope', signals: weu('aks'), checks: ['acrImages'], reason: /throttled \(HTTP 429/ },
  { fault: 'arm-5xx', region: 'westeurope', signals: weu('aks'), checks: ['acrImages'], reason: /HTTP 500/ },
];

async function look(): Promise<{ signals: string[]; checks: string[]; reasons: string[] }> {
  // Readiness first: it waits longer than a probe, and the probes' timeouts would make the adapters
  // back off the API server the readiness checks then want to read.
  const report = await createReadinessChecker(world.deps).check(world.policy, target, { timeoutInMs: readinessTimeoutInMs });
  observerClock.advance(60_000);
  const cycle = await observer.observe(world.policy);
  const red = Object.values(cycle.byRegion)
    .flat()
    .filter((o) => !o.ok);
  const blocking = blockingResults(report, { repairable: ['capacity'] });
  return {
    signals: red.map((o) => `${o.region}/${o.signal}`).sort(),
    checks: blocking.map((r) => r.check).sort(),
    reasons: [...red.map((o) => `${o.region}/${o.signal}: ${o.reason}`), ...blocking.map((r) => `${r.check}: ${r.reason}`)],
  };
}

describe('the lab world through the real adapters', () => {
  it('is all green before any fault (capacity is short but repaired by the scale-up)', async () => {
    const seen = await look();
    expect(seen).toEqual({ signals: [], checks: [], reasons: [] });
    const report = await createReadinessChecker(world.deps).check(world.policy, target);
    expect(report.results.find((r) => r.check === 'capacity')?.reason).toBe('node pool user has 1 node, needs 3: will scale up from 1 to 3 before traffic moves (right after it, when the region it leaves is down)');
  });

  it.each(rows)('$fault in $region turns $signals $checks red, and green again after heal', async (row) => {
    world.lab.inject(row.region === '*' ? '*' : row.region, row.fault, row.options ?? {});
    const broken = await look();
    expect({ signals: broken.signals, checks: broken.checks }).toEqual({ signals: [...row.signals].sort(), checks: [...row.checks].sort() });
    if (row.signals.length + row.checks.length > 0) expect(broken.reasons.join('\n')).toMatch(row.reason);

    world.lab.heal();
    // Let the API server breaker half-open again.
    await sleep(backoffInMs + 50);
    const healed = await look();
    expect(healed.reasons).toEqual([]);
  });
});
