// One probe cycle over every region of a policy: every counted signal (and `trafficManager` when
// listed) of every region at once, all under one deadline of `health.timeoutSeconds`, so a cycle
// never lasts much longer than one timeout whatever hangs. Failures become observations with a reason; nothing
// the probes look at can make `observe` throw. How often each source is really asked — the
// request budget — is in request-budget.ts.
import type { CycleObservations, Observation, RegionName } from '../core/observation.js';
import { isAdapterError, isTransientAdapterError } from '../core/ports/adapter-error.js';
import type { CallOptions } from '../core/ports/call-options.js';
import { isAbortError } from '../core/ports/deadline.js';
import type { Observer } from '../core/ports/observer-port.js';
import type { FailoverPolicy, HealthSpec, SignalName } from '../policy/index.js';
import { aksProbe } from './aks-probe.js';
import { apiServerProbe } from './api-server-probe.js';
import { appProbe } from './app-probe.js';
import { systemClock, type Clock } from './cluster-ports.js';
import { describeFailure } from './describe-failure.js';
import { FetchCache } from './fetch-cache.js';
import { nodesProbe } from './nodes-probe.js';
import { isFreshEnough, refreshPeriodsFor, type RefreshPeriods } from './request-budget.js';
import type { ProbePorts, ProbeTarget, ProbeVerdict, SignalProbe } from './signal-probe.js';
import { routingViewOf, trafficManagerProbe } from './traffic-manager-probe.js';
import type { RoutingView } from '../core/routing/routing.js';
import { workloadsProbe } from './workloads-probe.js';

export const signalProbes: { [S in SignalName]: SignalProbe<unknown> } = {
  aks: aksProbe,
  apiServer: apiServerProbe,
  nodes: nodesProbe,
  workloads: workloadsProbe,
  app: appProbe,
  trafficManager: trafficManagerProbe,
};

export interface ProbeRunnerOptions {
  /** Time for cache ages and observation times (epoch ms); the system clock by default. */
  clock?: Clock;
  /** Monotonic milliseconds for latencies; `performance.now` by default. */
  elapsed?: () => number;
  /** How often each signal really asks its source; request-budget.ts by default. */
  refreshPeriods?: (health: HealthSpec) => RefreshPeriods;
}

interface CycleSettings {
  timeoutInMs: number;
  /** One deadline for the whole cycle (the policy's timeout from the cycle's start), plus the caller's signal. */
  signal: AbortSignal;
  startedAt: number;
  intervalInMs: number;
  periods: RefreshPeriods;
}

export class ProbeRunner implements Observer {
  private readonly clock: Clock;
  private readonly elapsed: () => number;
  private readonly cache: FetchCache;
  private readonly refreshPeriods: (health: HealthSpec) => RefreshPeriods;
  /** Why each cluster's API server is being left alone (its last transport-level failure). */
  private readonly backoffReasons = new Map<string, string>();

  constructor(
    private readonly ports: ProbePorts,
    options: ProbeRunnerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.elapsed = options.elapsed ?? (() => performance.now());
    this.cache = new FetchCache(() => this.clock.now(), this.elapsed);
    this.refreshPeriods = options.refreshPeriods ?? refreshPeriodsFor;
  }

  async observe(policy: FailoverPolicy, options: CallOptions = {}): Promise<CycleObservations> {
    options.abortSignal?.throwIfAborted();
    const { health } = policy.spec;
    const policyTimeout = health.timeoutSeconds * 1000;
    const timeoutInMs = options.timeoutInMs === undefined ? policyTimeout : Math.min(options.timeoutInMs, policyTimeout);
    const deadline = AbortSignal.timeout(timeoutInMs);
    const settings: CycleSettings = {
      timeoutInMs,
      signal: options.abortSignal ? AbortSignal.any([deadline, options.abortSignal]) : deadline,
      startedAt: this.elapsed(),
      intervalInMs: health.intervalSeconds * 1000,
      periods: this.refreshPeriods(health),
    };
    const signals = [...new Set(health.signals)];
    const routing = this.readRouting(policy, settings);
    const observations = distrustStale(await Promise.all(policy.spec.regions.flatMap((region) => this.probeRegion({ policy, region, ports: this.ports }, signals, settings))));
    const routingView = await routing;
    // A caller's own cancellation is not a finding about the regions.
    options.abortSignal?.throwIfAborted();
    const byRegion: Record<RegionName, Observation[]> = {};
    for (const region of policy.spec.regions) byRegion[region.name] = observations.filter((o) => o.region === region.name);
    return { at: this.clock.now(), byRegion, ...(routingView ? { routing: routingView } : {}) };
  }

  /**
   * The profile's endpoints, from the same cached read as the `trafficManager` signal (one request
   * serves both), so the engine can compare its belief with where the traffic really goes.
   */
  private async readRouting(policy: FailoverPolicy, settings: CycleSettings): Promise<RoutingView | undefined> {
    const region = policy.spec.regions[0];
    if (!region) return undefined;
    const target: ProbeTarget = { policy, region, ports: this.ports };
    const probe = trafficManagerProbe;
    const { fetched } = await this.cache.read(
      probe.key(target),
      (age) => isFreshEnough(age, settings.periods.trafficManager, settings.intervalInMs),
      () => this.fetchWithinCycle(probe, target, settings),
    );
    return fetched.ok ? routingViewOf(policy, fetched.value, fetched.at) : undefined;
  }

  /**
   * Every signal at once — except for a cluster whose API server failed last time: there one
   * request goes first (readyz) as the trial, and the cluster's other requests follow only after
   * it, so a recovering server is not hit by a burst (and a still-broken one by only one request).
   */
  private probeRegion(target: ProbeTarget, signals: readonly SignalName[], settings: CycleSettings): Promise<Observation>[] {
    const kube = signals.filter((signal) => signalProbes[signal].source === 'kubernetes');
    const recovering = kube.length > 1 && this.backoffReasons.has(target.region.cluster.toLowerCase());
    if (!recovering) return signals.map((signal) => this.probe(signalProbes[signal], target, settings));
    const trialSignal = kube.includes('apiServer') ? 'apiServer' : (kube[0] as SignalName);
    const trial = this.probe(signalProbes[trialSignal], target, settings);
    return signals.map((signal) => {
      if (signal === trialSignal) return trial;
      if (kube.includes(signal)) return trial.then(() => this.probe(signalProbes[signal], target, settings));
      return this.probe(signalProbes[signal], target, settings);
    });
  }

  /** One request of a probe's source, within what is left of the cycle's deadline. */
  private fetchWithinCycle<T>(probe: SignalProbe<T>, target: ProbeTarget, settings: CycleSettings): Promise<T> {
    const remainingInMs = Math.max(1, Math.round(settings.timeoutInMs - (this.elapsed() - settings.startedAt)));
    return raceAbort(probe.fetch(target, { abortSignal: settings.signal, timeoutInMs: remainingInMs }), settings.signal);
  }

  private async probe(probe: SignalProbe<unknown>, target: ProbeTarget, settings: CycleSettings): Promise<Observation> {
    const observation = (verdict: ProbeVerdict, latencyMs: number, at: number): Observation => ({
      region: target.region.name,
      signal: probe.signal,
      ok: verdict.ok,
      latencyMs,
      reason: verdict.reason,
      at,
      ...(verdict.detail ? { detail: verdict.detail } : {}),
    });
    try {
      const unavailable = probe.unavailable?.(target);
      if (unavailable) return observation({ ok: false, reason: unavailable }, 0, this.clock.now());
      const clusterId = target.region.cluster.toLowerCase();
      const period = settings.periods[probe.signal];
      const { fetched, reused } = await this.cache.read(
        probe.key(target),
        // A failed Kubernetes read is not kept: the adapters' breaker already spares the server, and a
        // cached failure would hide both the back-off and the recovery.
        (age, cached) => (cached.ok || probe.source !== 'kubernetes') && isFreshEnough(age, period, settings.intervalInMs),
        () => this.fetchWithinCycle(probe, target, settings),
      );
      let verdict: ProbeVerdict;
      if (fetched.ok) {
        verdict = probe.judge(fetched.value, target);
      } else if (isAdapterError(fetched.error) && fetched.error.circuitOpen) {
        // The adapters' breaker refused the call before it left the process: no request was sent.
        verdict = { ok: false, reason: `backing off after ${this.backoffReasons.get(clusterId) ?? 'a recent failure of the API server'}`, detail: { backingOff: true } };
      } else {
        verdict = { ok: false, reason: describeFailure(fetched.error, settings.timeoutInMs) };
        if (probe.source === 'kubernetes' && !reused && opensBackoff(fetched.error)) this.backoffReasons.set(clusterId, verdict.reason);
      }
      if (fetched.ok && probe.source === 'kubernetes' && !reused) this.backoffReasons.delete(clusterId);
      if (reused) {
        const ageInSeconds = Math.round((this.clock.now() - fetched.at) / 1000);
        verdict = { ...verdict, reason: `${verdict.reason} (as of ${ageInSeconds} s ago)`, detail: { ...verdict.detail, cachedAgeInMs: this.clock.now() - fetched.at } };
      }
      return observation(verdict, fetched.latencyMs, fetched.at);
    } catch (error) {
      // A bug in a judge must not take the whole cycle down; it shows as this signal failing.
      return observation({ ok: false, reason: `probe error: ${error instanceof Error ? error.message : String(error)}` }, 0, this.clock.now());
    }
  }
}

/**
 * A Kubernetes answer reused from an earlier cycle (nodes every 3rd, workloads every 2nd) says
 * nothing about *now* when the API server failed in this very cycle: counted as passing, it would hold
 * off the verdict for up to two intervals after a region dies. Such a reused pass is reported as not
 * counted — failed, with why — so the first cycle of an outage already fails the evaluation.
 */
export function distrustStale(observations: Observation[]): Observation[] {
  const deadApiServers = new Set(observations.filter((o) => o.signal === 'apiServer' && !o.ok && o.detail?.cachedAgeInMs === undefined).map((o) => o.region));
  if (deadApiServers.size === 0) return observations;
  return observations.map((o) => {
    if (!o.ok || !deadApiServers.has(o.region) || signalProbes[o.signal].source !== 'kubernetes' || o.detail?.cachedAgeInMs === undefined) return o;
    return { ...o, ok: false, reason: `${o.reason} — not counted: the API server fails now`, detail: { ...o.detail, distrusted: true } };
  });
}

/** The failures after which the adapters' breaker leaves an API server alone (our own deadline is a timeout too). */
function opensBackoff(error: unknown): boolean {
  if (isAbortError(error)) return true;
  return isTransientAdapterError(error) && !(isAdapterError(error) && error.circuitOpen);
}

/** Settles with the promise, or rejects with the signal's reason as soon as it fires. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
