// Runbook: what the controller refuses to do against the lab. Both regions down → no failover, an
// alert. The target's registry replica degraded, or its newest backup older than the RPO → a
// failover is refused by `target-ready` (exit 3 at the CLI), unless a person forces that rule.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/state/audit-trail.js';
import { labEndpoints, startLabEngine, type LabEngine } from './support/lab-engine.js';


const PRIMARY = 'westeurope';
const SECONDARY = 'northeurope';

let world: LabEngine | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('doubt: every region down at once', () => {
  it('holds without moving any traffic, and alerts once', async () => {
    world = await startLabEngine();
    const engine = world.engine();
    world.lab.inject(PRIMARY, 'region-down');
    world.lab.inject(SECONDARY, 'region-down');
    const { last } = await world.cycles(engine, () => false, world.policy.spec.health.unhealthyAfter + 2);
    expect(last.decision?.next).toMatchObject({ kind: 'Held', reason: 'all-regions-down' });
    expect(labEndpoints(world.lab)).toMatchObject({ [PRIMARY]: { status: 'Enabled', weight: 1000 }, [SECONDARY]: { status: 'Enabled', weight: 1 } });
    const alerts = await new AuditTrail(world.store).query(world.policy.metadata.name, { kinds: ['alert'] });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.details).toMatchObject({ severity: 'critical', event: 'failover.held' });
  });
});

describe.each([
  { fault: 'acr-replica-degraded' as const, check: 'acrReplication', regions: [SECONDARY] },
  { fault: 'backup-stale' as const, check: 'backupFreshness', regions: [PRIMARY, SECONDARY] },
])('the target is not ready: $fault', ({ fault, check, regions }) => {
  it(`refuses a failover by target-ready (${check} in the evidence), and does it when forced`, async () => {
    world = await startLabEngine();
    const engine = world.engine();
    for (const region of regions) world.lab.inject(region, fault);
    const refused = await engine.runCycle({ command: { kind: 'failover', to: SECONDARY, by: 'e2e' } });
    expect(refused.commandResult?.status).toBe('refused');
    expect(refused.commandResult?.hold?.rules).toEqual(['target-ready']);
    expect(JSON.stringify(refused.commandResult?.hold?.violations[0]?.evidence)).toContain(check);
    expect(labEndpoints(world.lab)[SECONDARY]?.weight).toBe(1);

    const forced = await engine.runCycle({ command: { kind: 'failover', to: SECONDARY, by: 'e2e', force: { rules: ['target-ready'], by: 'e2e', reason: 'drill: the check is known to be wrong' } } });
    expect(forced.commandResult?.status).toBe('completed');
    expect(labEndpoints(world.lab)[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    const overrides = await new AuditTrail(world.store).query(world.policy.metadata.name, { kinds: ['override'] });
    expect(overrides[0]).toMatchObject({ rules: ['target-ready'], by: 'e2e' });
  });
});
