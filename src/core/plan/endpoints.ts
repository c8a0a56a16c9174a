// Traffic Manager endpoint settings: the steady state from the policy, the state after a failover,
// the intermediate steps of a gradual shift, and the "never leave nothing serving" check.
//
// Weighted routing. After a failover the target gets weight 1000 (the maximum), not its steady weight
// scaled: a standby's steady weight is often 1 (warm, nearly idle), and any scaling of it would leave
// a drained source with more weight than the region now carrying the load. The failed region is
// Disabled, or keeps `drainedWeight` when the policy sets one. In between, each region's weight moves
// linearly from start to end by the step's percent (a disabled endpoint counts as weight 0, an enabled
// one never drops below 1), so at 50% about half of the failed region's share has moved.
// Priority routing moves in one step: the target takes the failed region's priority (they swap) and
// the failed endpoint is Disabled.
import type { FailoverPolicy } from '../../policy/schema.js';
import type { RegionName } from '../observation.js';
import type { EndpointSetting, EndpointSettings } from './plan-types.js';

export const MAX_WEIGHT = 1000;

export function steadyEndpoints(policy: FailoverPolicy): EndpointSettings {
  const { routing, steadyWeights, steadyPriorities } = policy.spec.trafficManager;
  const settings: EndpointSettings = {};
  policy.spec.regions.forEach((region, index) => {
    if (routing === 'priority') {
      settings[region.name] = { endpoint: region.endpoint, status: 'Enabled', priority: steadyPriorities?.[region.name] ?? index + 1 };
      return;
    }
    // Without steadyWeights (the policy validator refuses that), only the primary serves.
    const weight = steadyWeights ? steadyWeights[region.name] : region.role === 'primary' ? MAX_WEIGHT : undefined;
    settings[region.name] = weight === undefined ? { endpoint: region.endpoint, status: 'Disabled' } : { endpoint: region.endpoint, status: 'Enabled', weight };
  });
  return settings;
}

function endpointName(policy: FailoverPolicy, region: RegionName): string {
  return policy.spec.regions.find((spec) => spec.name === region)?.endpoint ?? region;
}

function settingOf(policy: FailoverPolicy, current: EndpointSettings, region: RegionName): EndpointSetting {
  return current[region] ?? { endpoint: endpointName(policy, region), status: 'Disabled' };
}

/** Endpoints once traffic has left `from` for `to`; other regions keep what they have. */
export function failedOverEndpoints(policy: FailoverPolicy, current: EndpointSettings, from: RegionName, to: RegionName): EndpointSettings {
  const source = settingOf(policy, current, from);
  const target = settingOf(policy, current, to);
  if (policy.spec.trafficManager.routing === 'priority') {
    const sourcePriority = source.priority ?? 1;
    const targetPriority = target.priority ?? sourcePriority + 1;
    return { ...current, [from]: { ...source, status: 'Disabled', priority: targetPriority }, [to]: { ...target, status: 'Enabled', priority: sourcePriority } };
  }
  const drained = policy.spec.trafficManager.drainedWeight;
  return {
    ...current,
    [from]: drained === undefined ? { ...source, status: 'Disabled' } : { ...source, status: 'Enabled', weight: drained },
    [to]: { ...target, status: 'Enabled', weight: MAX_WEIGHT },
  };
}

function effectiveWeight(setting: EndpointSetting | undefined): number {
  return setting?.status === 'Enabled' ? (setting.weight ?? 1) : 0;
}

/** Weighted routing: the endpoints `percent` of the way from `start` to `end`. */
export function interpolateEndpoints(start: EndpointSettings, end: EndpointSettings, percent: number): EndpointSettings {
  if (percent >= 100) return end;
  const result: EndpointSettings = {};
  for (const region of new Set([...Object.keys(start), ...Object.keys(end)])) {
    const from = start[region];
    const to = end[region];
    const base = (from ?? to) as EndpointSetting;
    if (from?.status !== 'Enabled' && to?.status !== 'Enabled') {
      result[region] = { ...base, status: 'Disabled' };
      continue;
    }
    const weight = Math.round(effectiveWeight(from) + ((effectiveWeight(to) - effectiveWeight(from)) * percent) / 100);
    result[region] = { ...base, status: 'Enabled', weight: Math.min(MAX_WEIGHT, Math.max(1, weight)) };
  }
  return result;
}

/** At least one endpoint is enabled with a weight above zero (or any enabled one for priority routing). */
export function hasServingEndpoint(settings: EndpointSettings): boolean {
  return Object.values(settings).some((setting) => setting.status === 'Enabled' && (setting.weight === undefined || setting.weight > 0));
}

/** The percent of each traffic step: the policy's steps for weighted routing, one step for priority. */
export function shiftPercents(policy: FailoverPolicy): number[] {
  if (policy.spec.trafficManager.routing === 'priority') return [100];
  const steps = policy.spec.trafficManager.shift.steps.filter((percent) => percent > 0 && percent <= 100);
  return steps.at(-1) === 100 ? steps : [...steps, 100];
}
