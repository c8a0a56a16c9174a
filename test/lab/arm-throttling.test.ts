// Contract: ARM's throttling as the token-bucket algorithm gives it — a budget per subscription
// and principal that counts down in x-ms-ratelimit-remaining-subscription-* and refills on the lab
// clock, 429 SubscriptionRequestsThrottled with Retry-After when empty, and arm-throttle lowering
// that budget. Requests go straight to the ARM handler (hono-style), so 250 of them cost nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArmHandler } from '../../src/lab/arm/arm-handler.js';
import { ArmState } from '../../src/lab/arm/arm-state.js';
import type { LabHandler, LabReply } from '../../src/lab/http/handler.js';
import { armToken } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
let arm: LabHandler;
let token: string;
beforeAll(async () => {
  lab = await startArmLab();
  token = await armToken(lab);
});
afterAll(() => lab.close());
beforeEach(() => {
  lab.ctx.faults.heal();
  arm = createArmHandler(lab.ctx, lab.tokens, new ArmState(lab.ctx));
});

const clusterPath = () => `/subscriptions/${lab.ctx.world.identity.subscriptionId}/resourceGroups/rg-aksdr-weu/providers/Microsoft.ContainerService/managedClusters/aks-weu`;

async function call(method: string, path: string, bearer = token): Promise<LabReply> {
  const url = new URL(`${lab.ctx.urls.arm}${path}?api-version=2026-06-01`);
  const body = method === 'PUT' ? Buffer.from(JSON.stringify({ properties: { count: 3, mode: 'User' } })) : Buffer.alloc(0);
  const headers = { authorization: `Bearer ${bearer}`, ...(body.length ? { 'content-type': 'application/json' } : {}) };
  const response = await arm({ method, url, headers, body });
  if ('drop' in response) throw new Error('dropped');
  return response;
}

const remaining = (reply: LabReply, kind: string) => reply.headers?.[`x-ms-ratelimit-remaining-subscription-${kind}`];

describe('ARM throttling', () => {
  it('counts reads down from 250 per subscription and principal, apart from writes and other principals', async () => {
    expect(remaining(await call('GET', clusterPath()), 'reads')).toBe('249');
    expect(remaining(await call('GET', clusterPath()), 'reads')).toBe('248');
    const other = (await lab.tokens.issue({ tenantId: lab.ctx.world.identity.tenantId, clientId: 'another-app', resource: 'https://management.azure.com' })).accessToken;
    expect(remaining(await call('GET', clusterPath(), other), 'reads')).toBe('249');
    const write = await call('POST', `${clusterPath()}/listClusterUserCredential`);
    expect([write.status, remaining(write, 'writes'), remaining(write, 'reads')]).toEqual([200, '199', undefined]);
  });

  it('answers 429 SubscriptionRequestsThrottled with Retry-After once the reads are spent, and refills on the lab clock', async () => {
    for (let i = 0; i < 250; i++) expect((await call('GET', clusterPath())).status).toBe(200);
    const refused = await call('GET', clusterPath());
    expect(refused.status).toBe(429);
    expect(refused.headers).toMatchObject({ 'retry-after': '1', 'x-ms-ratelimit-remaining-subscription-reads': '0' });
    expect(refused.body).toEqual({
      error: {
        code: 'SubscriptionRequestsThrottled',
        message: expect.stringMatching(/^Number of 'read' requests for subscription '[0-9a-f-]+' actor '[0-9a-f-]+' exceeded\. Please try again after '1' seconds after additional tokens are available\./) as unknown,
      },
    });
    lab.clock.advance(1_000);
    const after = await call('GET', clusterPath());
    expect([after.status, remaining(after, 'reads')]).toEqual([200, '24']);
  });

  it('arm-throttle lowers the budget: `budget` requests per Retry-After window, then 429 until the window refills', async () => {
    const fault = lab.ctx.faults.inject('*', 'arm-throttle', { budget: 2, retryAfterSeconds: 10 });
    expect(remaining(await call('GET', clusterPath()), 'reads')).toBe('1');
    expect(remaining(await call('GET', clusterPath()), 'reads')).toBe('0');
    const refused = await call('GET', clusterPath());
    expect([refused.status, refused.headers?.['retry-after']]).toEqual([429, '10']);
    expect(fault.fired).toBe(1);
    lab.clock.advance(10_000);
    expect((await call('GET', clusterPath())).status).toBe(200);
  });

  it('arm-throttle counts only the requests it refused, and heals after `count` of them', async () => {
    const fault = lab.ctx.faults.inject('*', 'arm-throttle', { budget: 1, count: 2, method: 'GET' });
    expect((await call('GET', clusterPath())).status).toBe(200);
    expect((await call('GET', clusterPath())).status).toBe(429);
    expect((await call('GET', clusterPath())).status).toBe(429);
    expect(fault.fired).toBe(2);
    expect(lab.ctx.faults.list()).toEqual([]);
    expect((await call('GET', clusterPath())).status).toBe(200);
  });
});
