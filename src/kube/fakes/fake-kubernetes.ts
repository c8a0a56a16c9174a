// In-memory KubernetesPort for one cluster: nodes and deployments, and an API server that can be up,
// down (unreachable: `Unavailable`), slow (answers after `slowLatencyInMs`, so a shorter timeout gives
// `Timeout`) or failing its readiness checks.
import { AdapterError } from '../../core/ports/adapter-error.js';
import type { CallOptions } from '../../core/ports/call-options.js';
import type { DeploymentInfo, KubernetesPort, NodeInfo, ReadyzResult } from '../../core/ports/kubernetes-port.js';
import { FakeFaults, fakeCall } from '../../core/ports/testing/fake-faults.js';

export type FakeApiServerMode = 'up' | 'down' | 'slow' | 'not-ready';

export interface FakeKubernetesSeed {
  cluster?: string;
  nodes?: NodeInfo[];
  deployments?: DeploymentInfo[];
}

export class FakeKubernetes implements KubernetesPort {
  readonly faults = new FakeFaults();
  readonly calls: string[] = [];
  mode: FakeApiServerMode = 'up';
  slowLatencyInMs = 5_000;
  nodes: NodeInfo[];
  deployments: DeploymentInfo[];
  private readonly cluster: string;

  constructor(seed: FakeKubernetesSeed = {}) {
    this.cluster = seed.cluster ?? 'fake';
    this.nodes = structuredClone(seed.nodes ?? []);
    this.deployments = structuredClone(seed.deployments ?? []);
  }

  readyz(options?: CallOptions): Promise<ReadyzResult> {
    return this.call('readyz', options, () => (this.mode === 'not-ready' ? { ok: false, status: 500 } : { ok: true, status: 200 }));
  }

  listNodes(options?: CallOptions): Promise<NodeInfo[]> {
    return this.call('listNodes', options, () => structuredClone(this.nodes));
  }

  getDeployments(namespace: string, names?: readonly string[], options?: CallOptions): Promise<DeploymentInfo[]> {
    return this.call('getDeployments', options, () =>
      structuredClone(this.deployments.filter((d) => d.namespace === namespace && (!names || names.includes(d.name)))),
    );
  }

  listDeployments(namespaces: readonly string[], options?: CallOptions): Promise<DeploymentInfo[]> {
    return this.call('listDeployments', options, () => structuredClone(this.deployments.filter((d) => namespaces.includes(d.namespace))));
  }

  scaleDeployment(namespace: string, name: string, replicas: number, options?: CallOptions): Promise<{ before: number; after: number }> {
    return this.call('scaleDeployment', options, () => {
      const deployment = this.deployments.find((d) => d.namespace === namespace && d.name === name);
      if (!deployment) throw new AdapterError('NotFound', `deployments.apps "${name}" not found in ${namespace}`, { target: 'kubernetes', operation: 'scaleDeployment', statusCode: 404 });
      const before = deployment.replicas;
      deployment.replicas = replicas;
      // The fake's controller settles at once, unless workloads were made unavailable.
      if (deployment.available === before) {
        deployment.available = replicas;
        deployment.ready = replicas;
      }
      return { before, after: replicas };
    });
  }

  /** Test helper: nodes whose kubelet stopped posting status. */
  setNodesReady(ready: boolean, reason = 'NodeStatusUnknown'): void {
    this.nodes = this.nodes.map(({ reason: _reason, ...node }) => (ready ? { ...node, ready } : { ...node, ready, reason }));
  }

  /** Test helper: the app's deployments lose all available replicas. */
  setWorkloadsAvailable(available: boolean, namespace?: string): void {
    for (const d of this.deployments) {
      if (namespace && d.namespace !== namespace) continue;
      d.available = available ? d.replicas : 0;
      d.ready = available ? d.replicas : 0;
    }
  }

  private call<T>(operation: string, options: CallOptions | undefined, fn: () => T): Promise<T> {
    this.calls.push(operation);
    return fakeCall(
      { target: 'kubernetes', operation, faults: this.faults, latencyInMs: this.mode === 'slow' ? this.slowLatencyInMs : 0, defaultTimeoutInMs: 10_000 },
      options,
      () => {
        if (this.mode === 'down') {
          throw new AdapterError('Unavailable', `${operation} on cluster ${this.cluster}: cannot reach the API server (ECONNRESET)`, { target: 'kubernetes', operation });
        }
        return fn();
      },
    );
  }
}
