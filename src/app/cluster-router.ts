// Clusters by AKS resource id, each reached with the credential kind its policy region asks for
// (`regions[].credentials: user | admin`): ClusterConnections serves one kind, so a router sends
// each cluster to the connections of its kind.
import type { CallOptions } from '../core/ports/call-options.js';
import type { KubernetesPort } from '../core/ports/kubernetes-port.js';
import type { VeleroPort } from '../core/ports/velero-port.js';
import type { ClusterConnections } from '../kube/cluster-connections.js';
import type { ClusterPorts } from '../probes/cluster-ports.js';

export class ClusterRouter implements ClusterPorts {
  private readonly adminClusters: Set<string>;

  constructor(
    private readonly user: ClusterConnections,
    private readonly admin: ClusterConnections | undefined,
    adminClusterIds: readonly string[],
  ) {
    this.adminClusters = new Set(adminClusterIds.map((id) => id.toLowerCase()));
  }

  kubernetes(clusterId: string): KubernetesPort {
    return this.connectionsOf(clusterId).kubernetes(clusterId);
  }

  velero(clusterId: string): VeleroPort {
    return this.connectionsOf(clusterId).velero(clusterId);
  }

  /** The same clusters through the acting lane: readiness reads and the executor's steps (no probe back-off). */
  acting(): ClusterPorts & Pick<ClusterRouter, 'deleteNamespace'> {
    return {
      kubernetes: (clusterId) => this.connectionsOf(clusterId).kubernetes(clusterId, 'acting'),
      velero: (clusterId) => this.connectionsOf(clusterId).velero(clusterId, 'acting'),
      // A drill's scratch namespace is deleted through the acting lane too.
      deleteNamespace: (clusterId, name, options) => this.deleteNamespace(clusterId, name, options),
    };
  }

  /** Deletes a namespace (a DR drill's scratch namespace); see ClusterConnections.deleteNamespace. */
  deleteNamespace(clusterId: string, name: string, options?: CallOptions): Promise<void> {
    return this.connectionsOf(clusterId).deleteNamespace(clusterId, name, options);
  }

  /** Drops a cluster's cached connection (e.g. after its credentials rotated). */
  invalidate(clusterId: string): Promise<void> {
    return this.connectionsOf(clusterId).invalidate(clusterId);
  }

  async close(): Promise<void> {
    await Promise.all([this.user.close(), this.admin?.close()]);
  }

  private connectionsOf(clusterId: string): ClusterConnections {
    return this.admin && this.adminClusters.has(clusterId.toLowerCase()) ? this.admin : this.user;
  }
}
