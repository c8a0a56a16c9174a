// One Kubernetes API server, read-only: is it up, are its nodes ready, are the workloads available.
import type { CallOptions } from './call-options.js';

export interface ReadyzResult {
  ok: boolean;
  /** HTTP status when the server answered and the client could see it. */
  status?: number;
  body?: string;
}

export interface NodeInfo {
  name: string;
  ready: boolean;
  /** Reason of the Ready condition when it is not True (e.g. KubeletNotReady, NodeStatusUnknown). */
  reason?: string;
  /** AKS agent pool (label `kubernetes.azure.com/agentpool`). */
  pool?: string;
}

export interface WorkloadCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface DeploymentInfo {
  namespace: string;
  name: string;
  /** Desired replicas (spec). */
  replicas: number;
  available: number;
  ready: number;
  images: string[];
  conditions: WorkloadCondition[];
}

export interface KubernetesPort {
  readyz(options?: CallOptions): Promise<ReadyzResult>;
  listNodes(options?: CallOptions): Promise<NodeInfo[]>;
  /** Deployments of a namespace, or just the named ones; a named deployment that does not exist is left out. */
  getDeployments(namespace: string, names?: readonly string[], options?: CallOptions): Promise<DeploymentInfo[]>;
  listDeployments(namespaces: readonly string[], options?: CallOptions): Promise<DeploymentInfo[]>;
}
