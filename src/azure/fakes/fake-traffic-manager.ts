// In-memory TrafficManagerPort with the service's rules: endpoint changes merge (PATCH), weight and
// priority must lie in 1..1000, unknown profiles and endpoints are NotFound.
import type { CallOptions } from '../../core/ports/call-options.js';
import { FakeFaults, badRequest, fakeCall, notFound } from '../../core/ports/testing/fake-faults.js';
import type {
  EndpointChange,
  TrafficManagerEndpoint,
  TrafficManagerEndpointType,
  TrafficManagerPort,
  TrafficManagerProfile,
} from '../../core/ports/traffic-manager-port.js';

export class FakeTrafficManager implements TrafficManagerPort {
  readonly faults = new FakeFaults();
  /** Every call, in order: `getProfile <id>`, `setEndpoint <name> {...}`. */
  readonly calls: string[] = [];
  latencyInMs = 0;
  private readonly profiles = new Map<string, TrafficManagerProfile>();

  constructor(profiles: TrafficManagerProfile[] = []) {
    for (const profile of profiles) this.profiles.set(profile.id.toLowerCase(), structuredClone(profile));
  }

  getProfile(profileId: string, options?: CallOptions): Promise<TrafficManagerProfile> {
    this.calls.push(`getProfile ${profileId}`);
    return fakeCall(this.settings('getProfile'), options, () => structuredClone(this.profileOf(profileId, 'getProfile')));
  }

  setEndpoint(profileId: string, endpointType: TrafficManagerEndpointType, endpointName: string, change: EndpointChange, options?: CallOptions): Promise<TrafficManagerEndpoint> {
    this.calls.push(`setEndpoint ${endpointName} ${JSON.stringify(change)}`);
    return fakeCall(this.settings('setEndpoint'), options, () => {
      const profile = this.profileOf(profileId, 'setEndpoint');
      const endpoint = profile.endpoints.find((e) => e.type === endpointType && e.name.toLowerCase() === endpointName.toLowerCase());
      if (!endpoint) throw notFound('arm', 'setEndpoint', `endpoint ${endpointType}/${endpointName}`);
      for (const field of ['weight', 'priority'] as const) {
        const value = change[field];
        if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 1000)) {
          throw badRequest('arm', 'setEndpoint', `${field} ${value} is out of range; it must be between 1 and 1000`);
        }
      }
      if (change.weight !== undefined) endpoint.weight = change.weight;
      if (change.priority !== undefined) endpoint.priority = change.priority;
      if (change.status !== undefined) {
        endpoint.status = change.status;
        endpoint.monitorStatus = change.status === 'Disabled' ? 'Disabled' : 'Online';
      }
      if (change.alwaysServe !== undefined) {
        endpoint.alwaysServe = change.alwaysServe;
        // As Azure: an always-serve endpoint is not probed.
        if (endpoint.status === 'Enabled') endpoint.monitorStatus = change.alwaysServe === 'Enabled' ? 'Unmonitored' : 'CheckingEndpoint';
      }
      return structuredClone(endpoint);
    });
  }

  /** Test helper: the profile's DNS TTL (`dnsConfig.ttl`). */
  setTtl(profileId: string, ttlInSeconds: number): void {
    this.profileOf(profileId, 'setTtl').ttlInSeconds = ttlInSeconds;
  }

  /** Test helper: the service-side monitor status of an endpoint (what Traffic Manager's probes see). */
  setMonitorStatus(profileId: string, endpointName: string, monitorStatus: string): void {
    const endpoint = this.profileOf(profileId, 'setMonitorStatus').endpoints.find((e) => e.name === endpointName);
    if (endpoint) endpoint.monitorStatus = monitorStatus;
  }

  private profileOf(profileId: string, operation: string): TrafficManagerProfile {
    const profile = this.profiles.get(profileId.toLowerCase());
    if (!profile) throw notFound('arm', operation, `Traffic Manager profile ${profileId}`);
    return profile;
  }

  private settings(operation: string): Parameters<typeof fakeCall>[0] {
    return { target: 'arm', operation, faults: this.faults, latencyInMs: this.latencyInMs };
  }
}
