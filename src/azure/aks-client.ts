// AksPort over @azure/arm-containerservice 25.x (TypeSpec "modular" client). Scaling and starting are
// ARM long-running operations: the SDK's PollerLike is awaited to completion, honouring the caller's
// abort signal and poll interval (the service's Retry-After wins when it sends one).
import { ContainerServiceClient, type AgentPool, type ManagedCluster } from '@azure/arm-containerservice';
import { AdapterError } from '../core/ports/adapter-error.js';
import type { AgentPoolInfo, AksCluster, AksPort, KubeconfigKind, LongRunningCallOptions } from '../core/ports/aks-port.js';
import type { CallOptions } from '../core/ports/call-options.js';
import { ResourceTypes } from '../policy/resource-id.js';
import { commonClientOptions, instrumentArmPipeline, type ArmConnection } from './arm-connection.js';
import { answerFields } from './answer-fields.js';
import { callArm } from './arm-errors.js';
import { PerSubscription, requireResourceId } from './resource-ids.js';

const defaultTimeoutInMs = 30_000;
/** Scaling a pool or starting a cluster takes minutes on real Azure. */
const defaultOperationTimeoutInMs = 30 * 60_000;

export class AksClient implements AksPort {
  private readonly clients: PerSubscription<ContainerServiceClient>;

  constructor(private readonly connection: ArmConnection) {
    this.clients = new PerSubscription((subscriptionId) => {
      const client = new ContainerServiceClient(connection.credential, subscriptionId, {
        ...commonClientOptions(connection),
        credentials: { scopes: [connection.environment.armAudience] },
      });
      instrumentArmPipeline(client.pipeline, connection);
      return client;
    });
  }

  async getCluster(clusterId: string, options?: CallOptions): Promise<AksCluster> {
    const id = requireResourceId(clusterId, ResourceTypes.aksCluster, 'getCluster');
    return callArm('getCluster', options, this.connection.defaultTimeoutInMs ?? defaultTimeoutInMs, async (signal) => {
      const cluster = await this.clients.get(id.subscriptionId).managedClusters.get(id.resourceGroup, id.name, { abortSignal: signal });
      return toCluster(cluster, clusterId);
    });
  }

  async getKubeconfig(clusterId: string, kind: KubeconfigKind, options?: CallOptions): Promise<string> {
    const id = requireResourceId(clusterId, ResourceTypes.aksCluster, 'getKubeconfig');
    const value = await callArm('getKubeconfig', options, this.connection.defaultTimeoutInMs ?? defaultTimeoutInMs, async (signal) => {
      const clusters = this.clients.get(id.subscriptionId).managedClusters;
      const call = kind === 'admin' ? clusters.listClusterAdminCredentials : clusters.listClusterUserCredentials;
      const result = await call.call(clusters, id.resourceGroup, id.name, { abortSignal: signal });
      const read = answerFields('getKubeconfig', 'arm');
      const first = read.optionalObject(read.list(read.object(result, 'the answer').kubeconfigs, 'kubeconfigs')[0], 'kubeconfigs[0]');
      // The SDK has already decoded the base64 value into bytes.
      const bytes: unknown = first?.value;
      if (bytes !== undefined && bytes !== null && !(bytes instanceof Uint8Array) && typeof bytes !== 'string') read.text(bytes, 'kubeconfigs[0].value');
      return bytes instanceof Uint8Array || typeof bytes === 'string' ? Buffer.from(bytes).toString('utf8') : undefined;
    });
    if (!value || value.length === 0) {
      throw new AdapterError('Unknown', `getKubeconfig: AKS returned no ${kind} kubeconfig for ${id.name}`, { target: 'arm', operation: 'getKubeconfig' });
    }
    return value;
  }

  async scaleAgentPool(clusterId: string, pool: string, count: number, options?: LongRunningCallOptions): Promise<AgentPoolInfo> {
    const id = requireResourceId(clusterId, ResourceTypes.aksCluster, 'scaleAgentPool');
    if (!Number.isInteger(count) || count < 0) {
      throw new AdapterError('BadRequest', `scaleAgentPool: node count must be a whole number ≥ 0, got ${count}`, { target: 'arm', operation: 'scaleAgentPool' });
    }
    const agentPools = this.clients.get(id.subscriptionId).agentPools;
    return callArm('scaleAgentPool', options, defaultOperationTimeoutInMs, async (signal) => {
      const current = await agentPools.get(id.resourceGroup, id.name, pool, { abortSignal: signal });
      // AKS PUT replaces the pool, so send it whole with the new count. With the autoscaler on,
      // `count` is the autoscaler's business: raise its floor instead.
      const desired: AgentPool = current.enableAutoScaling
        ? { ...current, minCount: Math.max(current.minCount ?? 0, count), maxCount: Math.max(current.maxCount ?? 0, count) }
        : { ...current, count };
      const result = await agentPools.createOrUpdate(id.resourceGroup, id.name, pool, desired, {
        abortSignal: signal,
        ...(options?.pollIntervalInMs !== undefined ? { updateIntervalInMs: options.pollIntervalInMs } : {}),
      });
      return toAgentPool(result, pool);
    });
  }

  async startCluster(clusterId: string, options?: LongRunningCallOptions): Promise<void> {
    const id = requireResourceId(clusterId, ResourceTypes.aksCluster, 'startCluster');
    const clusters = this.clients.get(id.subscriptionId).managedClusters;
    return callArm('startCluster', options, defaultOperationTimeoutInMs, async (signal) => {
      const cluster = await clusters.get(id.resourceGroup, id.name, { abortSignal: signal });
      if (cluster.powerState?.code === 'Running' && cluster.provisioningState === 'Succeeded') return;
      await clusters.start(id.resourceGroup, id.name, {
        abortSignal: signal,
        ...(options?.pollIntervalInMs !== undefined ? { updateIntervalInMs: options.pollIntervalInMs } : {}),
      });
    });
  }
}

function toCluster(answer: ManagedCluster, requestedId: string): AksCluster {
  const read = answerFields('getCluster', 'arm');
  const cluster = read.object(answer, 'the cluster');
  const power = read.optionalObject(cluster.powerState, 'powerState');
  const fqdn = read.text(cluster.fqdn, 'fqdn');
  return {
    id: read.text(cluster.id, 'id') ?? requestedId,
    name: read.text(cluster.name, 'name') ?? '',
    location: read.text(cluster.location, 'location') ?? '',
    provisioningState: read.text(cluster.provisioningState, 'provisioningState') ?? 'Unknown',
    powerState: read.text(power?.code, 'powerState.code') ?? 'Unknown',
    kubernetesVersion: read.text(cluster.currentKubernetesVersion, 'currentKubernetesVersion') ?? read.text(cluster.kubernetesVersion, 'kubernetesVersion') ?? '',
    ...(fqdn ? { fqdn } : {}),
    agentPools: read.list(cluster.agentPoolProfiles, 'agentPoolProfiles').map((p, index) => toAgentPool(p as AgentPool, '', 'getCluster', `agentPoolProfiles[${index}]`)),
  };
}

function toAgentPool(answer: AgentPool, name: string, operation = 'scaleAgentPool', at = 'the agent pool'): AgentPoolInfo {
  const read = answerFields(operation, 'arm');
  const pool = read.object(answer, at);
  const field = (key: string): string => (at === 'the agent pool' ? key : `${at}.${key}`);
  const power = read.optionalObject(pool.powerState, field('powerState'));
  return {
    name: read.text(pool.name, field('name')) ?? name,
    mode: read.text(pool.mode, field('mode')) ?? 'User',
    count: read.number(pool.count, field('count')) ?? 0,
    provisioningState: read.text(pool.provisioningState, field('provisioningState')) ?? 'Unknown',
    powerState: read.text(power?.code, field('powerState.code')) ?? 'Unknown',
  };
}
