// Contract: ARM faults as the SDKs' default retry policy meets them — throttling with Retry-After
// and transient 5xx are retried to success, a slow ARM is slow, a dropped connection is retried.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { armClients, rawRequest, restError } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
beforeAll(async () => {
  lab = await startArmLab();
});
afterAll(() => lab.close());
afterEach(() => lab.ctx.faults.heal());

describe('ARM faults', () => {
  it('throttles twice with 429 and Retry-After, and the SDK retries after the delay and succeeds', async () => {
    const { aks } = armClients(lab);
    const fault = lab.ctx.faults.inject('*', 'arm-throttle', { count: 2, retryAfterSeconds: 1 });
    const started = Date.now();
    await expect(aks.managedClusters.get('rg-aksdr-weu', 'aks-weu')).resolves.toMatchObject({ name: 'aks-weu' });
    expect(fault.fired).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(lab.ctx.faults.list()).toEqual([]);
  });

  it('answers throttled requests with SubscriptionRequestsThrottled, Retry-After and a zero remaining quota', async () => {
    const { trafficManager } = armClients(lab, { maxRetries: 0 });
    lab.ctx.faults.inject('*', 'arm-throttle', { retryAfterSeconds: 7 });
    const error = await restError(trafficManager.profiles.get('rg-aksdr-global', 'tm-aksdr'));
    expect([error.statusCode, error.code]).toEqual([429, 'SubscriptionRequestsThrottled']);
    const response = (error as unknown as { response?: { headers: { get(name: string): string | undefined } } }).response;
    expect(response?.headers.get('retry-after')).toBe('7');
    expect(response?.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBe('0');
  });

  it('fails once with 500 InternalServerError and the SDK retries to success', async () => {
    const { acr } = armClients(lab);
    const fault = lab.ctx.faults.inject('*', 'arm-5xx', { count: 1 });
    await expect(acr.registries.get('rg-aksdr-weu', 'acraksdr')).resolves.toMatchObject({ name: 'acraksdr' });
    expect(fault.fired).toBe(1);
  });

  it('scopes a region ARM fault to the paths touching that region', async () => {
    const { aks } = armClients(lab, { maxRetries: 0 });
    lab.ctx.faults.inject('northeurope', 'arm-5xx');
    const error = await restError(aks.managedClusters.get('rg-aksdr-neu', 'aks-neu'));
    expect([error.statusCode, error.code]).toEqual([500, 'InternalServerError']);
    await expect(aks.managedClusters.get('rg-aksdr-weu', 'aks-weu')).resolves.toMatchObject({ name: 'aks-weu' });
  });

  it('applies a fault only after authentication, so an anonymous request still gets 401', async () => {
    const fault = lab.ctx.faults.inject('*', 'arm-5xx');
    const res = await rawRequest(lab, `${lab.ctx.urls.arm}/subscriptions/${lab.ctx.world.identity.subscriptionId}/resourceGroups/rg-aksdr-weu/providers/Microsoft.ContainerService/managedClusters/aks-weu?api-version=2026-06-01`);
    expect(res.status).toBe(401);
    expect(fault.fired).toBe(0);
  });

  it('delays answers by latencyMs while arm-slow is active', async () => {
    const { aks } = armClients(lab);
    lab.ctx.faults.inject('westeurope', 'arm-slow', { latencyMs: 300 });
    const started = Date.now();
    await aks.managedClusters.get('rg-aksdr-weu', 'aks-weu');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('drops the connection once and the SDK retries the network error to success', async () => {
    const { trafficManager } = armClients(lab);
    const fault = lab.ctx.faults.inject('*', 'arm-drop', { count: 1 });
    await expect(trafficManager.profiles.get('rg-aksdr-global', 'tm-aksdr')).resolves.toMatchObject({ name: 'tm-aksdr' });
    expect(fault.fired).toBe(1);
  });
});
