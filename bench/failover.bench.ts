// Time to detect and to mitigate a regional outage, against the lab through the real SDKs at the lab
// policy's demo pace (2 s probe interval, Unhealthy after 3 failed evaluations): from the fault to the
// failover's start (detection) and to its journaled end — weights moved, restore Completed, workloads
// verified (mitigation). Each iteration is a fresh lab. Timings live here, never in tests.
import { expect, test } from 'vitest';
import { systemClock } from '../src/engine/clock.js';
import { startLabEngine } from '../test/e2e/support/lab-engine.js';

const detections: number[] = [];
const mitigations: number[] = [];

async function regionDownOnce(): Promise<void> {
  const world = await startLabEngine({ seed: detections.length + 1 });
  try {
    const engine = world.engine();
    for (let i = 0; i < 2; i++) {
      await engine.runCycle();
      await systemClock.sleep(engine.intervalMs);
    }
    const faultAt = Date.now();
    // `reset`, as the e2e runbooks: region-down's blackhole default is issue 12's product work.
    world.lab.inject('westeurope', 'region-down', { mode: 'reset' });
    for (let cycle = 0; cycle < 10; cycle++) {
      const report = await engine.runCycle();
      if (report.outcome && report.decision?.plan?.kind === 'failover') {
        const records = await engine.journal.records(report.outcome.operationId);
        const started = records.find((r) => r.kind === 'operation' && r.phase === 'started')?.at ?? Number.NaN;
        const ended = records.find((r) => r.kind === 'operation' && r.phase !== 'started')?.at ?? Number.NaN;
        if (report.outcome.result !== 'succeeded') throw new Error(report.outcome.reason);
        detections.push(started - faultAt);
        mitigations.push(ended - faultAt);
        return;
      }
      await systemClock.sleep(engine.intervalMs);
    }
    throw new Error('no failover within 10 cycles');
  } finally {
    await world.close();
  }
}

function summary(name: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return `${name}: mean ${(mean / 1000).toFixed(1)} s, min ${((sorted[0] ?? 0) / 1000).toFixed(1)} s, max ${((sorted.at(-1) ?? 0) / 1000).toFixed(1)} s (n=${sorted.length})`;
}

test('region-down → traffic on the secondary', { timeout: 300_000 }, async ({ bench }) => {
  const result = await bench('fault → failover completed (weights, restore, workloads)', regionDownOnce).run({ iterations: 3, warmupIterations: 0, time: 0 });
  console.info(summary('time to detect (fault → failover started)', detections));
  console.info(summary('time to mitigate (fault → failover completed)', mitigations));
  expect(result.latency.mean).toBeGreaterThan(0);
  expect(mitigations.length).toBeGreaterThanOrEqual(3);
});
