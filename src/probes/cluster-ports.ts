// What the probes and readiness checks need of the clusters: a KubernetesPort and a VeleroPort per
// AKS cluster (by resource id), and — when the connections have one — the cluster's API server
// breaker, so a struggling server is left alone without even trying a request.
// `ClusterConnections` (src/kube) satisfies this structurally; tests hand in fakes.
import type { KubernetesPort } from '../core/ports/kubernetes-port.js';
import type { VeleroPort } from '../core/ports/velero-port.js';

export interface ClusterPorts {
  kubernetes(clusterId: string): KubernetesPort;
  velero(clusterId: string): VeleroPort;
  /** The API server's breaker; `isOpen` while aksdr backs off. */
  guardOf?(clusterId: string): { readonly isOpen: boolean };
}

/** Epoch milliseconds; a parameter so tests drive time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
