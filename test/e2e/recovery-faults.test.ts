// Runbook: the primary region dies, and the recovery itself fails in the way each lab fault makes it
// fail. For every row: the failover stops at the step that failed, with the reason; the traffic is
// where the policy's order leaves it (a warm standby has taken it before the restore, a cold one never
// got it); the engine holds for a person; and `aksdr history` tells the story from the journal.
import { afterEach, describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/engine/engine-document.js';
import { Journal } from '../../src/engine/executor/journal.js';
import type { FaultKind, FaultOptions } from '../../src/lab/faults.js';
import { runAksdr } from '../fixtures/cli.js';
import { FakeClock } from '../../src/engine/clock.js';
import { cyclesOnFakeClock, labEndpoints, startLabEngine, type LabEngine } from './support/lab-engine.js';

const PRIMARY = 'westeurope';
const SECONDARY = 'northeurope';

interface Row {
  name: string;
  standby: 'warm' | 'cold';
  fault: FaultKind;
  options?: FaultOptions;
  /** The plan step that fails. */
  step: string;
  reason: RegExp;
  /** Where the traffic is after the failure. */
  trafficOn: string;
}

const rows: Row[] = [
  { name: 'a restore that fails (warm: the traffic has moved already)', standby: 'warm', fault: 'restore-fails', step: 'restore', reason: /restore .* ended Failed/i, trafficOn: SECONDARY },
  { name: 'a restore that partially fails (warm)', standby: 'warm', fault: 'restore-fails', options: { phase: 'PartiallyFailed' }, step: 'restore', reason: /PartiallyFailed/, trafficOn: SECONDARY },
  // Away from a dead region the traffic moves first and the pool grows after: the users are on the
  // standby (as many as its nodes carry) when the scale-up is refused.
  { name: 'a scale-up refused for quota (warm: the traffic moved first, the pool could not grow)', standby: 'warm', fault: 'aks-quota-exceeded', step: 'scaleUp', reason: /QuotaExceeded|quota/i, trafficOn: SECONDARY },
  { name: 'a restore that never finishes (warm: timed out at the policy\'s restore timeout)', standby: 'warm', fault: 'restore-hangs', step: 'restore', reason: /restore .*(did not finish|timed out|still InProgress|within 1 min)/i, trafficOn: SECONDARY },
  { name: 'a restore that fails (cold: the traffic never moved)', standby: 'cold', fault: 'restore-fails', step: 'restore', reason: /restore .* ended Failed/i, trafficOn: PRIMARY },
];

let world: LabEngine | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('a regional outage whose recovery fails', () => {
  it.each(rows)('$name: stops at $step, traffic on $trafficOn, held, told by history', { timeout: 180_000 }, async (row) => {
    // The engine's clock is fake (cycles back to back); the dead region still hangs each call for real.
    const clock = new FakeClock(Date.now());
    // A one-minute restore timeout, so a hanging restore times out within the test.
    world = await startLabEngine({ clock, seed: 41, standby: row.standby, policy: (p) => ({ ...p, spec: { ...p.spec, recovery: p.spec.recovery ? { velero: { ...p.spec.recovery.velero, timeoutMinutes: 1 } } : undefined } }) });
    const engine = world.engine();
    await cyclesOnFakeClock(clock, engine, () => false, 2).catch(() => undefined);
    world.lab.inject(SECONDARY, row.fault, row.options ?? {});
    world.lab.inject(PRIMARY, 'region-down');
    const last = await cyclesOnFakeClock(clock, engine, (r) => r.outcome !== undefined && r.decision?.plan?.kind === 'failover', 14);

    expect(last.outcome?.result).toBe('failed');
    const records = await new Journal(world.store, world.policy.metadata.name).records(last.outcome?.operationId ?? '');
    expect(records.filter((r) => r.phase === 'failed' && r.kind !== 'operation').map((r) => r.kind)).toEqual([row.step]);
    expect(last.outcome?.reason).toMatch(row.reason);
    const endpoints = labEndpoints(world.lab);
    const other = row.trafficOn === PRIMARY ? SECONDARY : PRIMARY;
    expect(endpoints[row.trafficOn]).toMatchObject({ status: 'Enabled', weight: 1000 });
    expect(endpoints[other]?.weight === 1000 && endpoints[other]?.status === 'Enabled').toBe(false);
    const { doc } = await loadDocument(world.store, world.policy, clock.now());
    expect(doc.engine).toMatchObject({ kind: 'Held', reason: 'operation-failed', active: row.trafficOn });

    const history = await runAksdr(['history', world.policyFile, '--state-dir', world.stateDir, '--output', 'json'], world.env);
    expect(history.code, history.stderr).toBe(0);
    const told = history.stdout;
    expect(told).toContain(row.step);
    expect(told).toMatch(row.reason);
  });
});

describe('a regional outage while the standby\'s backup storage is unreachable', () => {
  it('does not fail over into a region that could not restore: readiness names the storage location, nothing moves', { timeout: 180_000 }, async () => {
    const clock = new FakeClock(Date.now());
    world = await startLabEngine({ clock, seed: 43 });
    const engine = world.engine();
    await cyclesOnFakeClock(clock, engine, () => false, 2).catch(() => undefined);
    world.lab.inject(SECONDARY, 'backup-storage-unavailable');
    world.lab.inject(PRIMARY, 'region-down');
    const last = await cyclesOnFakeClock(clock, engine, (r) => r.readiness?.[SECONDARY]?.results.some((c) => c.check === 'backupLocation' && c.status === 'fail') === true, 10);
    expect(last.readiness?.[SECONDARY]?.results.find((c) => c.check === 'backupLocation')?.reason).toMatch(/Unavailable/);
    expect(last.outcome).toBeUndefined();
    expect(labEndpoints(world.lab)[PRIMARY]).toMatchObject({ status: 'Enabled', weight: 1000 });
    expect(world.lab.state().clusters.find((c) => c.region === SECONDARY)?.restores).toEqual([]);
  });
});
