// One Kubernetes API server: is it up, are its nodes ready, are the workloads available — and the one
// write aksdr makes there, a deployment's replica count (its `scale` subresource).
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
  /**
   * Sets a deployment's desired replicas through its `scale` subresource (read, then write with the
   * read's resourceVersion, so a concurrent change is a Conflict rather than lost). Returns the
   * replicas before and after. A deployment that does not exist is a NotFound AdapterError.
   */
  scaleDeployment(namespace: string, name: string, replicas: number, options?: CallOptions): Promise<{ before: number; after: number }>;
}
