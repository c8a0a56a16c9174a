// Traffic Manager steps: set the endpoints to absolute settings (read first, PATCH only what
// differs, so re-running a step after a crash writes nothing twice), read them back, and revert.
import { describeEndpoints, type EndpointSetting, type EndpointSettings, type RegionName } from '../../core/index.js';
import type { EndpointChange, TrafficManagerEndpoint, TrafficManagerProfile } from '../../core/ports/traffic-manager-port.js';
import { call, regionSpec, type StepContext } from './step-context.js';
import { StepError } from './step-error.js';

function findEndpoint(profile: TrafficManagerProfile, name: string): TrafficManagerEndpoint | undefined {
  return profile.endpoints.find((e) => e.name.toLowerCase() === name.toLowerCase());
}

function matches(endpoint: TrafficManagerEndpoint | undefined, want: EndpointSetting): boolean {
  if (!endpoint || endpoint.status !== want.status) return false;
  // A disabled endpoint's weight does not matter: it takes no traffic.
  if (want.status === 'Disabled') return true;
  return (want.weight === undefined || endpoint.weight === want.weight) && (want.priority === undefined || endpoint.priority === want.priority);
}

function effectiveWeight(status: string | undefined, weight: number | undefined): number {
  return status === 'Enabled' ? (weight ?? 1) : 0;
}

function changeOf(want: EndpointSetting, alwaysServe: boolean): EndpointChange {
  const serve = alwaysServe ? { alwaysServe: 'Enabled' as const } : {};
  if (want.status === 'Disabled') return { status: 'Disabled', ...serve };
  return { status: 'Enabled', ...(want.weight !== undefined ? { weight: want.weight } : {}), ...(want.priority !== undefined ? { priority: want.priority } : {}), ...serve };
}

/** Sets every endpoint of `settings`; returns the names changed. Gains before losses: never less serving in between. */
export async function applyEndpoints(ctx: StepContext, settings: EndpointSettings): Promise<string[]> {
  const profileId = ctx.policy.spec.trafficManager.profile;
  const profile = await call(ctx, 'getProfile', (signal) => ctx.ports.trafficManager.getProfile(profileId, { abortSignal: signal }));
  const pending: { region: RegionName; want: EndpointSetting; gain: number }[] = [];
  // decider aksdr: every endpoint aksdr writes is always-serve, so Traffic Manager's monitor cannot move clients by itself.
  const alwaysServe = ctx.policy.spec.trafficManager.decider === 'aksdr';
  for (const [region, want] of Object.entries(settings)) {
    const current = findEndpoint(profile, want.endpoint);
    if (matches(current, want) && (!alwaysServe || current?.alwaysServe === 'Enabled')) continue;
    const gain = effectiveWeight(want.status, want.weight) - effectiveWeight(current?.status, current?.weight);
    pending.push({ region, want, gain });
  }
  pending.sort((a, b) => b.gain - a.gain);
  for (const { region, want } of pending) {
    const type = regionSpec(ctx, region).endpointType;
    await call(ctx, 'setEndpoint', (signal) => ctx.ports.trafficManager.setEndpoint(profileId, type, want.endpoint, changeOf(want, alwaysServe), { abortSignal: signal }));
  }
  return pending.map((p) => p.want.endpoint);
}

export async function shiftWeights(ctx: StepContext, weights: EndpointSettings): Promise<Record<string, unknown>> {
  const changed = await applyEndpoints(ctx, weights);
  return { changed, endpoints: describeEndpoints(weights) };
}

export async function verifyTrafficManager(ctx: StepContext, expected: EndpointSettings): Promise<Record<string, unknown>> {
  const profileId = ctx.policy.spec.trafficManager.profile;
  const profile = await call(ctx, 'getProfile', (signal) => ctx.ports.trafficManager.getProfile(profileId, { abortSignal: signal }));
  const mismatches = Object.entries(expected)
    .filter(([, want]) => !matches(findEndpoint(profile, want.endpoint), want))
    .map(([region, want]) => {
      const seen = findEndpoint(profile, want.endpoint);
      return { region, endpoint: want.endpoint, expected: want, actual: seen ? { status: seen.status, weight: seen.weight, priority: seen.priority } : 'missing' };
    });
  if (mismatches.length > 0) {
    throw new StepError('TrafficManagerMismatch', `Traffic Manager does not report ${describeEndpoints(expected)}: ${mismatches.map((m) => m.endpoint).join(', ')} differ`, { evidence: { mismatches } });
  }
  const clients = await clientsFollow(ctx, profile, expected);
  return { verified: describeEndpoints(expected), ...(clients ? { clients } : {}) };
}

/**
 * Mitigated means clients moved: with a resolver configured, wait (bounded by one TTL + 30 s) until
 * the profile's name resolves to the endpoint that now takes the traffic, and say how long clients
 * may still use cached answers (the TTL). Never fails the operation — the weights are right; a name
 * that does not follow in time is reported (`followed: false`) for a person and the drill report.
 */
async function clientsFollow(ctx: StepContext, profile: TrafficManagerProfile, expected: EndpointSettings): Promise<Record<string, unknown> | undefined> {
  const dns = ctx.ports.dns;
  if (!dns || !profile.fqdn) return undefined;
  const active = Object.entries(expected).filter(([, s]) => s.status === 'Enabled').sort(([, a], [, b]) => (b.weight ?? 1) - (a.weight ?? 1) || (a.priority ?? 0) - (b.priority ?? 0))[0];
  const target = active ? findEndpoint(profile, active[1].endpoint)?.target : undefined;
  if (!active || !target) return undefined;
  const ttl = profile.ttlInSeconds ?? 0;
  const started = ctx.clock.now();
  const deadline = started + (ttl + 30) * 1000;
  let last: string;
  for (;;) {
    try {
      const answer = await dns.resolve(profile.fqdn, { abortSignal: ctx.signal, timeoutInMs: 2_000 });
      last = answer.targets.join(', ') || 'an empty answer';
      if (answer.targets.some((t) => t.replace(/\.$/, '').toLowerCase() === target.toLowerCase())) {
        return { name: profile.fqdn, followed: true, answers: target, region: active[0], afterMs: ctx.clock.now() - started, ttlStillToRunSeconds: ttl };
      }
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (ctx.clock.now() >= deadline) return { name: profile.fqdn, followed: false, expected: target, region: active[0], lastAnswer: last, waitedMs: ctx.clock.now() - started, ttlStillToRunSeconds: ttl };
    await ctx.clock.sleep(1_000, ctx.signal);
  }
}
