// In-memory AksPort: clusters with agent pools and kubeconfigs. Scaling and starting behave like the
// service's long-running operations — the pool is `Scaling` / the cluster `Starting` while the
// operation runs (`operationDurationInMs`, honouring abortSignal), then Succeeded with the effect.
import type { AgentPoolInfo, AksCluster, AksPort, KubeconfigKind, LongRunningCallOptions } from '../../core/ports/aks-port.js';
import type { CallOptions } from '../../core/ports/call-options.js';
import { FakeFaults, badRequest, fakeCall, notFound } from '../../core/ports/testing/fake-faults.js';

export interface FakeAksClusterSeed extends AksCluster {
  kubeconfigs?: Partial<Record<KubeconfigKind, string>>;
}

export class FakeAks implements AksPort {
  readonly faults = new FakeFaults();
  readonly calls: string[] = [];
  latencyInMs = 0;
  /** How long a scale or start takes. */
  operationDurationInMs = 0;
  private readonly clusters = new Map<string, FakeAksClusterSeed>();

  constructor(clusters: FakeAksClusterSeed[] = []) {
    for (const cluster of clusters) this.clusters.set(cluster.id.toLowerCase(), structuredClone(cluster));
  }

  getCluster(clusterId: string, options?: CallOptions): Promise<AksCluster> {
    this.calls.push(`getCluster ${clusterId}`);
    return fakeCall(this.settings('getCluster'), options, () => {
      const { kubeconfigs: _kubeconfigs, ...cluster } = this.clusterOf(clusterId, 'getCluster');
      return structuredClone(cluster);
    });
  }

  getKubeconfig(clusterId: string, kind: KubeconfigKind, options?: CallOptions): Promise<string> {
    this.calls.push(`getKubeconfig ${clusterId} ${kind}`);
    return fakeCall(this.settings('getKubeconfig'), options, () => {
      const kubeconfig = this.clusterOf(clusterId, 'getKubeconfig').kubeconfigs?.[kind];
      if (!kubeconfig) throw notFound('arm', 'getKubeconfig', `${kind} credentials of ${clusterId}`);
      return kubeconfig;
    });
  }

  scaleAgentPool(clusterId: string, pool: string, count: number, options?: LongRunningCallOptions): Promise<AgentPoolInfo> {
    this.calls.push(`scaleAgentPool ${clusterId} ${pool} ${count}`);
    return fakeCall(this.settings('scaleAgentPool'), options, async () => {
      const cluster = this.clusterOf(clusterId, 'scaleAgentPool');
      const agentPool = cluster.agentPools.find((p) => p.name === pool);
      if (!agentPool) throw notFound('arm', 'scaleAgentPool', `agent pool ${pool}`);
      if (!Number.isInteger(count) || count < 0) throw badRequest('arm', 'scaleAgentPool', `node count must be a whole number ≥ 0, got ${count}`);
      agentPool.provisioningState = 'Scaling';
      await this.runOperation(options);
      agentPool.count = count;
      agentPool.provisioningState = 'Succeeded';
      return structuredClone(agentPool);
    });
  }

  startCluster(clusterId: string, options?: LongRunningCallOptions): Promise<void> {
    this.calls.push(`startCluster ${clusterId}`);
    return fakeCall(this.settings('startCluster'), options, async () => {
      const cluster = this.clusterOf(clusterId, 'startCluster');
      if (cluster.powerState === 'Running' && cluster.provisioningState === 'Succeeded') return;
      cluster.provisioningState = 'Starting';
      await this.runOperation(options);
      cluster.powerState = 'Running';
      cluster.provisioningState = 'Succeeded';
      for (const pool of cluster.agentPools) pool.powerState = 'Running';
    });
  }

  /** Test helper: stop a cluster (AKS `stop`), as an operator or an outage would. */
  stopCluster(clusterId: string): void {
    const cluster = this.clusterOf(clusterId, 'stopCluster');
    cluster.powerState = 'Stopped';
    for (const pool of cluster.agentPools) pool.powerState = 'Stopped';
  }

  /** Test helper: change what the service reports, e.g. `{ provisioningState: 'Failed' }`. */
  patchCluster(clusterId: string, patch: Partial<AksCluster>): void {
    Object.assign(this.clusterOf(clusterId, 'patchCluster'), patch);
  }

  private async runOperation(options: CallOptions | undefined): Promise<void> {
    if (this.operationDurationInMs <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, this.operationDurationInMs);
      options?.abortSignal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(options.abortSignal?.reason as Error);
      }, { once: true });
    });
  }

  private clusterOf(clusterId: string, operation: string): FakeAksClusterSeed {
    const cluster = this.clusters.get(clusterId.toLowerCase());
    if (!cluster) throw notFound('arm', operation, `managed cluster ${clusterId}`);
    return cluster;
  }

  private settings(operation: string): Parameters<typeof fakeCall>[0] {
    return { target: 'arm', operation, faults: this.faults, latencyInMs: this.latencyInMs };
  }
}
