// Which endpoint Traffic Manager's DNS answers with, for one query, from the profile as the
// service sees it (its routing method, the endpoints' status and the monitor's status), as
// learn.microsoft.com/azure/traffic-manager documents it:
// - a disabled profile answers NXDOMAIN ("Disabling a profile ... NXDOMAIN");
// - a Disabled endpoint is never served; a Degraded one is left out of answers — unless every
//   enabled endpoint is Degraded, when Traffic Manager fails open and treats them all as healthy
//   (traffic-manager-monitoring, "Traffic-routing methods" under endpoint failover);
// - an endpoint with `alwaysServe: Enabled` is always served (Unmonitored);
// - Online and CheckingEndpoint endpoints are served;
// - Weighted: a weighted-random choice among the served endpoints (weight 0 never);
//   Priority: the served endpoint with the lowest priority value;
// - the answer is the endpoint's `target` with the profile's `dnsConfig.ttl`.
// Not emulated: Performance, Geographic, Subnet and MultiValue routing (answered as Priority),
// nested endpoints, EDNS client subnet, minChildEndpoints.
import { isIP } from 'node:net';
import { isRecord, propertiesOf, type JsonObject } from '../arm/merge.js';
import type { ArmResource } from '../world/world.js';

export interface TrafficManagerAnswer {
  endpointName: string;
  target: string;
  ttlSeconds: number;
  /** `A` when the target is an IPv4 address, `CNAME` otherwise. */
  type: 'A' | 'CNAME';
}

interface Candidate {
  name: string;
  target: string;
  weight: number;
  priority: number;
  monitorStatus: string;
}

function candidatesOf(profile: ArmResource): Candidate[] {
  const endpoints = Array.isArray(profile.properties.endpoints) ? profile.properties.endpoints.filter(isRecord) : [];
  return endpoints
    .map((endpoint: JsonObject) => ({ endpoint, ep: propertiesOf(endpoint) }))
    .filter(({ ep }) => ep.endpointStatus !== 'Disabled' && typeof ep.target === 'string' && ep.target.length > 0)
    .map(({ endpoint, ep }) => ({
      name: typeof endpoint.name === 'string' ? endpoint.name : '',
      target: String(ep.target),
      weight: typeof ep.weight === 'number' ? ep.weight : 1,
      priority: typeof ep.priority === 'number' ? ep.priority : 1000,
      monitorStatus: typeof ep.endpointMonitorStatus === 'string' ? ep.endpointMonitorStatus : 'Online',
    }));
}

/** The endpoints a query may be answered with, after the monitor's verdict and failing open. */
export function servedEndpoints(profile: ArmResource): Candidate[] {
  const enabled = candidatesOf(profile);
  const healthy = enabled.filter((c) => c.monitorStatus !== 'Degraded' && c.monitorStatus !== 'Stopped');
  return healthy.length > 0 ? healthy : enabled;
}

/** The answer to one query for the profile's FQDN; undefined means NXDOMAIN. `random` is in [0, 1). */
export function answerQuery(profile: ArmResource, random: () => number): TrafficManagerAnswer | undefined {
  if (profile.properties.profileStatus === 'Disabled') return undefined;
  const served = servedEndpoints(profile);
  const chosen = profile.properties.trafficRoutingMethod === 'Weighted' ? weightedChoice(served, random) : lowestPriority(served);
  if (!chosen) return undefined;
  const dns = isRecord(profile.properties.dnsConfig) ? profile.properties.dnsConfig : {};
  const ttlSeconds = typeof dns.ttl === 'number' ? dns.ttl : 60;
  return { endpointName: chosen.name, target: chosen.target, ttlSeconds, type: isIP(chosen.target) === 4 ? 'A' : 'CNAME' };
}

function weightedChoice(served: Candidate[], random: () => number): Candidate | undefined {
  const weighted = served.filter((c) => c.weight > 0);
  const total = weighted.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) return undefined;
  let draw = random() * total;
  for (const candidate of weighted) {
    draw -= candidate.weight;
    if (draw < 0) return candidate;
  }
  return weighted[weighted.length - 1];
}

function lowestPriority(served: Candidate[]): Candidate | undefined {
  return [...served].sort((a, b) => a.priority - b.priority)[0];
}

/** The profile's FQDN (`<relativeName>.trafficmanager.net`), lower case. */
export function profileFqdn(profile: ArmResource): string | undefined {
  const dns = isRecord(profile.properties.dnsConfig) ? profile.properties.dnsConfig : {};
  return typeof dns.relativeName === 'string' ? `${dns.relativeName}.trafficmanager.net`.toLowerCase() : undefined;
}
