// How often each signal really asks its source, so that watching a cluster never adds to its
// troubles. A cycle runs every `health.intervalSeconds`; a signal whose last answer is still fresh
// enough is reported from that answer (marked "as of N s ago") without a request.
//
// Kubernetes, per cluster (all periods are multiples of the interval, so the policy's interval is
// the knob; at the default 10 s interval this is 6 + 3 + 2 = 11 requests a minute, budget 12):
//   apiServer  GET /readyz                          every cycle          6/min
//   workloads  one deployments list per namespace   every 2nd cycle      3/min   (staleness ≤ 1 interval)
//   nodes      one node list                        every 3rd cycle      2/min   (staleness ≤ 2 intervals)
// No pod lists, no watches, no writes. While a cluster's API server breaker is open (the adapters'
// ApiServerGuard: after a timeout, a 429 or an unreachable server), its signals report
// "backing off after …" and send nothing; when the breaker lets a trial through, the runner sends
// readyz alone first and the cluster's other requests only after it (probe-runner.ts).
//
// Azure Resource Manager, per policy (absolute periods: ARM limits are per principal and
// subscription, not per cluster; with two regions this is 2 × 2 + 3 = 7 reads a minute, budget 10):
//   aks             GET managedCluster      every 30 s per cluster   (state up to 30 s old)
//   trafficManager  GET profile             every 20 s, one read shared by every region
// No ARM writes. A throttled read (429) is not repeated before its Retry-After; probes use ARM
// clients without SDK retries — the next cycle is the retry.
//
// The app signal (the application's own health URL) is asked every cycle over a kept-alive
// connection; it is the application's endpoint, not a control plane.
import type { HealthSpec, SignalName } from '../policy/index.js';

export type RefreshPeriods = Record<SignalName, number>;

export const armPeriodsInMs = { aks: 30_000, trafficManager: 20_000 } as const;

export function refreshPeriodsFor(health: Pick<HealthSpec, 'intervalSeconds'>): RefreshPeriods {
  const interval = health.intervalSeconds * 1000;
  return {
    apiServer: interval,
    app: interval,
    workloads: 2 * interval,
    nodes: 3 * interval,
    aks: Math.max(armPeriodsInMs.aks, interval),
    trafficManager: Math.max(armPeriodsInMs.trafficManager, interval),
  };
}

/**
 * An answer `ageInMs` old is reused while it is younger than its period minus half an interval:
 * cycles never run exactly `interval` apart, and the half-interval slack keeps "every 2nd cycle"
 * from drifting into "every 3rd".
 */
export function isFreshEnough(ageInMs: number, periodInMs: number, intervalInMs: number): boolean {
  return ageInMs >= 0 && ageInMs < periodInMs - intervalInMs / 2;
}
