// The drill `aksdr serve` runs on `spec.drills.schedule`: the real runDrill in the policy's mode, its
// report kept in the state store; a live schedule without `drills.allowLive` rehearses as a dry run
// and moves nothing.
import { describe, expect, it } from 'vitest';
import { DrillStore } from '../../src/drill/drill-store.js';
import { scheduledDrill } from '../../src/service/scheduled-drill.js';
import type { FailoverPolicy } from '../../src/policy/index.js';
import { anEngineWorld } from '../engine/support/engine-world.js';

const withDrills = (policy: FailoverPolicy, drills: Partial<FailoverPolicy['spec']['drills']>): FailoverPolicy => ({ ...policy, spec: { ...policy.spec, drills: { ...policy.spec.drills, ...drills } } });

describe('a scheduled drill', () => {
  it('runs the policy’s drill and keeps its report', async () => {
    const world = anEngineWorld();
    const policy = withDrills(world.policy, { schedule: '0 3 * * 1', mode: 'dry-run' });
    const run = scheduledDrill({ store: world.store, clock: world.clock, ports: world.ports });
    const result = await world.clock.runUntilSettled(run(policy, { signal: new AbortController().signal }));
    expect(result.ok).toBe(true);
    expect(result.details).toMatchObject({ kind: 'drill', mode: 'dry-run', result: 'passed' });
    const reports = await new DrillStore(world.store).reports(policy.metadata.name);
    expect(reports.map((r) => r.drillId)).toEqual([result.details.drillId]);
  });

  it('does not run a live drill on a schedule without allowLive: a dry run, said so, nothing moved', async () => {
    const world = anEngineWorld();
    const before = await world.endpoints();
    const policy = withDrills(world.policy, { schedule: '0 3 * * 1', mode: 'live', allowLive: false });
    const run = scheduledDrill({ store: world.store, clock: world.clock, ports: world.ports });
    const result = await world.clock.runUntilSettled(run(policy, { signal: new AbortController().signal }));
    expect(result.details.mode).toBe('dry-run');
    expect(result.summary).toContain('without drills.allowLive runs as a dry run');
    expect(world.trafficManager.calls.some((c) => c.startsWith('setEndpoint'))).toBe(false);
    expect(await world.endpoints()).toEqual(before);
  });
});
