// Runbook: Azure Resource Manager misbehaves during a failover — throttling (429 with Retry-After)
// and 5xx answers on the writes and reads the operation makes — and the failover still completes,
// with the weights right and exactly one restore.
import { afterEach, describe, expect, it } from 'vitest';
import { labEndpoints, startLabEngine, type LabEngine } from './support/lab-engine.js';

const SECONDARY = 'northeurope';

let world: LabEngine | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe.each([
  // Only the operation's writes feel it (the readiness checks before it only read): the Traffic
  // Manager PATCHes are throttled, the agent-pool scale PUT fails with 5xx.
  { fault: 'arm-throttle' as const, options: { count: 4, retryAfterSeconds: 1, method: 'PATCH' } },
  { fault: 'arm-5xx' as const, options: { count: 4, method: 'PUT' } },
])('ARM answers $fault to the failover\'s writes', ({ fault, options }) => {
  it('completes the failover anyway', async () => {
    world = await startLabEngine();
    const engine = world.engine();
    world.lab.inject('*', fault, options);
    const report = await engine.runCycle({ command: { kind: 'failover', to: SECONDARY, by: 'e2e' } });
    expect(report.commandResult?.status).toBe('completed');
    expect(labEndpoints(world.lab)[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    const secondary = world.lab.state().clusters.find((c) => c.region === SECONDARY);
    expect(secondary?.restores).toHaveLength(1);
    expect(world.lab.state().faults.find((f) => f.kind === fault)).toBeUndefined();
  });
});
