// Runbook from a field trial of failures: the engine never loses track of where the traffic is.
// 1. The secondary's restores fail, then the primary goes down: the failover moves the weights,
//    then fails at the restore — held, and the engine knows the traffic is on the secondary now.
// 2. A person resumes; the primary heals: the engine says the secondary takes the traffic, and a
//    failback is a real move (not "already home").
// 3. Then the secondary goes down: the traffic escapes back to the Healthy primary at once — not
//    held by the dwell or the failback hold-down (they guard a return, not an escape).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CycleReport, PolicyEngine } from '../../src/engine/engine.js';
import { FakeClock } from '../../src/engine/clock.js';
import { loadDocument } from '../../src/engine/engine-document.js';
import { AuditTrail } from '../../src/state/audit-trail.js';
import { cyclesOnFakeClock, labEndpoints, startLabEngine, type LabEngine } from './support/lab-engine.js';


const PRIMARY = 'westeurope';
const SECONDARY = 'northeurope';
let world: LabEngine;
const clock = new FakeClock(Date.now());
beforeAll(async () => {
  world = await startLabEngine({ clock, seed: 13 });
});
afterAll(async () => {
  await world?.close();
});

const cyclesUntil = (engine: PolicyEngine, until: (report: CycleReport) => boolean, max: number): Promise<CycleReport> => cyclesOnFakeClock(clock, engine, until, max);

describe('a failed failover, a resume, a heal, then the secondary dies', () => {
  it('keeps the engine’s belief on the profile and escapes to the primary', { timeout: 180_000 }, async () => {
    const engine = world.engine();
    const name = world.policy.metadata.name;
    // A quiet start: the engine sees (and remembers) what the primary runs.
    await cyclesUntil(engine, () => false, 2).catch(() => undefined);
    world.lab.inject(SECONDARY, 'restore-fails');
    world.lab.inject(PRIMARY, 'region-down');
    const failed = await cyclesUntil(engine, (r) => r.outcome !== undefined && r.decision?.plan?.kind === 'failover', 12);
    expect(failed.outcome?.result).toBe('failed');
    let { doc } = await loadDocument(world.store, world.policy, clock.now());
    expect(labEndpoints(world.lab)[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    expect(doc.engine).toMatchObject({ kind: 'Held', reason: 'operation-failed', active: SECONDARY });

    const resumed = await engine.runCycle({ command: { kind: 'resume', by: 'e2e', reason: 'restore looked at' } });
    expect(resumed.commandResult).toMatchObject({ status: 'done', state: 'FailedOver' });
    world.lab.heal();
    const home = await cyclesUntil(engine, (r) => r.health?.regions[PRIMARY]?.status === 'Healthy', world.policy.spec.health.healthyAfter + 5);
    expect(home.decision?.next).toMatchObject({ kind: 'FailedOver', active: SECONDARY });
    const dry = await engine.runCycle({ command: { kind: 'failback', by: 'e2e', dryRun: true } });
    expect(dry.commandResult?.reasons.map((r) => r.code)).toContain('failback-requested');
    expect(dry.commandResult?.hold?.rules).toEqual(['min-dwell', 'failback-hold-down']);

    world.lab.inject(SECONDARY, 'region-down');
    const escaped = await cyclesUntil(engine, (r) => r.outcome !== undefined && r.decision?.plan?.kind === 'failback', world.policy.spec.health.unhealthyAfter + 3);
    expect(escaped.outcome?.result).toBe('succeeded');
    expect(escaped.decision?.plan).toMatchObject({ kind: 'failback', from: SECONDARY, to: PRIMARY });
    ({ doc } = await loadDocument(world.store, world.policy, clock.now()));
    expect(doc.engine).toMatchObject({ kind: 'Steady', active: PRIMARY });
    expect(labEndpoints(world.lab)[PRIMARY]).toEqual({ status: 'Enabled', weight: 1000 });
    // One restore only: the escape home restores nothing into the primary.
    expect(world.lab.state().clusters.find((c) => c.region === PRIMARY)?.restores).toEqual([]);
    const audit = await new AuditTrail(world.store).query(name);
    expect(audit.map((r) => r.summary).join('\n')).toContain('the traffic is now on northeurope');
  });
});
