// What the source region last ran. Readiness compares the target with the source (versions, images),
// but a failover happens exactly when the source cannot be read. So every successful deployments read
// — the workloads probe makes one every other cycle anyway — is remembered, and when the source is
// unreachable the checks compare against that last view, saying how old it is. No extra requests.
import type { KubernetesPort, DeploymentInfo } from '../core/ports/kubernetes-port.js';
import type { Clock, ClusterPorts } from '../probes/cluster-ports.js';

export interface RememberedDeployments {
  deployments: DeploymentInfo[];
  /** Epoch ms of the oldest read the answer is made of. */
  at: number;
}

/** The memory as plain JSON, to persist across restarts: `clusterId|namespace` → last view. */
export type DeploymentsSnapshot = Record<string, { at: number; deployments: DeploymentInfo[] }>;

export class DeploymentsMemory {
  private readonly byNamespace = new Map<string, { at: number; deployments: Map<string, DeploymentInfo> }>();
  private readonly listeners: (() => void)[] = [];

  /** Called after every change (persistence hooks in here). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  snapshot(): DeploymentsSnapshot {
    return Object.fromEntries([...this.byNamespace].map(([key, value]) => [key, { at: value.at, deployments: [...value.deployments.values()] }]));
  }

  /** Adds a persisted view; what this process has seen itself (newer) wins. */
  load(snapshot: DeploymentsSnapshot): void {
    for (const [key, value] of Object.entries(snapshot)) {
      const known = this.byNamespace.get(key);
      if (known && known.at >= value.at) continue;
      this.byNamespace.set(key, { at: value.at, deployments: new Map(value.deployments.map((d) => [d.name, d])) });
    }
  }

  /** Record a read; a read of some names only updates those names. */
  remember(clusterId: string, namespace: string, deployments: readonly DeploymentInfo[], at: number, complete: boolean): void {
    const key = `${clusterId.toLowerCase()}|${namespace}`;
    const known = complete ? new Map<string, DeploymentInfo>() : (this.byNamespace.get(key)?.deployments ?? new Map<string, DeploymentInfo>());
    for (const deployment of deployments) known.set(deployment.name, structuredClone(deployment));
    this.byNamespace.set(key, { at, deployments: known });
    for (const listener of this.listeners) listener();
  }

  /** The last view of every namespace asked for, or undefined when one of them was never read. */
  recall(clusterId: string, namespaces: readonly string[]): RememberedDeployments | undefined {
    const deployments: DeploymentInfo[] = [];
    let at = Number.POSITIVE_INFINITY;
    for (const namespace of namespaces) {
      const known = this.byNamespace.get(`${clusterId.toLowerCase()}|${namespace}`);
      if (!known) return undefined;
      at = Math.min(at, known.at);
      deployments.push(...[...known.deployments.values()].map((d) => structuredClone(d)));
    }
    return { deployments, at };
  }
}

/** ClusterPorts whose deployment reads leave what they saw in `memory`. */
export function rememberingDeployments(ports: ClusterPorts, memory: DeploymentsMemory, clock: Clock): ClusterPorts {
  return {
    velero: (clusterId) => ports.velero(clusterId),
    kubernetes: (clusterId): KubernetesPort => {
      const port = ports.kubernetes(clusterId);
      return {
        readyz: (options) => port.readyz(options),
        listNodes: (options) => port.listNodes(options),
        getDeployments: async (namespace, names, options) => {
          const found = await port.getDeployments(namespace, names, options);
          memory.remember(clusterId, namespace, found, clock.now(), names === undefined);
          return found;
        },
        scaleDeployment: (namespace, name, replicas, options) => port.scaleDeployment(namespace, name, replicas, options),
        listDeployments: async (namespaces, options) => {
          const found = await port.listDeployments(namespaces, options);
          for (const namespace of namespaces) memory.remember(clusterId, namespace, found.filter((d) => d.namespace === namespace), clock.now(), true);
          return found;
        },
      };
    },
  };
}
