// Runbook: two replicas, an approval-mode policy whose primary is down: a failover plan awaits
// approval. A person approves through the API of the replica that does NOT act: the command is
// queued for the acting replica, which runs the plan, and the answer comes back through the
// replica that was asked. Then the API of either replica shows the policy failed over.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../../src/metrics/service-metrics.js';
import { renderPolicyYaml } from '../../src/policy/index.js';
import { createApp } from '../../src/server/app.js';
import { createAuthenticator } from '../../src/server/auth.js';
import { AksdrService } from '../../src/service/service.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { PRIMARY, SECONDARY, anEngineWorld } from '../engine/support/engine-world.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { MemoryLeases } from './support/memory-lease.js';

let temp: Awaited<ReturnType<typeof withTempDir>>;
beforeEach(async () => {
  temp = await withTempDir('aksdr-approve-');
});
afterEach(() => temp.cleanup());

describe('approving through any replica', () => {
  it('queues the approval for the acting replica and answers with its result', async () => {
    const policy = aPolicy().withMode('approval').withHysteresis(2, 3).withRecovery().build();
    await writeFile(path.join(temp.dir, 'shop.yaml'), renderPolicyYaml(policy, { schemaComment: '' }));
    const world = anEngineWorld(policy);
    const { clock } = world;
    const store = new MemoryStateStore();
    const leases = new MemoryLeases(clock);
    const services = new Map<string, AksdrService>();
    for (const replica of ['r1', 'r2']) {
      services.set(replica, new AksdrService({ policiesDir: temp.dir, replica, store, leases, clock, logger: pino({ level: 'silent' }), metrics: new ServiceMetrics(new Registry()), runtime: () => Promise.resolve({ ports: world.ports, clock, close: () => Promise.resolve() }) }));
    }
    for (const service of services.values()) await service.start();
    world.observer.down.add(PRIMARY);
    await clock.advance(90_000);
    const actor = leases.holderOf('shop');
    const bystander = [...services.keys()].find((r) => r !== actor) ?? '';
    const service = services.get(bystander);
    if (!service) throw new Error('no bystander');
    const app = createApp({ service, store, registry: new Registry(), authenticate: createAuthenticator({ clock, sharedToken: 'approver-token' }), clock, commandWaitInMs: 120_000 });
    const detail = (await (await clock.runUntilSettled(app(new Request('http://r/api/v1/policies/shop')))).json()) as { state: { kind: string }; actingHere: boolean };
    expect(detail).toMatchObject({ state: { kind: 'FailoverPending' }, actingHere: false });

    const res = await clock.runUntilSettled(app(new Request('http://r/api/v1/policies/shop/approve', { method: 'POST', headers: { authorization: 'Bearer approver-token' } })));
    const body = (await res.json()) as { status: string };
    expect(res.status).toBe(200);
    expect(body.status).toBe('completed');
    expect((await world.endpoints())[SECONDARY]?.weight).toBe(1000);
    const trail = await store.readLog<{ kind: string; summary: string; by?: string }>('shop.audit');
    expect(trail.filter((r) => r.kind === 'command' && r.summary.startsWith('API approve by shared-token'))).toHaveLength(1);
    for (const s of services.values()) await s.stop();
  });
});
