// The Traffic Manager endpoints of a policy's regions as they are now (the world, not the engine's
// belief): what a live drill starts from and must end with.
import type { EndpointSettings } from '../core/plan/plan-types.js';
import type { CallOptions } from '../core/ports/call-options.js';
import type { TrafficManagerPort } from '../core/ports/traffic-manager-port.js';
import type { FailoverPolicy } from '../policy/index.js';

export async function endpointsNow(trafficManager: TrafficManagerPort, policy: FailoverPolicy, options: CallOptions = {}): Promise<EndpointSettings> {
  const profile = await trafficManager.getProfile(policy.spec.trafficManager.profile, options);
  const settings: EndpointSettings = {};
  for (const region of policy.spec.regions) {
    const endpoint = profile.endpoints.find((e) => e.name.toLowerCase() === region.endpoint.toLowerCase());
    if (!endpoint) throw new Error(`the Traffic Manager profile has no endpoint ${region.endpoint} (region ${region.name})`);
    settings[region.name] = {
      endpoint: endpoint.name,
      status: endpoint.status,
      ...(endpoint.weight === undefined ? {} : { weight: endpoint.weight }),
      ...(endpoint.priority === undefined ? {} : { priority: endpoint.priority }),
    };
  }
  return settings;
}

/** Regions whose endpoint differs (status, or weight/priority where the routing uses it). */
export function endpointDifferences(expected: EndpointSettings, actual: EndpointSettings): string[] {
  const differences: string[] = [];
  for (const [region, want] of Object.entries(expected)) {
    const have = actual[region];
    const same = have && have.status === want.status && (want.status === 'Disabled' || ((want.weight === undefined || have.weight === want.weight) && (want.priority === undefined || have.priority === want.priority)));
    if (!same) differences.push(`${region}: expected ${describe(want)}, found ${have ? describe(have) : 'nothing'}`);
  }
  return differences;
}

function describe(setting: EndpointSettings[string]): string {
  if (setting.status === 'Disabled') return 'disabled';
  return setting.weight !== undefined ? `weight ${setting.weight}` : setting.priority !== undefined ? `priority ${setting.priority}` : 'enabled';
}
