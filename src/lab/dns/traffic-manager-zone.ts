// The names the lab's DNS answers: every Traffic Manager profile's `<relativeName>.trafficmanager.net`
// (one endpoint per query, traffic-manager-answer.ts), and the lab regions' endpoint targets, which
// point at the loopback address where the regions' app endpoints listen. Real Traffic Manager answers
// only the first; a recursive resolver chases the CNAME. The lab's server does both in one answer,
// so one server is enough for a client.
import type { Answer, Question } from 'dns-packet';
import type { ArmState } from '../arm/arm-state.js';
import { isRecord, propertiesOf } from '../arm/merge.js';
import { endpointRegion } from '../arm/traffic-manager-region.js';
import { renderProfile } from '../arm/traffic-manager-status.js';
import type { ArmResource } from '../world/world.js';
import type { DnsZone } from './dns-server.js';
import { answerQuery, profileFqdn, type TrafficManagerAnswer } from './traffic-manager-answer.js';

/** TTL of the regions' own names (the app's A records), as a typical zone would set. */
const targetTtlSeconds = 300;
const loopback = '127.0.0.1';

/** Endpoint targets (lower case) that are lab regions, by region. */
export function labTargets(state: ArmState): Map<string, string> {
  const targets = new Map<string, string>();
  for (const profile of state.profiles) {
    const endpoints = Array.isArray(profile.properties.endpoints) ? profile.properties.endpoints.filter(isRecord) : [];
    for (const endpoint of endpoints) {
      const ep = propertiesOf(endpoint);
      const region = endpointRegion(state.ctx, typeof endpoint.name === 'string' ? endpoint.name : '', ep);
      if (region && typeof ep.target === 'string') targets.set(ep.target.toLowerCase(), region);
    }
  }
  return targets;
}

/** One Traffic Manager decision for a name, if it is a profile's FQDN (NXDOMAIN otherwise). */
export function resolveProfile(state: ArmState, name: string, random: () => number): { profile: ArmResource; answer: TrafficManagerAnswer | undefined } | undefined {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const profile = state.profiles.find((p) => profileFqdn(p) === lower);
  if (!profile) return undefined;
  return { profile, answer: answerQuery(renderProfile(state, profile), random) };
}

export function trafficManagerZone(state: ArmState, random: () => number): DnsZone {
  return (question: Question) => {
    // dns-packet's types leave out ANY (255), which its decoder does return.
    const type: string = question.type;
    const targets = labTargets(state);
    const region = targets.get(question.name.toLowerCase().replace(/\.$/, ''));
    if (region) return type === 'A' || type === 'ANY' ? [{ type: 'A', name: question.name, ttl: targetTtlSeconds, data: loopback }] : [];

    const resolved = resolveProfile(state, question.name, random);
    if (!resolved?.answer) return undefined;
    const { answer } = resolved;
    if (answer.type === 'A') return type === 'A' || type === 'ANY' ? [{ type: 'A', name: question.name, ttl: answer.ttlSeconds, data: answer.target }] : [];
    const records: Answer[] = [{ type: 'CNAME', name: question.name, ttl: answer.ttlSeconds, data: answer.target }];
    // Chase the CNAME into the lab's own names, as the client's recursive resolver would.
    if ((type === 'A' || type === 'ANY') && targets.has(answer.target.toLowerCase())) records.push({ type: 'A', name: answer.target, ttl: targetTtlSeconds, data: loopback });
    return records;
  };
}
