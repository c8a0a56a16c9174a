// Traffic Manager's endpoint monitoring, on the lab clock, as the service documents it
// (learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring): every
// `intervalInSeconds` the monitor probes each enabled endpoint; a probe fails when the endpoint
// answers outside `expectedStatusCodeRanges` or not within `timeoutInSeconds`; an endpoint is
// Degraded once more than `toleratedNumberOfFailures` probes in a row failed, and Online again after
// one successful probe. An endpoint just added or enabled is `CheckingEndpoint` until its first
// probe's result. So a dead region leaves DNS answers only after the monitor's own probing, not at
// the moment it dies. `timing.monitorTimeScale` compresses the monitor's seconds for tests.
//
// The lab's probe asks the region's app what it would answer (region-down, app-5xx) instead of
// sending HTTP; a blackholed region's probe fails when its timeout runs out, others at once.
// Not emulated: probing from many Azure locations (one vantage), the probe's path/port/protocol
// and custom headers, `flaky` (its rolls would draw from the requests' random stream).
import type { LabContext } from '../context.js';
import { deadModeOf } from '../faults.js';
import type { ArmResource } from '../world/world.js';
import { isRecord, propertiesOf, type JsonObject } from './merge.js';
import { endpointRegion } from './traffic-manager-region.js';

export type ProbedStatus = 'CheckingEndpoint' | 'Online' | 'Degraded';

interface EndpointMonitor {
  status: ProbedStatus;
  /** Failed probes in a row. */
  failures: number;
  /** Lab-clock time of the next probe. */
  nextProbeAt: number;
}

interface MonitorSettings {
  intervalMs: number;
  timeoutMs: number;
  tolerated: number;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function settingsOf(ctx: LabContext, profile: ArmResource): MonitorSettings {
  const config = isRecord(profile.properties.monitorConfig) ? profile.properties.monitorConfig : {};
  const scale = ctx.timing.monitorTimeScale > 0 ? ctx.timing.monitorTimeScale : 1;
  return {
    intervalMs: Math.max(1, (numberOr(config.intervalInSeconds, 30) * 1000) / scale),
    timeoutMs: (numberOr(config.timeoutInSeconds, 10) * 1000) / scale,
    tolerated: numberOr(config.toleratedNumberOfFailures, 3),
  };
}

/** True when the endpoint is monitored: enabled, in an enabled profile, and not always-serve. */
function monitored(profile: ArmResource, ep: JsonObject): boolean {
  return profile.properties.profileStatus !== 'Disabled' && ep.endpointStatus !== 'Disabled' && ep.alwaysServe !== 'Enabled';
}

export class TrafficManagerMonitor {
  /** By endpoint id (lower case). */
  private readonly endpoints = new Map<string, EndpointMonitor>();

  constructor(
    private readonly ctx: LabContext,
    seeded: readonly ArmResource[],
  ) {
    // The seeded world has been running: its enabled endpoints were probed Online before the lab started.
    const now = ctx.clock.now();
    for (const profile of seeded) {
      const { intervalMs } = settingsOf(ctx, profile);
      for (const endpoint of endpointsOf(profile)) {
        if (monitored(profile, propertiesOf(endpoint))) this.endpoints.set(idOf(endpoint), { status: 'Online', failures: 0, nextProbeAt: now + intervalMs });
      }
    }
  }

  /** Run every probe due up to the clock's now. Call before faults change, so each probe sees its own time's faults. */
  advance(profiles: readonly ArmResource[]): void {
    const now = this.ctx.clock.now();
    const seen = new Set<string>();
    for (const profile of profiles) {
      const settings = settingsOf(this.ctx, profile);
      for (const endpoint of endpointsOf(profile)) {
        const ep = propertiesOf(endpoint);
        const id = idOf(endpoint);
        if (!monitored(profile, ep)) continue;
        seen.add(id);
        let state = this.endpoints.get(id);
        if (!state) {
          // Added or enabled just now: included in DNS answers, first result one round away.
          state = { status: 'CheckingEndpoint', failures: 0, nextProbeAt: now + settings.intervalMs };
          this.endpoints.set(id, state);
        }
        this.probeUpTo(state, endpointRegion(this.ctx, typeof endpoint.name === 'string' ? endpoint.name : '', ep), settings, now);
      }
    }
    // Disabled, always-serve or deleted endpoints stop being monitored; enabling one starts over.
    for (const id of [...this.endpoints.keys()]) if (!seen.has(id)) this.endpoints.delete(id);
  }

  /** The monitor's view of an endpoint it monitors (advance first). */
  status(endpoint: JsonObject): ProbedStatus {
    return this.endpoints.get(idOf(endpoint))?.status ?? 'CheckingEndpoint';
  }

  private probeUpTo(state: EndpointMonitor, region: string | undefined, settings: MonitorSettings, now: number): void {
    // After a long clock jump only the last few probes can matter: the status depends on the last
    // toleratedNumberOfFailures + 1 results.
    const keep = (settings.tolerated + 2) * settings.intervalMs;
    if (now - state.nextProbeAt > keep) state.nextProbeAt += Math.floor((now - state.nextProbeAt - keep) / settings.intervalMs) * settings.intervalMs;
    while (state.nextProbeAt <= now) {
      const sentAt = state.nextProbeAt;
      const result = this.probe(region, sentAt, settings);
      // A probe into a blackhole fails only when its timeout runs out; its result is not in yet.
      if (sentAt + result.afterMs > now) return;
      if (result.ok) {
        state.failures = 0;
        state.status = 'Online';
      } else {
        state.failures += 1;
        if (state.failures > settings.tolerated) state.status = 'Degraded';
      }
      state.nextProbeAt = sentAt + settings.intervalMs;
    }
  }

  /** What a probe sent at `sentAt` gets from the region's app, and after how long. */
  private probe(region: string | undefined, sentAt: number, settings: MonitorSettings): { ok: boolean; afterMs: number } {
    if (!region) return { ok: true, afterMs: 0 };
    const down = this.ctx.faults.active(region, 'region-down');
    if (down && down.injectedAt <= sentAt) return { ok: false, afterMs: deadModeOf(down) === 'blackhole' ? settings.timeoutMs : 0 };
    const failing = this.ctx.faults.active(region, 'app-5xx');
    if (failing && failing.injectedAt <= sentAt) return { ok: false, afterMs: 0 };
    return { ok: true, afterMs: 0 };
  }
}

function endpointsOf(profile: ArmResource): JsonObject[] {
  return Array.isArray(profile.properties.endpoints) ? profile.properties.endpoints.filter(isRecord) : [];
}

function idOf(endpoint: JsonObject): string {
  const id = typeof endpoint.id === 'string' ? endpoint.id : typeof endpoint.name === 'string' ? endpoint.name : '';
  return id.toLowerCase();
}
