// Azure Kubernetes Service, the management plane: cluster state, credentials, capacity.
import type { CallOptions } from './call-options.js';

export interface AgentPoolInfo {
  name: string;
  /** System or User. */
  mode: string;
  count: number;
  provisioningState: string;
  /** Running or Stopped. */
  powerState: string;
}

export interface AksCluster {
  id: string;
  name: string;
  location: string;
  provisioningState: string;
  /** Running or Stopped; `Unknown` when the service did not say. */
  powerState: string;
  kubernetesVersion: string;
  fqdn?: string;
  agentPools: AgentPoolInfo[];
}

export type KubeconfigKind = 'user' | 'admin';

/** Options for calls that start a long-running operation and wait for it to finish. */
export interface LongRunningCallOptions extends CallOptions {
  /** Poll interval when the service does not send Retry-After. */
  pollIntervalInMs?: number;
}

export interface AksPort {
  getCluster(clusterId: string, options?: CallOptions): Promise<AksCluster>;
  /** The kubeconfig YAML the service hands out for this credential kind. */
  getKubeconfig(clusterId: string, kind: KubeconfigKind, options?: CallOptions): Promise<string>;
  /** Sets the node count of a pool and waits until the operation has finished. */
  scaleAgentPool(clusterId: string, pool: string, count: number, options?: LongRunningCallOptions): Promise<AgentPoolInfo>;
  /** Starts a stopped cluster and waits until it runs; harmless on a running cluster. */
  startCluster(clusterId: string, options?: LongRunningCallOptions): Promise<void>;
}
