// KubernetesPort over @kubernetes/client-node: /readyz as client-node's `Health` asks it (same
// authentication, same pooled connection) but keeping the status and the failing checks, nodes
// through CoreV1Api, deployments (and their scale subresource) through AppsV1Api. Every call goes through the cluster's ApiServerGuard.
import { HttpMethod, RequestContext, type V1Deployment, type V1Node } from '@kubernetes/client-node';
import { fetch } from 'undici';
import type { CallOptions } from '../core/ports/call-options.js';
import type { DeploymentInfo, KubernetesPort, NodeInfo, ReadyzResult } from '../core/ports/kubernetes-port.js';
import type { ApiServerGuard } from './api-server-guard.js';
import { withSignal, type ClusterApis } from './cluster-apis.js';

export class KubernetesClient implements KubernetesPort {
  constructor(
    private readonly apis: ClusterApis,
    private readonly guard: ApiServerGuard,
  ) {}

  readyz(options?: CallOptions): Promise<ReadyzResult> {
    return this.guard.call('readyz', options, async (signal) => {
      const answer = await this.get('/readyz', signal);
      // Like client-node's Health: a server without /readyz (404) is asked /healthz instead.
      const { status, body } = answer.status === 404 ? await this.get('/healthz', signal) : answer;
      return status === 200 ? { ok: true, status } : { ok: false, status, body: failingChecks(body) };
    });
  }

  private async get(path: string, signal: AbortSignal | undefined): Promise<{ status: number; body: string }> {
    const cluster = this.apis.config.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    const url = `${cluster.server}${path}`;
    const context = new RequestContext(url, HttpMethod.GET);
    await this.apis.config.applySecurityAuthentication(context);
    const response = await fetch(url, { method: 'GET', headers: context.getHeaders(), dispatcher: context.getDispatcher(), ...(signal ? { signal } : {}) });
    return { status: response.status, body: await response.text() };
  }

  listNodes(options?: CallOptions): Promise<NodeInfo[]> {
    return this.guard.call('listNodes', options, async (signal) => {
      const list = await this.apis.core.listNode({}, withSignal(signal));
      return list.items.map(toNodeInfo);
    });
  }

  getDeployments(namespace: string, names?: readonly string[], options?: CallOptions): Promise<DeploymentInfo[]> {
    return this.guard.call('getDeployments', options, async (signal) => {
      // One list per namespace rather than one GET per name: fewer requests for the server we watch.
      const list = await this.apis.apps.listNamespacedDeployment({ namespace }, withSignal(signal));
      const wanted = names ? new Set(names) : undefined;
      return list.items.map(toDeploymentInfo).filter((d) => !wanted || wanted.has(d.name));
    });
  }

  async listDeployments(namespaces: readonly string[], options?: CallOptions): Promise<DeploymentInfo[]> {
    const all: DeploymentInfo[] = [];
    for (const namespace of namespaces) all.push(...(await this.getDeployments(namespace, undefined, options)));
    return all;
  }

  scaleDeployment(namespace: string, name: string, replicas: number, options?: CallOptions): Promise<{ before: number; after: number }> {
    return this.guard.call('scaleDeployment', options, async (signal) => {
      const scale = await this.apis.apps.readNamespacedDeploymentScale({ name, namespace }, withSignal(signal));
      const before = scale.spec?.replicas ?? 0;
      if (before === replicas) return { before, after: replicas };
      // A replace carrying the read's resourceVersion: a change in between is a 409, not overwritten.
      const written = await this.apis.apps.replaceNamespacedDeploymentScale({ name, namespace, body: { ...scale, spec: { ...scale.spec, replicas } } }, withSignal(signal));
      return { before, after: written.spec?.replicas ?? replicas };
    });
  }
}

/** The `[-]name failed` lines of a health answer (what a person needs), or its first line. */
function failingChecks(body: string): string {
  const failed = body.split('\n').filter((line) => line.startsWith('[-]'));
  return (failed.length > 0 ? failed.join('; ') : (body.split('\n')[0] ?? '')).slice(0, 300);
}

export function toNodeInfo(node: V1Node): NodeInfo {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const labels = node.metadata?.labels ?? {};
  const pool = labels['kubernetes.azure.com/agentpool'] ?? labels.agentpool;
  const isReady = ready?.status === 'True';
  return {
    name: node.metadata?.name ?? '',
    ready: isReady,
    ...(isReady ? {} : { reason: ready?.reason ?? (ready ? `Ready=${ready.status}` : 'NoReadyCondition') }),
    ...(pool ? { pool } : {}),
  };
}

export function toDeploymentInfo(deployment: V1Deployment): DeploymentInfo {
  const podSpec = deployment.spec?.template.spec;
  return {
    namespace: deployment.metadata?.namespace ?? '',
    name: deployment.metadata?.name ?? '',
    replicas: deployment.spec?.replicas ?? 1,
    available: deployment.status?.availableReplicas ?? 0,
    ready: deployment.status?.readyReplicas ?? 0,
    images: (podSpec?.containers ?? []).map((c) => c.image ?? '').filter(Boolean),
    conditions: (deployment.status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    })),
  };
}
