// Contract: what every ARM request goes through before a resource provider answers —
// authentication, api-version, subscription/resource group/type checks, request ids, bad bodies.
import type { TokenCredential } from '@azure/core-auth';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArmHandler } from '../../src/lab/arm/arm-handler.js';
import { isDrop } from '../../src/lab/http/handler.js';
import { armClients, armToken, rawRequest, restError } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
beforeAll(async () => {
  lab = await startArmLab();
});
afterAll(() => lab.close());

const tmPath = () => `/subscriptions/${lab.ctx.world.identity.subscriptionId}/resourceGroups/rg-aksdr-global/providers/Microsoft.Network/trafficmanagerprofiles/tm-aksdr`;

describe('ARM authentication', () => {
  it('answers a request without Authorization with 401 AuthenticationFailed and a Bearer challenge', async () => {
    const res = await rawRequest(lab, `${lab.ctx.urls.arm}${tmPath()}?api-version=2022-04-01`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." } });
    expect(res.headers['www-authenticate']).toMatch(/^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+", error="invalid_token", error_description=".+"$/);
  });

  it('refuses a token with a bad signature as InvalidAuthenticationToken', async () => {
    const forged: TokenCredential = { getToken: async () => ({ token: `${(await armToken(lab)).slice(0, -6)}AAAAAA`, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const error = await restError(armClients(lab, { credential: forged }).trafficManager.profiles.get('rg-aksdr-global', 'tm-aksdr'));
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe('InvalidAuthenticationToken');
  });

  it('refuses a token for another audience', async () => {
    const { tenantId, clientId } = lab.ctx.world.identity;
    const token = (await lab.tokens.issue({ tenantId, clientId, resource: 'https://vault.azure.net' })).accessToken;
    const res = await rawRequest(lab, `${lab.ctx.urls.arm}${tmPath()}?api-version=2022-04-01`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'InvalidAuthenticationTokenAudience' } });
  });

  it('accepts a token whose audience is the lab ARM endpoint itself', async () => {
    const { tenantId, clientId } = lab.ctx.world.identity;
    const token = (await lab.tokens.issue({ tenantId, clientId, resource: lab.ctx.urls.arm.replace('127.0.0.1', 'localhost') })).accessToken;
    const res = await rawRequest(lab, `${lab.ctx.urls.arm}${tmPath()}?api-version=2022-04-01`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it('refuses a token from the lab Entra once the lab clock passes its expiry, as ExpiredAuthenticationToken', async () => {
    const expiring = await startArmLab({ tokenLifetimeSeconds: 600 });
    try {
      const { trafficManager } = armClients(expiring);
      await expect(trafficManager.profiles.get('rg-aksdr-global', 'tm-aksdr')).resolves.toMatchObject({ name: 'tm-aksdr' });
      // The credential caches the token by the real clock; the lab clock moves past its expiry.
      expiring.clock.advance(601_000);
      const error = await restError(trafficManager.profiles.get('rg-aksdr-global', 'tm-aksdr'));
      expect(error.statusCode).toBe(401);
      expect(error.code).toBe('ExpiredAuthenticationToken');
      expect(error.message).toMatch(/is earlier than current UTC time/);
    } finally {
      await expiring.close();
    }
  });
});

describe('ARM request checks', () => {
  it('requires api-version, reading the query key case-insensitively anywhere in the query', async () => {
    const authorization = `Bearer ${await armToken(lab)}`;
    const base = `${lab.ctx.urls.arm}${tmPath()}`;
    const missing = await rawRequest(lab, base, { headers: { authorization } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });
    const malformed = await rawRequest(lab, `${base}?api-version=2022-4-1`, { headers: { authorization } });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'InvalidApiVersionParameter' } });
    const late = await rawRequest(lab, `${base}?foo=1&API-VERSION=2018-08-01`, { headers: { authorization } });
    expect(late.status).toBe(200);
    const preview = await rawRequest(lab, `${base}?api-version=2024-04-01-preview`, { headers: { authorization } });
    expect(preview.status).toBe(200);
  });

  it('echoes x-ms-client-request-id and returns request and correlation ids', async () => {
    const res = await rawRequest(lab, `${lab.ctx.urls.arm}${tmPath()}?api-version=2022-04-01`, {
      headers: { authorization: `Bearer ${await armToken(lab)}`, 'x-ms-client-request-id': 'client-42', 'x-ms-correlation-request-id': 'corr-7' },
    });
    expect(res.headers['x-ms-client-request-id']).toBe('client-42');
    expect(res.headers['x-ms-correlation-request-id']).toBe('corr-7');
    expect(res.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown subscription, resource group and resource type with ARM codes', async () => {
    const { aks } = armClients(lab, { maxRetries: 0 });
    const authorization = `Bearer ${await armToken(lab)}`;
    const other = await rawRequest(lab, `${lab.ctx.urls.arm}/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/x?api-version=2026-06-01`, { headers: { authorization } });
    expect(other).toMatchObject({ status: 404, body: { error: { code: 'SubscriptionNotFound' } } });
    const rg = await restError(aks.managedClusters.get('rg-nowhere', 'aks-weu'));
    expect([rg.statusCode, rg.code]).toEqual([404, 'ResourceGroupNotFound']);
    const type = await rawRequest(lab, `${lab.ctx.urls.arm}/subscriptions/${lab.ctx.world.identity.subscriptionId}/resourceGroups/rg-aksdr-weu/providers/Microsoft.Network/publicIPAddresses/pip?api-version=2024-01-01`, { headers: { authorization } });
    expect(type).toMatchObject({ status: 400, body: { error: { code: 'InvalidResourceType' } } });
  });

  it('matches paths case-insensitively', async () => {
    const path = tmPath().toUpperCase().replace(lab.ctx.world.identity.subscriptionId.toUpperCase(), lab.ctx.world.identity.subscriptionId);
    const res = await rawRequest(lab, `${lab.ctx.urls.arm}${path}?api-version=2022-04-01`, { headers: { authorization: `Bearer ${await armToken(lab)}` } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: expect.stringContaining('/providers/Microsoft.Network/trafficManagerProfiles/tm-aksdr') as unknown });
  });

  it('rejects a body that is not JSON with InvalidRequestContent, and an unsupported method with 405', async () => {
    const authorization = `Bearer ${await armToken(lab)}`;
    const bad = await rawRequest(lab, `${lab.ctx.urls.arm}${tmPath()}?api-version=2022-04-01`, { method: 'PATCH', headers: { authorization, 'content-type': 'application/json' }, body: '{"properties":' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'InvalidRequestContent' } } });
    const post = await rawRequest(lab, `${lab.ctx.urls.arm}${tmPath()}?api-version=2022-04-01`, { method: 'POST', headers: { authorization } });
    expect(post).toMatchObject({ status: 405, body: { error: { code: 'MethodNotAllowed' } } });
  });

  it('lists and reads the resource groups', async () => {
    const res = await rawRequest(lab, `${lab.ctx.urls.arm}/subscriptions/${lab.ctx.world.identity.subscriptionId}/resourcegroups/RG-AKSDR-WEU?api-version=2021-04-01`, { headers: { authorization: `Bearer ${await armToken(lab)}` } });
    expect(res).toMatchObject({ status: 200, body: { name: 'rg-aksdr-weu', location: 'westeurope', properties: { provisioningState: 'Succeeded' } } });
  });
});

describe('ARM robustness', () => {
  it('answers arbitrary JSON bodies on every writable path with a 2xx or 4xx, never a 500', async () => {
    // Called as a function (no socket), on the fixture's world, so it is fast enough for many runs.
    const handler = createArmHandler(lab.ctx, lab.tokens);
    const authorization = `Bearer ${await armToken(lab)}`;
    const sub = `/subscriptions/${lab.ctx.world.identity.subscriptionId}`;
    const targets = [
      ['PUT', `${sub}/resourceGroups/rg-aksdr-global/providers/Microsoft.Network/trafficmanagerprofiles/tm-fuzz`],
      ['PATCH', `${sub}/resourceGroups/rg-aksdr-global/providers/Microsoft.Network/trafficmanagerprofiles/tm-aksdr`],
      ['PUT', `${sub}/resourceGroups/rg-aksdr-global/providers/Microsoft.Network/trafficmanagerprofiles/tm-aksdr/ExternalEndpoints/ep-fuzz`],
      ['PATCH', `${sub}/resourceGroups/rg-aksdr-global/providers/Microsoft.Network/trafficmanagerprofiles/tm-aksdr/externalEndpoints/ep-neu`],
      ['PUT', `${sub}/resourceGroups/rg-aksdr-weu/providers/Microsoft.ContainerService/managedClusters/aks-weu/agentPools/fuzz`],
    ] as const;
    const properties = fc.record(
      { weight: fc.anything(), priority: fc.anything(), endpointStatus: fc.anything(), target: fc.anything(), count: fc.anything(), mode: fc.anything(), trafficRoutingMethod: fc.anything(), dnsConfig: fc.anything(), monitorConfig: fc.anything(), endpoints: fc.anything() },
      { requiredKeys: [] },
    );
    const body = fc.oneof(fc.jsonValue(), fc.record({ location: fc.oneof(fc.constant('global'), fc.anything()), properties: fc.oneof(properties, fc.anything()) }, { requiredKeys: [] }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, async ([method, path], value) => {
        const json = JSON.stringify(value) ?? 'null';
        const response = await handler({ method, url: new URL(`https://127.0.0.1${path}?api-version=2022-04-01`), headers: { authorization, 'content-type': 'application/json' }, body: Buffer.from(json) });
        if (isDrop(response)) throw new Error('dropped');
        expect(response.status, `${method} ${path} ${json}`).toBeLessThan(500);
        lab.clock.advance(lab.ctx.timing.armOperationMs);
      }),
      { numRuns: 300 },
    );
  });
});
