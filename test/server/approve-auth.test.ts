// The approve endpoint with Entra ID tokens from the lab's emulator (real signed JWTs, its published
// JWKS over TLS): it refuses a missing token, a wrong audience, an expired token and a caller that is
// not allowed, and a caller that is allowed approves the plan — which then runs, once.
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/engine/clock.js';
import { createAuthenticator, type EntraAuthSettings } from '../../src/server/auth.js';
import { entraSettingsFromEnv } from '../../src/server/entra-keys.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { PRIMARY } from '../engine/support/engine-world.js';
import { startArmLab, type ArmLab } from '../lab/fixtures/arm-fixture.js';
import { anApiWorld, type ApiWorld } from './support/api-world.js';

const AUDIENCE = 'api://aksdr';
let lab: ArmLab;
beforeAll(async () => {
  lab = await startArmLab();
});
afterAll(() => lab.close());

function entraFor(allowedPrincipals: string[]): EntraAuthSettings {
  const env = { AKSDR_API_AUDIENCE: AUDIENCE, AKSDR_API_TENANT_ID: lab.ctx.world.identity.tenantId, AKSDR_API_ALLOWED_PRINCIPALS: allowedPrincipals.join(',') };
  const settings = entraSettingsFromEnv(env, lab.ctx.urls.entra, lab.ca);
  if (!settings) throw new Error('no Entra settings');
  return settings;
}

async function tokenFor(resource: string): Promise<string> {
  const token = await lab.credential().getToken(`${resource}/.default`);
  if (!token) throw new Error('no token');
  return token.token;
}

/** An approval-mode world whose primary went down: a failover plan awaits approval. */
async function pendingApproval(authClockOffsetMs = 0, allowed = [lab.ctx.world.identity.clientId]): Promise<ApiWorld> {
  const authClock = new FakeClock(lab.clock.now() + authClockOffsetMs);
  const api = anApiWorld(aPolicy().withMode('approval').withHysteresis(2, 3).build(), createAuthenticator({ clock: authClock, entra: entraFor(allowed) }));
  const engine = api.runner.engine;
  api.world.observer.down.add(PRIMARY);
  for (let i = 0; i < 4; i++) await api.world.cycle(engine);
  const state = await engine.runCycle({ dryRun: true });
  expect(state.previous.kind).toBe('FailoverPending');
  return api;
}

describe('POST /api/v1/policies/{name}/approve', () => {
  it('refuses a request without a token', async () => {
    const api = await pendingApproval();
    const res = await api.send('POST', '/api/v1/policies/shop/approve');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a token for another audience', async () => {
    const api = await pendingApproval();
    const res = await api.send('POST', '/api/v1/policies/shop/approve', { token: await tokenFor('https://management.azure.com') });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/aud/);
  });

  it('refuses an expired token', async () => {
    const api = await pendingApproval(3 * 3_600_000);
    const res = await api.send('POST', '/api/v1/policies/shop/approve', { token: await tokenFor(AUDIENCE) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
  });

  it('refuses a valid token of a caller without an allowed role, group or id', async () => {
    const api = await pendingApproval(0, []);
    const res = await api.send('POST', '/api/v1/policies/shop/approve', { token: await tokenFor(AUDIENCE) });
    expect(res.status).toBe(403);
    expect((await api.runner.engine.runCycle({ dryRun: true })).previous.kind).toBe('FailoverPending');
  });

  it('accepts an allowed caller: the plan runs, and the audit trail names the caller', async () => {
    const api = await pendingApproval();
    const res = await api.send('POST', '/api/v1/policies/shop/approve', { token: await tokenFor(AUDIENCE) });
    const body = (await res.json()) as { status: string; state: string };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ status: 'completed' });
    expect((await api.runner.engine.runCycle({ dryRun: true })).previous.kind).toBe('FailedOver');
    const endpoints = await api.world.endpoints();
    expect(endpoints.northeurope?.weight).toBe(1000);
    const trail = await api.world.store.readLog<{ kind: string; by?: string; summary: string }>('shop.audit');
    expect(trail.some((r) => r.kind === 'command' && r.summary.startsWith('API approve') && r.by?.includes(lab.ctx.world.identity.clientId))).toBe(true);
  });
});

describe('Entra ID app roles', () => {
  it('accepts a token carrying an allowed role and refuses one with only other roles', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 14));
    const tenant = '11111111-2222-3333-4444-555555555555';
    const authenticate = createAuthenticator({ clock, entra: { tenantId: tenant, audience: AUDIENCE, authorityHost: 'https://login.example', allowedRoles: ['aksdr.operator'], allowedGroups: [], allowedPrincipals: [], keys: createLocalJWKSet({ keys: [jwk] }) } });
    const sign = (roles: string[]) =>
      new SignJWT({ roles, oid: 'user-1', preferred_username: 'ops@example.com' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(`https://login.example/${tenant}/v2.0`)
        .setAudience(AUDIENCE)
        .setIssuedAt(clock.now() / 1000)
        .setExpirationTime(clock.now() / 1000 + 600)
        .sign(privateKey);
    await expect(authenticate(`Bearer ${await sign(['aksdr.operator'])}`)).resolves.toMatchObject({ kind: 'entra', name: 'ops@example.com', roles: ['aksdr.operator'] });
    await expect(authenticate(`Bearer ${await sign(['aksdr.reader'])}`)).rejects.toMatchObject({ status: 403 });
  });

  it('accepts the shared token for local use, compared whole', async () => {
    const authenticate = createAuthenticator({ clock: new FakeClock(), sharedToken: 'local-secret-token' });
    await expect(authenticate('Bearer local-secret-token')).resolves.toMatchObject({ kind: 'shared-token' });
    await expect(authenticate('Bearer local-secret')).rejects.toMatchObject({ status: 401 });
  });
});
