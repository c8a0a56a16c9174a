// What the probes and readiness checks need of the clusters: a KubernetesPort and a VeleroPort per
// AKS cluster (by resource id). Backing off a struggling API server is the adapters' job (their
// ApiServerGuard refuses calls with a `circuitOpen` AdapterError while it leaves a server alone).
// `ClusterConnections` (src/kube) satisfies this structurally; tests hand in fakes.
import { systemClock as engineClock } from '../engine/clock.js';
import type { KubernetesPort } from '../core/ports/kubernetes-port.js';
import type { VeleroPort } from '../core/ports/velero-port.js';

export interface ClusterPorts {
  kubernetes(clusterId: string): KubernetesPort;
  velero(clusterId: string): VeleroPort;
}

/** Epoch milliseconds; a parameter so tests drive time. */
export interface Clock {
  now(): number;
}

/** The process's clock (wall at start + monotonic elapsed), the one the engine uses: a probe cycle's time and the engine's `now` never disagree across a wall-clock step. */
export const systemClock: Clock = engineClock;
