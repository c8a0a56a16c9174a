// Runbook: the controller against the lab, real adapters, holding only the Azure role aksdr
// documents (infra/azure/aksdr-role.json — the lab answers anything else with 403 AuthorizationFailed).
// Set up → weights steady → take the primary region down → within unhealthyAfter cycles (+ the
// operation's own ARM round trips) the weights are on the secondary, the restore Completed there and
// the workloads available.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/engine/engine-document.js';
import { labEndpoints, startLabEngine, type LabEngine } from './support/lab-engine.js';


const PRIMARY = 'westeurope';
const SECONDARY = 'northeurope';

let world: LabEngine;
let role: { Actions: string[] };
beforeAll(async () => {
  role = JSON.parse(await readFile('infra/azure/aksdr-role.json', 'utf8')) as { Actions: string[] };
  world = await startLabEngine({ armActions: role.Actions });
});
afterAll(async () => {
  await world?.close();
});

describe('the primary region goes down', () => {
  it('fails over to the secondary within unhealthyAfter cycles, restores there, and the workloads are available', async () => {
    const engine = world.engine();
    const quiet = await world.cycles(engine, () => false, 2);
    await new Promise((resolve) => setTimeout(resolve, engine.intervalMs));
    expect(quiet.last.decision?.next.kind).toBe('Steady');
    expect(labEndpoints(world.lab)).toMatchObject({ [PRIMARY]: { status: 'Enabled', weight: 1000 }, [SECONDARY]: { status: 'Enabled', weight: 1 } });

    world.lab.inject(PRIMARY, 'region-down');
    const { count, last } = await world.cycles(engine, (r) => r.outcome !== undefined && r.decision?.plan?.kind === 'failover', world.policy.spec.health.unhealthyAfter + 1);
    console.info(`region-down: detected and failed over in ${count} cycle(s) (unhealthyAfter ${world.policy.spec.health.unhealthyAfter})`);

    expect(last.outcome).toMatchObject({ result: 'succeeded' });
    expect(count).toBeLessThanOrEqual(world.policy.spec.health.unhealthyAfter + 1);
    expect(labEndpoints(world.lab)[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    expect(labEndpoints(world.lab)[PRIMARY]?.status).toBe('Disabled');
    const secondary = world.lab.state().clusters.find((c) => c.region === SECONDARY);
    expect(secondary?.restores).toHaveLength(1);
    expect(secondary?.restores[0]?.phase).toBe('Completed');
    // The warm standby ran one replica each; matchReplicas raised them to what the primary ran (3), all available.
    for (const d of secondary?.deployments ?? []) expect({ name: d.name, replicas: d.replicas, available: d.available }).toEqual({ name: d.name, replicas: 3, available: 3 });
    const { doc } = await loadDocument(world.store, world.policy, Date.now());
    expect(doc.engine).toMatchObject({ kind: 'FailedOver', active: SECONDARY });
    // Mitigated means clients moved: the profile's name, asked of the lab's Traffic Manager DNS, answers with the secondary.
    const verified = (await engine.journal.records(last.outcome?.operationId)).find((r) => r.kind === 'verifyTrafficManager' && r.phase === 'completed');
    expect((verified as { result?: { clients?: unknown } } | undefined)?.result?.clients).toMatchObject({ followed: true, region: SECONDARY });

    // Least privilege, both ways: nothing outside the role was asked (the lab would have refused it),
    // and every action of the role was needed — but the endpoint types this policy does not use and
    // the registry's data-plane pull, which the lab's ARM does not see.
    const requested = world.lab.armActionsRequested();
    const notExercised = ['azureEndpoints/write', 'nestedEndpoints/write', 'registries/pull/read'];
    expect(requested.filter((action) => !role.Actions.includes(action))).toEqual([]);
    expect(role.Actions.filter((action) => !requested.includes(action) && !notExercised.some((n) => action.endsWith(n)))).toEqual([]);
  });
});
