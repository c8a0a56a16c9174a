// Azure Traffic Manager as the core sees it: read a profile, change one endpoint.
import type { CallOptions } from './call-options.js';

export type TrafficManagerEndpointType = 'AzureEndpoints' | 'ExternalEndpoints' | 'NestedEndpoints';
export type EndpointStatus = 'Enabled' | 'Disabled';

export interface TrafficManagerEndpoint {
  /** The endpoint's resource id. */
  id: string;
  name: string;
  type: TrafficManagerEndpointType;
  status: EndpointStatus;
  weight?: number;
  priority?: number;
  /** Service-computed health, e.g. Online, Degraded, CheckingEndpoint, Disabled, Stopped (Unmonitored when always-serve). */
  monitorStatus: string;
  /** `Enabled`: Traffic Manager serves the endpoint whatever its monitor says (health checks off). */
  alwaysServe?: 'Enabled' | 'Disabled';
  target?: string;
  location?: string;
}

export interface TrafficManagerProfile {
  id: string;
  name: string;
  /** Weighted, Priority, Performance, … (extensible). */
  routing: 'Weighted' | 'Priority' | (string & {});
  profileStatus: string;
  monitorStatus: string;
  endpoints: TrafficManagerEndpoint[];
  /** The profile's DNS name (`<relativeName>.trafficmanager.net`) and the TTL of its answers. */
  fqdn?: string;
  ttlInSeconds?: number;
  /**
   * The longest Traffic Manager's own monitor takes to turn a dead endpoint Degraded, from its
   * monitorConfig: (toleratedNumberOfFailures + 1) × intervalInSeconds + timeoutInSeconds.
   */
  monitorLagSeconds?: number;
}

/** Azure's defaults for a profile's monitorConfig: 30 s interval, 10 s timeout, 3 tolerated failures. */
export function monitorLagSeconds(config: { intervalInSeconds?: number; timeoutInSeconds?: number; toleratedNumberOfFailures?: number } | undefined): number {
  const interval = config?.intervalInSeconds ?? 30;
  return ((config?.toleratedNumberOfFailures ?? 3) + 1) * interval + (config?.timeoutInSeconds ?? 10);
}

/** A partial change; fields left out keep their value (PATCH merge), so applying it twice is harmless. */
export interface EndpointChange {
  weight?: number;
  priority?: number;
  status?: EndpointStatus;
  alwaysServe?: 'Enabled' | 'Disabled';
}

export interface TrafficManagerPort {
  getProfile(profileId: string, options?: CallOptions): Promise<TrafficManagerProfile>;
  setEndpoint(
    profileId: string,
    endpointType: TrafficManagerEndpointType,
    endpointName: string,
    change: EndpointChange,
    options?: CallOptions,
  ): Promise<TrafficManagerEndpoint>;
}
