// The loop of one policy on the fakes and a fake clock: quiet cycles cost nothing, a dead primary is
// failed over within unhealthyAfter cycles, doubt holds, unready targets are refused by name, queued
// commands are picked up, a second writer stops the engine from acting, and the loop stops cleanly.
import { describe, expect, it } from 'vitest';
import type { EngineDocument } from '../../src/engine/engine-document.js';
import { loadDocument } from '../../src/engine/engine-document.js';
import { liveLoop } from '../../src/engine/loop-presence.js';
import { AuditTrail } from '../../src/state/audit-trail.js';
import { PRIMARY, SECONDARY, anEngineWorld } from './support/engine-world.js';

const writes = (world: ReturnType<typeof anEngineWorld>): number => world.trafficManager.calls.filter((c) => c.startsWith('setEndpoint')).length;

describe('PolicyEngine', () => {
  it('costs no readiness checks and no audit records while every region is healthy', async () => {
    const world = anEngineWorld();
    const engine = world.engine();
    for (let i = 0; i < 5; i++) await world.cycle(engine);
    expect(world.readiness.calls).toEqual([]);
    expect(await new AuditTrail(world.store).query('shop')).toEqual([]);
    expect((await loadDocument(world.store, world.policy, world.clock.now())).doc.engine.kind).toBe('Steady');
  });

  it('fails over within unhealthyAfter cycles of the primary going down, and audits it', async () => {
    const world = anEngineWorld();
    const engine = world.engine();
    await world.cycle(engine);
    world.observer.down.add(PRIMARY);
    let cycles = 0;
    let outcome;
    while (!outcome && cycles < 10) {
      cycles++;
      outcome = (await world.cycle(engine)).outcome;
    }
    expect(cycles).toBe(world.policy.spec.health.unhealthyAfter);
    expect(outcome?.result).toBe('succeeded');
    expect(world.readiness.calls[0]).toBe(SECONDARY);
    expect((await world.endpoints())[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    const audit = await new AuditTrail(world.store).query('shop');
    expect(audit.map((r) => r.kind)).toEqual(expect.arrayContaining(['decision', 'alert', 'action']));
    expect(audit.find((r) => r.kind === 'action')?.summary).toContain('succeeded');
  });

  it('holds and alerts, and moves nothing, when every region looks down at once', async () => {
    const world = anEngineWorld();
    const engine = world.engine();
    world.observer.down.add(PRIMARY).add(SECONDARY);
    for (let i = 0; i < 6; i++) await world.cycle(engine);
    const { doc } = await loadDocument(world.store, world.policy, world.clock.now());
    expect(doc.engine).toMatchObject({ kind: 'Held', reason: 'all-regions-down' });
    expect(writes(world)).toBe(0);
    const alerts = await new AuditTrail(world.store).query('shop', { kinds: ['alert'] });
    expect(alerts.length).toBe(1);
    expect(alerts[0]?.details).toMatchObject({ severity: 'critical' });
  });

  it('refuses to fail over to a target whose readiness fails, naming target-ready', async () => {
    const world = anEngineWorld();
    world.readiness.fail(SECONDARY, 'backupFreshness', 'newest backup is 300 min old');
    const engine = world.engine();
    world.observer.down.add(PRIMARY);
    let last;
    for (let i = 0; i < 4; i++) last = await world.cycle(engine);
    expect(last?.decision?.hold?.rules).toContain('target-ready');
    expect(writes(world)).toBe(0);
    const decisions = await new AuditTrail(world.store).query('shop', { kinds: ['decision'] });
    expect(decisions.some((r) => r.rules?.includes('target-ready'))).toBe(true);
  });

  it('runs a forced command past target-ready and journals the override', async () => {
    const world = anEngineWorld();
    world.readiness.fail(SECONDARY, 'acrReplication', 'replica Degraded');
    const report = await world.cycle(world.engine(), { kind: 'failover', to: SECONDARY, by: 'alice', force: { rules: ['target-ready'], by: 'alice', reason: 'registry replica is fine, the check is wrong' } });
    expect(report.commandResult?.status).toBe('completed');
    const overrides = await new AuditTrail(world.store).query('shop', { kinds: ['override'] });
    expect(overrides[0]).toMatchObject({ by: 'alice', rules: ['target-ready'] });
  });

  it('changes nothing on a dry run', async () => {
    const world = anEngineWorld();
    const report = await world.cycle(world.engine(), { kind: 'failover', to: SECONDARY, by: 'alice', dryRun: true });
    expect(report.commandResult?.status).toBe('dry-run');
    expect(report.decision?.plan?.steps.length).toBeGreaterThan(3);
    expect(await world.store.load('shop')).toBeUndefined();
    expect(writes(world)).toBe(0);
  });

  it('picks up a command queued by another process and answers it', async () => {
    const world = anEngineWorld();
    const engine = world.engine();
    await world.cycle(engine);
    const queued = await engine.queue.submit({ kind: 'failover', to: SECONDARY, by: 'bob' }, world.clock.now());
    await world.cycle(engine);
    expect(await engine.queue.resultOf(queued.id)).toMatchObject({ status: 'completed' });
    // Handled once: the next cycle does not see it again.
    expect(await engine.queue.pending((await loadDocument(world.store, world.policy, world.clock.now())).doc.commandsProcessed ?? 0)).toEqual([]);
  });

  it('does not act when another writer saved the state in between', async () => {
    const world = anEngineWorld();
    const engine = world.engine();
    await world.cycle(engine);
    world.observer.down.add(PRIMARY);
    await world.cycle(engine);
    await world.cycle(engine);
    world.store.beforeSave = async (key) => {
      if (key !== 'shop') return;
      world.store.beforeSave = undefined;
      const current = await world.store.load<EngineDocument>('shop');
      if (current) await world.store.save('shop', current.data, current.revision, new Date(world.clock.now()));
    };
    const report = await world.cycle(engine);
    expect(report.conflict).toBe(true);
    expect(writes(world)).toBe(0);
  });

  it('runs in the foreground on the clock, beats a heartbeat, and stops cleanly when aborted', async () => {
    const world = anEngineWorld();
    const engine = world.engine();
    const controller = new AbortController();
    let cycles = 0;
    const running = engine.run(controller.signal, () => {
      cycles++;
      if (cycles === 4) controller.abort();
    });
    await world.clock.runUntilSettled(running);
    expect(cycles).toBe(4);
    expect(world.clock.now() - Date.UTC(2026, 10, 23, 14, 0, 0)).toBe(3 * engine.intervalMs);
    expect(await liveLoop(world.store, 'shop', world.clock.now())).toBeUndefined();
  });
});

describe('PolicyEngine.run without a cycle callback', () => {
  it('still runs its cycles (and fails over)', async () => {
    const world = anEngineWorld();
    world.observer.down.add(PRIMARY);
    const controller = new AbortController();
    const running = world.engine().run(controller.signal);
    for (let i = 0; i < 20; i++) await world.clock.advance(10_000);
    controller.abort();
    await world.clock.runUntilSettled(running);
    expect((await loadDocument(world.store, world.policy, world.clock.now())).doc.engine.kind).toBe('FailedOver');
  });
});
