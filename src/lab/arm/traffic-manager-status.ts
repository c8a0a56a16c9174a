// Traffic Manager's monitor statuses, as a profile is read: the monitor (traffic-manager-monitor.ts)
// probes each region's app on the lab clock, so an endpoint turns Degraded only after its probing.
import type { ArmResource } from '../world/world.js';
import type { ArmState } from './arm-state.js';
import { isRecord, propertiesOf, type JsonObject } from './merge.js';

export { endpointRegion } from './traffic-manager-region.js';

/** The profile as the service returns it: stored fields plus the computed monitor statuses. */
export function renderProfile(state: ArmState, profile: ArmResource): ArmResource {
  state.monitor.advance(state.profiles);
  const out = structuredClone(profile);
  const props = out.properties;
  const profileEnabled = props.profileStatus !== 'Disabled';
  const endpoints = Array.isArray(props.endpoints) ? props.endpoints.filter(isRecord) : [];
  const statuses: string[] = [];
  for (const endpoint of endpoints) {
    const ep = propertiesOf(endpoint);
    const status = endpointMonitorStatus(state, profileEnabled, endpoint, ep);
    ep.endpointMonitorStatus = status;
    endpoint.properties = ep;
    if (ep.endpointStatus !== 'Disabled') statuses.push(status);
  }
  const monitorConfig = isRecord(props.monitorConfig) ? props.monitorConfig : {};
  monitorConfig.profileMonitorStatus = profileMonitorStatus(profileEnabled, statuses);
  props.monitorConfig = monitorConfig;
  if (isRecord(props.dnsConfig) && typeof props.dnsConfig.relativeName === 'string') {
    props.dnsConfig.fqdn = `${props.dnsConfig.relativeName}.trafficmanager.net`;
  }
  return out;
}

export function renderEndpoint(state: ArmState, profile: ArmResource, endpoint: JsonObject): JsonObject {
  const rendered = renderProfile(state, profile);
  const endpoints = Array.isArray(rendered.properties.endpoints) ? rendered.properties.endpoints.filter(isRecord) : [];
  return endpoints.find((e) => e.id === endpoint.id) ?? endpoint;
}

/** The documented endpoint monitor status: configuration first, then the monitor's probing. */
export function endpointMonitorStatus(state: ArmState, profileEnabled: boolean, endpoint: JsonObject, ep: JsonObject): string {
  if (ep.endpointStatus === 'Disabled') return 'Disabled';
  // The service's documented table: an enabled endpoint in a disabled profile is Inactive.
  if (!profileEnabled) return 'Inactive';
  if (ep.alwaysServe === 'Enabled') return 'Unmonitored';
  return state.monitor.status(endpoint);
}

function profileMonitorStatus(profileEnabled: boolean, enabledEndpointStatuses: string[]): string {
  if (!profileEnabled) return 'Disabled';
  if (enabledEndpointStatuses.length === 0) return 'Inactive';
  if (enabledEndpointStatuses.some((s) => s === 'Online' || s === 'Unmonitored')) return 'Online';
  if (enabledEndpointStatuses.some((s) => s === 'CheckingEndpoint')) return 'CheckingEndpoints';
  return 'Degraded';
}
