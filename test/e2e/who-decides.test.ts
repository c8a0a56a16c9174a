// Runbook: outages that leave the cluster up, and who decides, against the lab.
// - app-5xx on the primary: the default rule never fails over (the cluster is fine); with
//   `health.outage: application` aksdr fails over within the policy's floor.
// - decider trafficManager: Traffic Manager's monitor sees the app down and moves the clients; before
//   any weight change aksdr has scaled the standby and recorded the preparation in the history.
// - decider aksdr: `check` fails while the endpoints are not always-serve, `check --fix` sets them, and
//   Traffic Manager's monitor then moves nothing by itself.
import { afterEach, describe, expect, it } from 'vitest';
import { createObserver } from '../../src/app/dependencies.js';
import { renderPolicyYaml, type FailoverPolicy } from '../../src/policy/index.js';
import { AuditTrail } from '../../src/state/audit-trail.js';
import { runAksdr } from '../fixtures/cli.js';
import { writeFile } from 'node:fs/promises';
import { labEndpoints, startLabEngine, type LabEngine } from './support/lab-engine.js';

const PRIMARY = 'westeurope';
const SECONDARY = 'northeurope';
let world: LabEngine | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const withHealth = (change: Partial<FailoverPolicy['spec']['health']>) => (policy: FailoverPolicy): FailoverPolicy => ({ ...policy, spec: { ...policy.spec, health: { ...policy.spec.health, ...change } } });
const withDecider = (decider: FailoverPolicy['spec']['trafficManager']['decider']) => (policy: FailoverPolicy): FailoverPolicy => ({ ...policy, spec: { ...policy.spec, trafficManager: { ...policy.spec.trafficManager, decider } } });

describe('the app answers 5xx while its cluster looks fine', () => {
  it('outage: application fails over within the floor (the default rule never does: test/core/health/outage-rule.test.ts)', { timeout: 120_000 }, async () => {
    world = await startLabEngine({ policy: withHealth({ outage: 'application' }) });
    const engine = world.engine();
    await world.cycles(engine, () => false, 2);
    world.lab.inject(PRIMARY, 'app-5xx');
    const { count, last } = await world.cycles(engine, (r) => r.outcome !== undefined && r.decision?.plan?.kind === 'failover', world.policy.spec.health.unhealthyAfter + 2);
    expect(last.outcome?.result).toBe('succeeded');
    expect(count).toBeLessThanOrEqual(world.policy.spec.health.unhealthyAfter + 1);
    expect(labEndpoints(world.lab)[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
  });
});

describe('decider trafficManager', () => {
  it('prepares the standby Traffic Manager sends the clients to, before any weight change, and records it', { timeout: 120_000 }, async () => {
    world = await startLabEngine({ policy: withDecider('trafficManager') });
    const engine = world.engine();
    await world.cycles(engine, () => false, 2);
    world.lab.inject(PRIMARY, 'app-5xx');
    // Traffic Manager's view arrives with the next profile read (every 20 s at most).
    const { last } = await world.cycles(engine, (r) => r.outcome !== undefined, 15);
    expect(last.decision?.reasons.map((r) => r.code)).toContain('traffic-manager-moved');
    expect(last.decision?.plan?.kind).toBe('prepare');
    expect(last.outcome?.result).toBe('succeeded');
    const pool = world.lab.state().clusters.find((c) => c.region === SECONDARY)?.agentPools.find((p) => p.name === 'user');
    expect(pool?.count).toBeGreaterThanOrEqual(world.policy.spec.readiness.capacity?.minNodes ?? 1);
    expect(labEndpoints(world.lab)).toMatchObject({ [PRIMARY]: { status: 'Enabled', weight: 1000 }, [SECONDARY]: { status: 'Enabled', weight: 1 } });
    const history = await new AuditTrail(world.store).query(world.policy.metadata.name);
    expect(history.some((r) => r.kind === 'action' && r.summary.includes('prepare') && r.summary.includes('succeeded'))).toBe(true);
  });
});

describe('decider aksdr', () => {
  it('check fails until the endpoints are always-serve; check --fix sets them; the monitor then moves nothing', { timeout: 120_000 }, async () => {
    world = await startLabEngine({ policy: withDecider('aksdr') });
    const file = `${world.stateDir}-policy.yaml`;
    await writeFile(file, renderPolicyYaml(world.policy, { schemaComment: '' }));
    const env = { ...world.env, AKSDR_STATE_DIR: world.stateDir };
    const before = await runAksdr(['check', file, '-o', 'json'], env);
    expect(before.code).toBe(1);
    expect((JSON.parse(before.stdout) as { blocking: string[] }).blocking).toContain('trafficManagerProfile');
    const fixed = await runAksdr(['check', file, '--fix', '-o', 'json'], env);
    expect(fixed.stderr).toContain('set always-serve on endpoint');
    expect(fixed.code).toBe(0);
    world.lab.inject(PRIMARY, 'app-5xx');
    const cycle = await createObserver(world.deps).observe(world.policy);
    expect(cycle.routing?.monitor?.[PRIMARY]).toEqual({ monitorStatus: 'Unmonitored', alwaysServe: true });
  });
});
