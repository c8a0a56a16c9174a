// The world is the truth: where the traffic really goes. The engine's state is a belief — the
// endpoints as aksdr last set them — and every cycle it is compared with the Traffic Manager
// profile as it is. A difference (someone edited the profile, a failed operation left weights half
// moved, a controller started on an already failed-over profile) is *routing drift*: a named
// condition with an alert, and `decide` then works from the profile, never from the belief.
//
// Which region is "active" in a profile: for weighted routing, the enabled endpoint with the largest
// weight (ties go to the earlier region of the policy, the primary first); for priority routing, the
// enabled endpoint with the lowest priority number. None enabled: no active region.
import type { FailoverPolicy } from '../../policy/schema.js';
import type { RegionName } from '../observation.js';
import { describeEndpoints } from '../plan/describe-plan.js';
import type { EndpointSetting, EndpointSettings } from '../plan/plan-types.js';

/** The profile's endpoints as read, by region (a region whose endpoint is not in the profile is absent). */
export interface RoutingView {
  /** Epoch ms when the profile was read (a cached read keeps its own time). */
  at: number;
  endpoints: EndpointSettings;
  /** Regions of the policy whose endpoint the profile does not have. */
  missing: RegionName[];
  /** Traffic Manager's own monitor per region: its status, and whether the endpoint is always-serve. */
  monitor?: Record<RegionName, { monitorStatus: string; alwaysServe: boolean }>;
}

/** Monitor states in which Traffic Manager leaves an endpoint out of its DNS answers. */
export const unservedMonitorStatuses: readonly string[] = ['Degraded', 'Stopped', 'Inactive'];

/** True when Traffic Manager's monitor keeps clients away from `region` (Degraded and not always-serve). */
export function monitorExcludes(view: RoutingView, region: RegionName): boolean {
  const monitor = view.monitor?.[region];
  return monitor !== undefined && !monitor.alwaysServe && unservedMonitorStatuses.includes(monitor.monitorStatus);
}

/**
 * Where Traffic Manager's DNS sends clients: the active region of the endpoints its monitor lets
 * through (enabled, not Degraded — unless always-serve); when its monitor excludes every enabled
 * endpoint it fails open and answers with all of them.
 */
export function servingRegionOf(policy: FailoverPolicy, view: RoutingView): RegionName | undefined {
  const served: EndpointSettings = {};
  for (const [region, setting] of Object.entries(view.endpoints)) if (!monitorExcludes(view, region)) served[region] = setting;
  return activeRegionOf(policy, served) ?? activeRegionOf(policy, view.endpoints);
}

export interface EndpointDifference {
  region: RegionName;
  believed?: EndpointSetting;
  observed?: EndpointSetting;
}

export interface RoutingDrift {
  believedActive?: RegionName;
  observedActive?: RegionName;
  differences: EndpointDifference[];
  message: string;
}

export function activeRegionOf(policy: FailoverPolicy, endpoints: EndpointSettings): RegionName | undefined {
  const priority = policy.spec.trafficManager.routing === 'priority';
  let best: { region: RegionName; score: number } | undefined;
  for (const { name } of policy.spec.regions) {
    const setting = endpoints[name];
    if (setting?.status !== 'Enabled') continue;
    const score = priority ? -(setting.priority ?? Number.MAX_SAFE_INTEGER) : (setting.weight ?? 1);
    if (!priority && score <= 0) continue;
    if (!best || score > best.score) best = { region: name, score };
  }
  return best?.region;
}

function sameSetting(policy: FailoverPolicy, a: EndpointSetting | undefined, b: EndpointSetting | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.status !== b.status) return false;
  if (a.status === 'Disabled') return true;
  return policy.spec.trafficManager.routing === 'priority' ? a.priority === b.priority : (a.weight ?? 1) === (b.weight ?? 1);
}

/** The differences between what aksdr believes it set and what the profile has; undefined when none. */
export function routingDrift(policy: FailoverPolicy, believed: EndpointSettings, observed: RoutingView): RoutingDrift | undefined {
  const differences: EndpointDifference[] = [];
  for (const { name } of policy.spec.regions) {
    const mine = believed[name];
    const theirs = observed.endpoints[name];
    if (sameSetting(policy, mine, theirs)) continue;
    differences.push({ region: name, ...(mine ? { believed: mine } : {}), ...(theirs ? { observed: theirs } : {}) });
  }
  if (differences.length === 0) return undefined;
  const believedActive = activeRegionOf(policy, believed);
  const observedActive = activeRegionOf(policy, observed.endpoints);
  const moved = believedActive !== observedActive ? `traffic is on ${observedActive ?? 'no region'}, not ${believedActive ?? 'no region'}; ` : '';
  const message = `routing drift: ${moved}the profile has ${describeEndpoints(observed.endpoints) || 'no endpoints of this policy'}, aksdr had set ${describeEndpoints(believed)}`;
  return { ...(believedActive ? { believedActive } : {}), ...(observedActive ? { observedActive } : {}), differences, message };
}
