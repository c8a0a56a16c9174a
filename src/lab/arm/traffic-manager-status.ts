// Traffic Manager's monitor statuses, computed when a profile is read: the service's probes hit
// each region's app, so an endpoint is Degraded while its region is down or its app answers 5xx.
import type { LabContext } from '../context.js';
import { shortRegionName, type ArmResource } from '../world/world.js';
import { isRecord, propertiesOf, type JsonObject } from './merge.js';

/** The lab region an endpoint fronts: its endpointLocation, or the `ep-<short>` naming convention. */
export function endpointRegion(ctx: LabContext, name: string, properties: JsonObject): string | undefined {
  const regions = ctx.world.spec.regions;
  const location = typeof properties.endpointLocation === 'string' ? properties.endpointLocation.replace(/\s+/g, '').toLowerCase() : undefined;
  const byLocation = regions.find((r) => r.toLowerCase() === location);
  if (byLocation) return byLocation;
  return regions.find((r) => `ep-${shortRegionName(r)}` === name.toLowerCase());
}

function probesFail(ctx: LabContext, region: string | undefined): boolean {
  if (!region) return false;
  return ctx.faults.active(region, 'region-down') !== undefined || ctx.faults.active(region, 'app-5xx') !== undefined;
}

/** The profile as the service returns it: stored fields plus the computed monitor statuses. */
export function renderProfile(ctx: LabContext, profile: ArmResource): ArmResource {
  const out = structuredClone(profile);
  const props = out.properties;
  const profileEnabled = props.profileStatus !== 'Disabled';
  const endpoints = Array.isArray(props.endpoints) ? props.endpoints.filter(isRecord) : [];
  const statuses: string[] = [];
  for (const endpoint of endpoints) {
    const ep = propertiesOf(endpoint);
    const status = endpointMonitorStatus(ctx, profileEnabled, typeof endpoint.name === 'string' ? endpoint.name : '', ep);
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

export function renderEndpoint(ctx: LabContext, profile: ArmResource, endpoint: JsonObject): JsonObject {
  const rendered = renderProfile(ctx, profile);
  const endpoints = Array.isArray(rendered.properties.endpoints) ? rendered.properties.endpoints.filter(isRecord) : [];
  return endpoints.find((e) => e.id === endpoint.id) ?? endpoint;
}

function endpointMonitorStatus(ctx: LabContext, profileEnabled: boolean, name: string, ep: JsonObject): string {
  if (ep.endpointStatus === 'Disabled') return 'Disabled';
  // The service's documented table: an enabled endpoint in a disabled profile is Inactive.
  if (!profileEnabled) return 'Inactive';
  if (ep.alwaysServe === 'Enabled') return 'Unmonitored';
  return probesFail(ctx, endpointRegion(ctx, name, ep)) ? 'Degraded' : 'Online';
}

function profileMonitorStatus(profileEnabled: boolean, enabledEndpointStatuses: string[]): string {
  if (!profileEnabled) return 'Disabled';
  if (enabledEndpointStatuses.length === 0) return 'Inactive';
  if (enabledEndpointStatuses.some((s) => s === 'Online' || s === 'Unmonitored')) return 'Online';
  return 'Degraded';
}
