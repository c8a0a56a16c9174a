import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { AdapterError, isAdapterError, scrubSecrets } from '../../src/core/ports/adapter-error.js';
import { addRequestAccounting, describeArmRequest } from '../../src/azure/arm-connection.js';
import { RequestCounter } from '../../src/metrics/request-counter.js';
import { requestCount } from './fixtures/lab-adapters.js';

const sub = '/subscriptions/00000000-0000-0000-0000-000000000001';

describe('request accounting', () => {
  it('names ARM operations by method and resource types, and the managed cluster they touch', () => {
    expect(describeArmRequest('GET', `https://arm${sub}/resourceGroups/rg/providers/Microsoft.Network/trafficmanagerprofiles/tm?api-version=2022-04-01`)).toEqual({
      operation: 'GET trafficmanagerprofiles',
      cluster: '',
    });
    expect(describeArmRequest('patch', `https://arm${sub}/resourceGroups/rg/providers/Microsoft.Network/trafficmanagerprofiles/tm/ExternalEndpoints/ep`).operation).toBe(
      'PATCH trafficmanagerprofiles/externalendpoints',
    );
    expect(describeArmRequest('POST', `https://arm${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-weu/listClusterUserCredential`)).toEqual({
      operation: 'POST managedclusters/listclusterusercredential',
      cluster: 'aks-weu',
    });
    expect(describeArmRequest('GET', `https://arm${sub}/providers/Microsoft.ContainerService/locations/westeurope/operations/op1`).operation).toBe('GET locations/operations');
  });

  it('counts each attempt a pipeline sends, by outcome, in the registry it is given', async () => {
    const registry = new Registry();
    const counter = new RequestCounter(registry);
    const policies: { sendRequest: (r: { url: string; method: string }, next: (r: unknown) => Promise<{ status: number }>) => Promise<{ status: number }> }[] = [];
    addRequestAccounting({ addPolicy: (policy) => policies.push(policy) }, counter);
    const url = `https://arm${sub}/resourceGroups/rg/providers/Microsoft.Network/trafficmanagerprofiles/tm`;
    const policy = policies[0];
    if (!policy) throw new Error('no policy added');
    await policy.sendRequest({ url, method: 'GET' }, () => Promise.resolve({ status: 429 }));
    await policy.sendRequest({ url, method: 'GET' }, () => Promise.resolve({ status: 200 }));
    await expect(policy.sendRequest({ url, method: 'GET' }, () => Promise.reject(new Error('ECONNRESET')))).rejects.toThrow();
    expect(await requestCount(registry, { target: 'arm', operation: 'GET trafficmanagerprofiles', outcome: 'throttled' })).toBe(1);
    expect(await requestCount(registry, { target: 'arm', outcome: 'success' })).toBe(1);
    expect(await requestCount(registry, { target: 'arm', outcome: 'unavailable' })).toBe(1);
    // A second counter on the same registry reuses the metrics instead of failing to register them.
    new RequestCounter(registry).record({ target: 'kubernetes', cluster: 'aks-weu', operation: 'readyz', outcome: 'success', durationInMs: 3 });
    expect(await requestCount(registry, { target: 'kubernetes', cluster: 'aks-weu' })).toBe(1);
    expect(await registry.metrics()).toContain('aksdr_request_duration_seconds_bucket');
  });
});

describe('adapter errors', () => {
  it('never carry a token, in the message or in the cause', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const cause = Object.assign(new Error(`request failed: Authorization: Bearer ${jwt}`), { code: 'ECONNRESET', request: { headers: { authorization: `Bearer ${jwt}` } } });
    const error = new AdapterError('Unavailable', `could not call with token=${jwt}`, { cause });
    expect(isAdapterError(error)).toBe(true);
    expect(JSON.stringify({ m: error.message, c: error.cause, s: (error.cause as Error).stack, cm: (error.cause as Error).message })).not.toContain(jwt.slice(0, 20));
    expect((error.cause as { code?: string }).code).toBe('ECONNRESET');
    expect((error.cause as { request?: unknown }).request).toBeUndefined();
    expect(scrubSecrets('{"access_token":"abc.def","client_secret":"s3cr3t"}')).toBe('{"access_token":"[redacted]","client_secret":"[redacted]"}');
  });
});
