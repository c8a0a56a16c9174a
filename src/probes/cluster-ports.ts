// What the probes and readiness checks need of the clusters: a KubernetesPort and a VeleroPort per
// AKS cluster (by resource id). Backing off a struggling API server is the adapters' job (their
// ApiServerGuard refuses calls with a `circuitOpen` AdapterError while it leaves a server alone).
// `ClusterConnections` (src/kube) satisfies this structurally; tests hand in fakes.
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

export const systemClock: Clock = { now: () => Date.now() };
