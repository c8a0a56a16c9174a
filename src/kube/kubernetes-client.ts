// KubernetesPort over @kubernetes/client-node: /readyz as client-node's `Health` asks it (same
// authentication, same pooled connection) but keeping the status and the failing checks, nodes
// through CoreV1Api, deployments (and their scale subresource) through AppsV1Api. Every call goes through the cluster's ApiServerGuard.
import { HttpMethod, RequestContext, type V1Deployment, type V1Node } from '@kubernetes/client-node';
import { fetch } from 'undici';
import type { CallOptions } from '../core/ports/call-options.js';
import type { DeploymentInfo, KubernetesPort, NodeInfo, ReadyzResult } from '../core/ports/kubernetes-port.js';
import { answerFields } from '../azure/answer-fields.js';
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
      return itemsOf(list, 'listNodes').map((item) => toNodeInfo(item as V1Node));
    });
  }

  getDeployments(namespace: string, names?: readonly string[], options?: CallOptions): Promise<DeploymentInfo[]> {
    return this.guard.call('getDeployments', options, async (signal) => {
      // One list per namespace rather than one GET per name: fewer requests for the server we watch.
      const list = await this.apis.apps.listNamespacedDeployment({ namespace }, withSignal(signal));
      const wanted = names ? new Set(names) : undefined;
      return itemsOf(list, 'getDeployments')
        .map((item) => toDeploymentInfo(item as V1Deployment))
        .filter((d) => !wanted || wanted.has(d.name));
    });
  }

  async listDeployments(namespaces: readonly string[], options?: CallOptions): Promise<DeploymentInfo[]> {
    const all: DeploymentInfo[] = [];
    for (const namespace of namespaces) all.push(...(await this.getDeployments(namespace, undefined, options)));
    return all;
  }

  scaleDeployment(namespace: string, name: string, replicas: number, options?: CallOptions): Promise<{ before: number; after: number }> {
    return this.guard.call('scaleDeployment', options, async (signal) => {
      const read = answerFields('scaleDeployment', 'kubernetes');
      const scale = await this.apis.apps.readNamespacedDeploymentScale({ name, namespace }, withSignal(signal));
      const before = read.number(read.optionalObject(read.object(scale, 'the scale').spec, 'spec')?.replicas, 'spec.replicas') ?? 0;
      if (before === replicas) return { before, after: replicas };
      // A replace carrying the read's resourceVersion: a change in between is a 409, not overwritten.
      const written = await this.apis.apps.replaceNamespacedDeploymentScale({ name, namespace, body: { ...scale, spec: { ...scale.spec, replicas } } }, withSignal(signal));
      return { before, after: read.number(read.optionalObject(read.object(written, 'the scale').spec, 'spec')?.replicas, 'spec.replicas') ?? replicas };
    });
  }
}

/** The `items` of a list answer (a list, or an error naming what is wrong). */
export function itemsOf(list: unknown, operation: string): unknown[] {
  const read = answerFields(operation, 'kubernetes');
  return read.list(read.object(list, 'the list').items, 'items');
}

/** The `[-]name failed` lines of a health answer (what a person needs), or its first line. */
function failingChecks(body: string): string {
  const failed = body.split('\n').filter((line) => line.startsWith('[-]'));
  return (failed.length > 0 ? failed.join('; ') : (body.split('\n')[0] ?? '')).slice(0, 300);
}

export function toNodeInfo(answer: V1Node): NodeInfo {
  // client-node deserialises without checking types: a field of the wrong type is a malformed answer.
  const read = answerFields('listNodes', 'kubernetes');
  const node = read.object(answer, 'a node');
  const metadata = read.optionalObject(node.metadata, 'metadata');
  const status = read.optionalObject(node.status, 'status');
  const conditions = read.list(status?.conditions, 'status.conditions').map((c) => read.object(c, 'status.conditions[]'));
  const ready = conditions.find((c) => c.type === 'Ready');
  const labels = read.optionalObject(metadata?.labels, 'metadata.labels') ?? {};
  const pool = read.text(labels['kubernetes.azure.com/agentpool'], 'the agentpool label') ?? read.text(labels.agentpool, 'the agentpool label');
  const readyStatus = read.text(ready?.status, 'the Ready condition status');
  const isReady = readyStatus === 'True';
  return {
    name: read.text(metadata?.name, 'metadata.name') ?? '',
    ready: isReady,
    ...(isReady ? {} : { reason: read.text(ready?.reason, 'the Ready condition reason') ?? (ready ? `Ready=${readyStatus ?? ''}` : 'NoReadyCondition') }),
    ...(pool ? { pool } : {}),
  };
}

export function toDeploymentInfo(answer: V1Deployment): DeploymentInfo {
  const read = answerFields('getDeployments', 'kubernetes');
  const deployment = read.object(answer, 'a deployment');
  const metadata = read.optionalObject(deployment.metadata, 'metadata');
  const spec = read.optionalObject(deployment.spec, 'spec');
  const status = read.optionalObject(deployment.status, 'status');
  const template = read.optionalObject(spec?.template, 'spec.template');
  const podSpec = read.optionalObject(template?.spec, 'spec.template.spec');
  const containers = read.list(podSpec?.containers, 'spec.template.spec.containers').map((c) => read.object(c, 'a container'));
  return {
    namespace: read.text(metadata?.namespace, 'metadata.namespace') ?? '',
    name: read.text(metadata?.name, 'metadata.name') ?? '',
    replicas: read.number(spec?.replicas, 'spec.replicas') ?? 1,
    available: read.number(status?.availableReplicas, 'status.availableReplicas') ?? 0,
    ready: read.number(status?.readyReplicas, 'status.readyReplicas') ?? 0,
    images: containers.map((c) => read.text(c.image, 'a container image') ?? '').filter(Boolean),
    conditions: read.list(status?.conditions, 'status.conditions').map((item) => {
      const c = read.object(item, 'status.conditions[]');
      const reason = read.text(c.reason, 'a condition reason');
      const message = read.text(c.message, 'a condition message');
      return {
        type: read.text(c.type, 'a condition type') ?? '',
        status: read.text(c.status, 'a condition status') ?? '',
        ...(reason ? { reason } : {}),
        ...(message ? { message } : {}),
      };
    }),
  };
}
