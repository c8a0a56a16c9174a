// The HTTP API as a function: probes, metrics in the Prometheus text format, the policy views read
// from the state store, and one error mapping (404, 405, 413, 400, and a 500 with a request id that
// tells nothing of the failure).
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/server/auth.js';
import { createApp } from '../../src/server/app.js';
import { FakeClock } from '../../src/engine/clock.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { PRIMARY } from '../engine/support/engine-world.js';
import { anApiWorld } from './support/api-world.js';
import { Registry } from 'prom-client';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';

const TOKEN = 'a-long-shared-token-for-tests';
const world = () => anApiWorld(aPolicy().withMode('automatic').withHysteresis(2, 3).build(), createAuthenticator({ clock: new FakeClock(), sharedToken: TOKEN }));

describe('the service HTTP API', () => {
  it('answers /healthz while alive and /readyz with each check', async () => {
    const api = world();
    expect((await api.send('GET', '/healthz')).status).toBe(200);
    const ready = await api.send('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: { name: string; ok: boolean }[] }).checks.map((c) => c.name)).toEqual(['state-store', 'policies-loaded', 'leases-renewing']);
  });

  it('is not ready while a lease is not renewing, and says which', async () => {
    const api = world();
    api.status.policies[0] = { ...api.status.policies[0]!, leaseRenewing: false, leaseError: 'storage unreachable' };
    const res = await api.send('GET', '/readyz');
    expect(res.status).toBe(503);
    expect(JSON.stringify(await res.json())).toContain('storage unreachable');
  });

  it('serves /metrics in the Prometheus text format, with the metrics derived from cycles', async () => {
    const api = world();
    api.world.observer.down.add(PRIMARY);
    for (let i = 0; i < 3; i++) api.metrics.recordCycle('shop', await api.world.cycle(api.runner.engine), api.world.clock.now());
    api.metrics.leader.set({ policy: 'shop' }, 1);
    const res = await api.send('GET', '/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const families = parsePrometheusTextFormat(await res.text());
    const value = (name: string, labels: Record<string, string>) => families.find((f) => f.name === name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    expect(value('aksdr_leader', { policy: 'shop' })).toBe('1');
    expect(value('aksdr_region_healthy', { policy: 'shop', region: PRIMARY })).toBe('0');
    expect(value('aksdr_failovers_total', { policy: 'shop', outcome: 'succeeded' })).toBe('1');
    expect(families.map((f) => f.name)).toEqual(expect.arrayContaining(['aksdr_readiness_ready', 'aksdr_operation_duration_seconds', 'aksdr_policy_load_errors', 'aksdr_http_requests_total']));
  });

  it('lists the policies and shows one with its state, health, last decision and history', async () => {
    const api = world();
    await api.world.cycle(api.runner.engine);
    const list = (await (await api.send('GET', '/api/v1/policies')).json()) as { policies: { name: string; state: string }[] };
    expect(list.policies).toEqual([expect.objectContaining({ name: 'shop', state: 'Steady' })]);
    const detail = (await (await api.send('GET', '/api/v1/policies/shop')).json()) as Record<string, unknown>;
    expect(detail).toMatchObject({ name: 'shop', state: { kind: 'Steady' }, actingHere: true });
    expect(detail).toHaveProperty('health.regions');
    expect(detail).toHaveProperty('history');
    expect((await api.send('GET', '/api/v1/policies/nope')).status).toBe(404);
  });

  it('maps bad requests to clear errors', async () => {
    const api = world();
    expect((await api.send('GET', '/nothing')).status).toBe(404);
    expect((await api.send('DELETE', '/healthz')).status).toBe(405);
    expect((await api.send('POST', '/api/v1/policies/shop/failover', { token: TOKEN, rawBody: '{not json' })).status).toBe(400);
    expect((await api.send('POST', '/api/v1/policies/shop/failover', { token: TOKEN, body: {} })).status).toBe(400);
    expect((await api.send('POST', '/api/v1/policies/shop/failover', { token: TOKEN, rawBody: JSON.stringify({ to: 'x'.repeat(20_000) }) })).status).toBe(413);
    expect((await api.send('POST', '/api/v1/policies/shop/failover', { token: 'wrong', body: { to: 'northeurope' } })).status).toBe(401);
  });

  it('runs a command through the engine rules: a failover to an unknown region is refused as invalid', async () => {
    const api = world();
    const res = await api.send('POST', '/api/v1/policies/shop/failover', { token: TOKEN, body: { to: 'mars', dryRun: true } });
    expect([409, 422]).toContain(res.status);
    const ok = await api.send('POST', '/api/v1/policies/shop/failover', { token: TOKEN, body: { to: 'northeurope', dryRun: true } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'dry-run' });
  });

  it('turns an unexpected failure into a 500 with a request id and no detail', async () => {
    const broken = new MemoryStateStore();
    broken.load = () => Promise.reject(new Error('secret connection string AccountKey=abc'));
    const logged: unknown[] = [];
    const logger = { error: (...args: unknown[]) => logged.push(args) } as unknown as Logger;
    const api = world();
    const app = createApp({ service: { replica: 'r', status: () => api.status, find: () => ({ entry: { file: 'f', policy: api.world.policy, fingerprint: 'x' }, runner: api.runner }) }, store: broken, registry: new Registry(), authenticate: createAuthenticator({ clock: new FakeClock() }), clock: new FakeClock(), logger });
    const res = await app(new Request('http://x/api/v1/policies/shop'));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('AccountKey');
    expect(text).toContain(res.headers.get('x-request-id') ?? 'missing');
    expect(logged).toHaveLength(1);
  });
});
