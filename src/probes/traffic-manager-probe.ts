// `trafficManager`: Azure's own view — the monitor status Traffic Manager computed for this region's
// endpoint. One profile read per cycle serves every region (the key is the profile).
import type { TrafficManagerProfile } from '../core/ports/traffic-manager-port.js';
import type { FailoverPolicy, RegionSpec } from '../policy/index.js';
import type { RoutingView } from '../core/routing/routing.js';
import type { EndpointSettings } from '../core/plan/plan-types.js';
import type { ProbeVerdict, SignalProbe } from './signal-probe.js';

export function judgeEndpoint(profile: TrafficManagerProfile, region: Pick<RegionSpec, 'endpoint' | 'endpointType'>): ProbeVerdict {
  const endpoint = profile.endpoints.find((e) => e.name.toLowerCase() === region.endpoint.toLowerCase());
  if (!endpoint) return { ok: false, reason: `endpoint ${region.endpoint} is not in profile ${profile.name}` };
  const detail = {
    endpoint: endpoint.name,
    status: endpoint.status,
    monitorStatus: endpoint.monitorStatus,
    ...(endpoint.weight !== undefined ? { weight: endpoint.weight } : {}),
    ...(endpoint.priority !== undefined ? { priority: endpoint.priority } : {}),
    ...(profile.monitorLagSeconds !== undefined ? { monitorLagSeconds: profile.monitorLagSeconds } : {}),
  };
  const ok = endpoint.monitorStatus === 'Online';
  const weight = endpoint.weight === undefined ? '' : `, weight ${endpoint.weight}`;
  return { ok, reason: `Traffic Manager sees ${endpoint.name} ${endpoint.monitorStatus}${weight}`, detail };
}

export const trafficManagerProbe: SignalProbe<TrafficManagerProfile> = {
  signal: 'trafficManager',
  source: 'arm',
  key: ({ policy }) => `arm:profile:${policy.spec.trafficManager.profile.toLowerCase()}`,
  fetch: ({ policy, ports }, options) => ports.trafficManager.getProfile(policy.spec.trafficManager.profile, options),
  judge: (profile, { region }) => judgeEndpoint(profile, region),
};

/** The profile's endpoint settings by region, as the engine's belief is written (status, weight, priority). */
export function routingViewOf(policy: FailoverPolicy, profile: TrafficManagerProfile, at: number): RoutingView {
  const endpoints: EndpointSettings = {};
  const missing: string[] = [];
  const monitor: NonNullable<RoutingView['monitor']> = {};
  for (const region of policy.spec.regions) {
    const endpoint = profile.endpoints.find((e) => e.name.toLowerCase() === region.endpoint.toLowerCase());
    if (!endpoint) {
      missing.push(region.name);
      continue;
    }
    monitor[region.name] = { monitorStatus: endpoint.monitorStatus, alwaysServe: endpoint.alwaysServe === 'Enabled' };
    endpoints[region.name] = {
      endpoint: region.endpoint,
      status: endpoint.status,
      ...(endpoint.weight !== undefined ? { weight: endpoint.weight } : {}),
      ...(endpoint.priority !== undefined ? { priority: endpoint.priority } : {}),
    };
  }
  return { at, endpoints, missing, monitor };
}
