// False failovers under noise, on a fake clock: a healthy primary whose signals fail independently
// at a given rate (and answer slowly now and then) for a day of 10 s intervals, through aksdr's real
// health evaluation and `decide`; and the same app-signal trace replayed through Traffic Manager's
// endpoint monitoring as documented (probe every `interval`, Degraded after `tolerated + 1` failed
// probes in a row, Online again after one success) — what a team gets with no controller at all.
import { decide, evaluateHealth, initialEngineState, initialHealthState, type CycleObservations, type EngineState, type Observation, type ReadinessReport } from '../../src/core/index.js';
import { readinessCheckNames } from '../../src/core/index.js';
import { seededRandom } from '../../src/lab/clock.js';
import type { FailoverPolicy } from '../../src/policy/index.js';

export interface MonitorSetting {
  name: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  tolerated: number;
}

export const trafficManagerDefault: MonitorSetting = { name: 'Traffic Manager default (30 s, 10 s timeout, 3 tolerated)', intervalSeconds: 30, timeoutSeconds: 10, tolerated: 3 };
export const trafficManagerFast: MonitorSetting = { name: 'Traffic Manager fastest (10 s, 5 s timeout, 0 tolerated)', intervalSeconds: 10, timeoutSeconds: 5, tolerated: 0 };

export interface SoakResult {
  rate: number;
  intervals: number;
  aksdrFailovers: number;
  aksdrUnhealthyEvaluations: number;
  trafficManager: { setting: string; degradedEpisodes: number; flaps: number }[];
}

function allReady(policy: FailoverPolicy, at: number): Record<string, ReadinessReport> {
  return Object.fromEntries(policy.spec.regions.map((r) => [r.name, { target: r.name, at, results: readinessCheckNames.map((check) => ({ check, region: r.name, status: 'pass' as const, reason: 'ok', evidence: {} })) }]));
}

/** TM's monitor over a trace of app probe outcomes sampled every `intervalSeconds`. */
function replayMonitor(appFailures: readonly boolean[], intervalSeconds: number, setting: MonitorSetting): { degradedEpisodes: number; flaps: number } {
  const every = Math.max(1, Math.round(setting.intervalSeconds / intervalSeconds));
  let consecutive = 0;
  let degraded = false;
  let episodes = 0;
  let flaps = 0;
  for (let i = 0; i < appFailures.length; i += every) {
    if (appFailures[i]) consecutive++;
    else consecutive = 0;
    const next = consecutive > setting.tolerated;
    if (next && !degraded) episodes++;
    if (next !== degraded) flaps++;
    degraded = next;
  }
  return { degradedEpisodes: episodes, flaps };
}

export function soak(policy: FailoverPolicy, rate: number, intervals: number, seed: number, slowRate = 0.02): SoakResult {
  const random = seededRandom(seed);
  const intervalMs = policy.spec.health.intervalSeconds * 1000;
  const timeoutMs = policy.spec.health.timeoutSeconds * 1000;
  let health = initialHealthState(policy, 0);
  let state: EngineState = initialEngineState(policy, 0);
  let failovers = 0;
  let unhealthy = 0;
  const appFailures: boolean[] = [];
  const signals = policy.spec.health.signals.filter((s) => s !== 'trafficManager');
  for (let i = 1; i <= intervals; i++) {
    const at = i * intervalMs;
    const byRegion: CycleObservations['byRegion'] = {};
    for (const region of policy.spec.regions) {
      byRegion[region.name] = signals.map((signal): Observation => {
        // A latency spike past the timeout is a failure too.
        const slow = random() < slowRate;
        const ok = region.role !== 'primary' || (random() >= rate && !slow);
        if (region.role === 'primary' && signal === 'app') appFailures.push(!ok);
        return { region: region.name, signal, ok, latencyMs: slow ? timeoutMs : 20, reason: ok ? 'ok' : slow ? `timeout after ${timeoutMs} ms` : 'noise', at };
      });
    }
    health = evaluateHealth(policy, health, { at, byRegion });
    if (health.regions[policy.spec.regions[0]?.name ?? '']?.status === 'Unhealthy') unhealthy++;
    const decision = decide({ policy, health, readiness: allReady(policy, at), state, now: at });
    // A false failover is counted, then the soak goes on from a steady state as if it had not happened.
    if (decision.next.kind === 'FailingOver') failovers++;
    state = decision.next.kind === 'FailingOver' ? initialEngineState(policy, at) : decision.next;
  }
  return {
    rate,
    intervals,
    aksdrFailovers: failovers,
    aksdrUnhealthyEvaluations: unhealthy,
    trafficManager: [trafficManagerDefault, trafficManagerFast].map((setting) => ({ setting: setting.name, ...replayMonitor(appFailures, policy.spec.health.intervalSeconds, setting) })),
  };
}

/** Traffic Manager's own detection of a hard outage, from its documented monitoring: probes until Degraded, then DNS TTL. */
export function trafficManagerDetectionSeconds(setting: MonitorSetting, ttlSeconds: number): { detectP50: number; detectP99: number; clientsMovedP99: number } {
  const probes = setting.tolerated + 1;
  // The outage starts at a random phase of the probe interval: the first failing probe comes 0..interval later and times out.
  const detectP50 = (probes - 1) * setting.intervalSeconds + setting.intervalSeconds / 2 + setting.timeoutSeconds;
  const detectP99 = (probes - 1) * setting.intervalSeconds + setting.intervalSeconds * 0.99 + setting.timeoutSeconds;
  return { detectP50, detectP99, clientsMovedP99: detectP99 + ttlSeconds };
}
