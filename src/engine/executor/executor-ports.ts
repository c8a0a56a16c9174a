// What the executor acts on and looks through: the Azure and cluster ports, the observer and the
// readiness checker, the journal's store and the clock. Built by the composition root (or by tests
// from the in-memory fakes).
import type { AksPort } from '../../core/ports/aks-port.js';
import type { DnsResolverPort } from '../../core/ports/dns-port.js';
import type { DeploymentInfo, KubernetesPort } from '../../core/ports/kubernetes-port.js';
import type { Observer, ReadinessChecker } from '../../core/ports/observer-port.js';
import type { TrafficManagerPort } from '../../core/ports/traffic-manager-port.js';
import type { VeleroPort } from '../../core/ports/velero-port.js';

/** The ports of one cluster, by its AKS resource id (ClusterConnections has exactly this shape). */
export interface ClusterPortsResolver {
  kubernetes(clusterId: string): KubernetesPort;
  velero(clusterId: string): VeleroPort;
}

export interface ActionPorts {
  trafficManager: TrafficManagerPort;
  aks: AksPort;
  clusters: ClusterPortsResolver;
  observer: Observer;
  readiness: ReadinessChecker;
  /** Resolves the profile's name as clients do; absent: where clients go is not verified. */
  dns?: DnsResolverPort;
  /** What each cluster's deployments were when last read: the source's replicas once it cannot be read. */
  workloadMemory?: WorkloadMemory;
}

export interface WorkloadMemory {
  recall(clusterId: string, namespaces: readonly string[]): { deployments: DeploymentInfo[]; at: number } | undefined;
}
