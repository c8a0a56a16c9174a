// What every TrafficManagerPort must do, run against the fake and against the real SDK client on the lab.
import { expect, it } from 'vitest';
import { isAdapterError } from '../../../src/core/ports/adapter-error.js';
import type { TrafficManagerEndpointType, TrafficManagerPort } from '../../../src/core/ports/traffic-manager-port.js';

export interface TrafficManagerHarness {
  port: TrafficManagerPort;
  profileId: string;
  /** An endpoint the tests may change; they put it back. */
  endpoint: { type: TrafficManagerEndpointType; name: string };
  missingProfileId: string;
}

export function trafficManagerContract(harness: () => TrafficManagerHarness): void {
  it('reads a weighted profile with its endpoints, weights and monitor status', async () => {
    const { port, profileId, endpoint } = harness();
    const profile = await port.getProfile(profileId);
    expect(profile.id.toLowerCase()).toBe(profileId.toLowerCase());
    expect(profile.routing).toBe('Weighted');
    expect(profile.profileStatus).toBe('Enabled');
    expect(profile.endpoints.length).toBeGreaterThanOrEqual(2);
    const mine = profile.endpoints.find((e) => e.name === endpoint.name);
    expect(mine).toMatchObject({ type: endpoint.type, status: 'Enabled' });
    expect(mine?.weight).toBeGreaterThanOrEqual(1);
    expect(typeof mine?.monitorStatus).toBe('string');
  });

  it('sets a weight and reads it back; applying the same change twice is harmless', async () => {
    const { port, profileId, endpoint } = harness();
    const before = (await port.getProfile(profileId)).endpoints.find((e) => e.name === endpoint.name);
    const changed = await port.setEndpoint(profileId, endpoint.type, endpoint.name, { weight: 42 });
    expect(changed).toMatchObject({ name: endpoint.name, weight: 42, status: 'Enabled' });
    await port.setEndpoint(profileId, endpoint.type, endpoint.name, { weight: 42 });
    const after = (await port.getProfile(profileId)).endpoints.find((e) => e.name === endpoint.name);
    expect(after).toMatchObject({ weight: 42, status: before?.status, priority: before?.priority });
    await port.setEndpoint(profileId, endpoint.type, endpoint.name, { weight: before?.weight ?? 1 });
  });

  it('disables and re-enables an endpoint without touching its weight', async () => {
    const { port, profileId, endpoint } = harness();
    const before = (await port.getProfile(profileId)).endpoints.find((e) => e.name === endpoint.name);
    expect((await port.setEndpoint(profileId, endpoint.type, endpoint.name, { status: 'Disabled' })).status).toBe('Disabled');
    const disabled = (await port.getProfile(profileId)).endpoints.find((e) => e.name === endpoint.name);
    expect(disabled).toMatchObject({ status: 'Disabled', weight: before?.weight });
    expect((await port.setEndpoint(profileId, endpoint.type, endpoint.name, { status: 'Enabled' })).status).toBe('Enabled');
  });

  it('rejects a weight outside 1..1000 with BadRequest and leaves the endpoint as it was', async () => {
    const { port, profileId, endpoint } = harness();
    const before = (await port.getProfile(profileId)).endpoints.find((e) => e.name === endpoint.name);
    for (const weight of [0, 1001]) {
      const error: unknown = await port.setEndpoint(profileId, endpoint.type, endpoint.name, { weight }).catch((e: unknown) => e);
      expect(isAdapterError(error) && error.code).toBe('BadRequest');
      expect(isAdapterError(error) && error.statusCode).toBe(400);
    }
    expect((await port.getProfile(profileId)).endpoints.find((e) => e.name === endpoint.name)?.weight).toBe(before?.weight);
  });

  it('reports an unknown profile or endpoint as NotFound', async () => {
    const { port, profileId, endpoint, missingProfileId } = harness();
    await expect(port.getProfile(missingProfileId)).rejects.toMatchObject({ code: 'NotFound', statusCode: 404 });
    await expect(port.setEndpoint(profileId, endpoint.type, 'no-such-endpoint', { weight: 5 })).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('does not call out once the caller has aborted', async () => {
    const { port, profileId } = harness();
    const error: unknown = await port.getProfile(profileId, { abortSignal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
  });
}
