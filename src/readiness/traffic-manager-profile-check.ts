// `trafficManagerProfile`: the profile routes the way the policy says, every region's endpoint
// exists with the right type, and Traffic Manager's own monitor will let traffic reach the target.
//
// Two monitor situations, told apart on purpose:
// - only the target's endpoint is Degraded: Traffic Manager leaves a Degraded endpoint out of its
//   answers, so moving weight to it would keep sending users to the other regions → `fail`;
// - every enabled endpoint is Degraded: Traffic Manager then "fails open" and answers with all of
//   them as if they were healthy — weights still steer, but its monitoring protects nothing (often a
//   wrong probe path). That does not block a failover: `pass` with a warning in the evidence.
import type { ReadinessResult } from '../core/readiness.js';
import type { ReadinessCheckDefinition } from './check-context.js';
import { result, unreadable } from './results.js';

const check = 'trafficManagerProfile';
const unhealthy = new Set(['Degraded', 'Stopped', 'Inactive']);

export const trafficManagerProfileCheck: ReadinessCheckDefinition = {
  name: check,
  applies: () => true,
  async run(run): Promise<ReadinessResult> {
    let profile;
    try {
      profile = await run.reads.profile();
    } catch (error) {
      return unreadable(run, check, 'the Traffic Manager profile', error);
    }
    const { trafficManager, regions } = run.policy.spec;
    const problems: string[] = [];
    const warnings: string[] = [];
    const wantRouting = trafficManager.routing === 'priority' ? 'Priority' : 'Weighted';
    if (profile.routing !== wantRouting) problems.push(`profile routes by ${profile.routing}, the policy by ${wantRouting}`);
    if (profile.profileStatus !== 'Enabled') problems.push(`profile is ${profile.profileStatus}`);
    const ttl = trafficManager.dnsTtlSeconds;
    if (ttl !== undefined && profile.ttlInSeconds !== undefined && profile.ttlInSeconds > ttl) {
      problems.push(`the profile's DNS TTL is ${profile.ttlInSeconds} s, the policy counts on ${ttl} s (trafficManager.dnsTtlSeconds): clients would follow later than the policy's timing says — lower dnsConfig.ttl or raise dnsTtlSeconds`);
    }
    const endpoints: Record<string, unknown> = {};
    for (const region of regions) {
      const endpoint = profile.endpoints.find((e) => e.name.toLowerCase() === region.endpoint.toLowerCase());
      if (!endpoint) {
        problems.push(`endpoint ${region.endpoint} (${region.name}) is not in the profile`);
        continue;
      }
      endpoints[region.name] = { name: endpoint.name, type: endpoint.type, status: endpoint.status, monitorStatus: endpoint.monitorStatus, alwaysServe: endpoint.alwaysServe ?? 'Disabled', ...(endpoint.weight !== undefined ? { weight: endpoint.weight } : {}) };
      if (endpoint.type !== region.endpointType) problems.push(`endpoint ${endpoint.name} is ${endpoint.type}, the policy says ${region.endpointType}`);
      // decider aksdr: only aksdr moves the traffic, so Traffic Manager's monitor must not (always-serve).
      if (trafficManager.decider === 'aksdr' && endpoint.alwaysServe !== 'Enabled') {
        problems.push(`endpoint ${endpoint.name} (${region.name}) is not always-serve, so Traffic Manager's monitor can move clients by itself while the policy says only aksdr decides — run \`aksdr check <policy file> --fix\``);
      }
    }
    const enabled = profile.endpoints.filter((e) => e.status === 'Enabled');
    const allDegraded = enabled.length > 0 && enabled.every((e) => unhealthy.has(e.monitorStatus));
    const target = profile.endpoints.find((e) => e.name.toLowerCase() === run.target.endpoint.toLowerCase());
    if (target?.alwaysServe === 'Enabled') {
      // Always-serve: Traffic Manager answers with it whatever its monitor says; nothing to hold back.
    } else if (allDegraded) {
      warnings.push(`Traffic Manager sees every enabled endpoint ${[...new Set(enabled.map((e) => e.monitorStatus))].join('/')} and serves them all (fail-open): its monitoring cannot be relied on`);
    } else if (target && target.status === 'Enabled' && unhealthy.has(target.monitorStatus)) {
      problems.push(`Traffic Manager's monitor sees ${target.name} ${target.monitorStatus}, so it would keep traffic away from ${run.target.name}`);
    }
    const evidence = { profile: profile.name, routing: profile.routing, profileMonitorStatus: profile.monitorStatus, ...(profile.ttlInSeconds !== undefined ? { dnsTtlSeconds: profile.ttlInSeconds } : {}), endpoints, ...(warnings.length > 0 ? { warnings } : {}) };
    if (problems.length > 0) return result(run, check, 'fail', problems.join('; '), evidence);
    const warned = warnings.length > 0 ? ` (warning: ${warnings.join('; ')})` : '';
    return result(run, check, 'pass', `profile ${profile.name} routes ${profile.routing} to ${regions.length} endpoints${warned}`, evidence);
  },
};
