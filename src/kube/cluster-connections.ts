// Connections to the clusters' API servers, by AKS resource id: the kubeconfig is fetched through
// AksPort (or read from a static file), turned into one client per (cluster, credential) and cached,
// so probes every few seconds reuse the same connection pool. A 401 drops the cached kubeconfig and
// token and tries once more with fresh ones (credentials rotated, token expired early).
import { readFile } from 'node:fs/promises';
import type { TokenCredential } from '@azure/identity';
import { isAdapterError } from '../core/ports/adapter-error.js';
import type { AksPort, KubeconfigKind } from '../core/ports/aks-port.js';
import type { CallOptions } from '../core/ports/call-options.js';
import type { DeploymentInfo, KubernetesPort, NodeInfo, ReadyzResult } from '../core/ports/kubernetes-port.js';
import type { BackedUpDeployment, BackupInfo, BackupStorageLocationInfo, RestoreInfo, RestoreSpec, VeleroPort } from '../core/ports/velero-port.js';
import type { RequestRecorder } from '../metrics/request-counter.js';
import { parseResourceId } from '../policy/resource-id.js';
import { ApiServerGuard, type ApiServerGuardOptions } from './api-server-guard.js';
import { createClusterApis, withSignal, type ClusterApis } from './cluster-apis.js';
import { EntraTokenSource } from './entra-token-source.js';
import { loadKubeconfig } from './kube-config.js';
import { KubernetesClient } from './kubernetes-client.js';
import { VeleroClient, type BackupDownloadOptions } from './velero-client.js';

export interface ClusterConnectionsOptions {
  /** Where kubeconfigs come from (listClusterUserCredential / listClusterAdminCredential). */
  aks?: AksPort;
  /** Which AKS credential to ask for (default `user`). */
  kubeconfigKind?: KubeconfigKind;
  /** Kubeconfig files by cluster resource id, used instead of asking AKS. */
  staticKubeconfigs?: Record<string, string>;
  /** For clusters with Entra ID integration (kubelogin users). */
  credential?: TokenCredential;
  recorder?: RequestRecorder;
  /** Breaker and timeout settings applied to every cluster's API server. */
  guard?: Omit<ApiServerGuardOptions, 'cluster' | 'recorder'>;
  veleroNamespace?: string;
  /** Largest answer body read from an API server, in bytes; 8 MiB when omitted (src/azure/response-size-cap.ts). */
  maxResponseBytes?: number;
  /** How backup contents are downloaded from object storage (CA, size caps). */
  backupDownload?: BackupDownloadOptions;
  readTextFile?: (path: string) => Promise<string>;
}

/**
 * Which guard a call goes through. `probing`: the probes' short deadlines and a breaker that leaves
 * a struggling API server alone. `acting`: readiness reads and the executor's steps — few calls, each
 * with its own longer deadline, and no breaker, so the probes' back-off never starves a failover.
 * Both lanes share the connection (kubeconfig, token, sockets).
 */
export type CallLane = 'probing' | 'acting';

interface LaneClients {
  kubernetes: KubernetesClient;
  velero: VeleroClient;
}

interface Connection {
  apis: ClusterApis;
  lanes: Record<CallLane, LaneClients>;
}

/** The acting lane's guard: a breaker that never opens, and a default deadline for calls that bring none. */
const actingGuard: Omit<ApiServerGuardOptions, 'cluster' | 'recorder'> = { consecutiveFailures: Number.MAX_SAFE_INTEGER, defaultTimeoutInMs: 30_000 };

export class ClusterConnections {
  private readonly connections = new Map<string, Promise<Connection>>();
  private readonly guards = new Map<string, ApiServerGuard>();
  private readonly actingGuards = new Map<string, ApiServerGuard>();
  private readonly entraToken: EntraTokenSource | undefined;
  private readonly staticKubeconfigs: Map<string, string>;

  constructor(private readonly options: ClusterConnectionsOptions) {
    this.entraToken = options.credential ? new EntraTokenSource(options.credential) : undefined;
    this.staticKubeconfigs = new Map(Object.entries(options.staticKubeconfigs ?? {}).map(([id, file]) => [id.toLowerCase(), file]));
  }

  kubernetes(clusterId: string, lane: CallLane = 'probing'): KubernetesPort {
    return {
      readyz: (o?: CallOptions): Promise<ReadyzResult> => this.use(clusterId, o, (c) => c.lanes[lane].kubernetes.readyz(o)),
      listNodes: (o?: CallOptions): Promise<NodeInfo[]> => this.use(clusterId, o, (c) => c.lanes[lane].kubernetes.listNodes(o)),
      getDeployments: (ns: string, names?: readonly string[], o?: CallOptions): Promise<DeploymentInfo[]> =>
        this.use(clusterId, o, (c) => c.lanes[lane].kubernetes.getDeployments(ns, names, o)),
      listDeployments: (nss: readonly string[], o?: CallOptions): Promise<DeploymentInfo[]> => this.use(clusterId, o, (c) => c.lanes[lane].kubernetes.listDeployments(nss, o)),
      scaleDeployment: (ns: string, name: string, replicas: number, o?: CallOptions): Promise<{ before: number; after: number }> =>
        this.use(clusterId, o, (c) => c.lanes[lane].kubernetes.scaleDeployment(ns, name, replicas, o)),
    };
  }

  velero(clusterId: string, lane: CallLane = 'probing'): VeleroPort {
    return {
      listBackups: (f: { schedule?: string }, o?: CallOptions): Promise<BackupInfo[]> => this.use(clusterId, o, (c) => c.lanes[lane].velero.listBackups(f, o)),
      newestCompletedBackup: (s: string, o?: CallOptions): Promise<BackupInfo | undefined> => this.use(clusterId, o, (c) => c.lanes[lane].velero.newestCompletedBackup(s, o)),
      getBackupStorageLocation: (name?: string, o?: CallOptions): Promise<BackupStorageLocationInfo> =>
        this.use(clusterId, o, (c) => c.lanes[lane].velero.getBackupStorageLocation(name, o)),
      createRestore: (spec: RestoreSpec, o?: CallOptions): Promise<RestoreInfo> => this.use(clusterId, o, (c) => c.lanes[lane].velero.createRestore(spec, o)),
      getRestore: (name: string, o?: CallOptions): Promise<RestoreInfo> => this.use(clusterId, o, (c) => c.lanes[lane].velero.getRestore(name, o)),
      listRestores: (o?: CallOptions): Promise<RestoreInfo[]> => this.use(clusterId, o, (c) => c.lanes[lane].velero.listRestores(o)),
      backupDeployments: (backup: string, nss: readonly string[], o?: CallOptions): Promise<BackedUpDeployment[]> =>
        this.use(clusterId, o, (c) => c.lanes[lane].velero.backupDeployments(backup, nss, o)),
    };
  }

  /** The same clusters through the acting lane (readiness, executor). */
  acting(): { kubernetes(clusterId: string): KubernetesPort; velero(clusterId: string): VeleroPort } {
    return { kubernetes: (id) => this.kubernetes(id, 'acting'), velero: (id) => this.velero(id, 'acting') };
  }

  /**
   * Deletes a namespace and what is in it (a DR drill's scratch namespace); one that is already gone
   * is fine. Not on KubernetesPort: the probes and the engine never delete anything in a cluster.
   */
  deleteNamespace(clusterId: string, name: string, options?: CallOptions): Promise<void> {
    return this.use(clusterId, options, (c) =>
      this.guardOf(clusterId, 'acting').call('deleteNamespace', options, async (signal) => {
        try {
          await c.apis.core.deleteNamespace({ name }, withSignal(signal));
        } catch (error) {
          // client-node's ApiException carries the HTTP status as `code`: a namespace already gone is done.
          if ((error as { code?: unknown }).code !== 404) throw error;
        }
      }),
    );
  }

  /** The breaker of a cluster's API server (created on first use). */
  guardOf(clusterId: string, lane: CallLane = 'probing'): ApiServerGuard {
    const key = clusterId.toLowerCase();
    const guards = lane === 'probing' ? this.guards : this.actingGuards;
    let guard = guards.get(key);
    if (!guard) {
      const settings = lane === 'probing' ? this.options.guard : actingGuard;
      guard = new ApiServerGuard({ ...settings, cluster: parseResourceId(clusterId)?.name ?? clusterId, ...(this.options.recorder ? { recorder: this.options.recorder } : {}) });
      guards.set(key, guard);
    }
    return guard;
  }

  /** Drops the cached connection (and its pooled sockets); the next call fetches a fresh kubeconfig. */
  async invalidate(clusterId: string): Promise<void> {
    const key = clusterId.toLowerCase();
    const pending = this.connections.get(key);
    this.connections.delete(key);
    const connection = await pending?.catch(() => undefined);
    await connection?.apis.config.close();
  }

  async close(): Promise<void> {
    await Promise.all([...this.connections.keys()].map((key) => this.invalidate(key)));
  }

  private async use<T>(clusterId: string, options: CallOptions | undefined, fn: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = await this.connect(clusterId, options);
    try {
      return await fn(connection);
    } catch (error) {
      if (!(isAdapterError(error) && error.code === 'Unauthorized' && error.statusCode === 401)) throw error;
      this.entraToken?.invalidate();
      await this.invalidate(clusterId);
      return fn(await this.connect(clusterId, options));
    }
  }

  private connect(clusterId: string, options: CallOptions | undefined): Promise<Connection> {
    const key = clusterId.toLowerCase();
    let pending = this.connections.get(key);
    if (!pending) {
      pending = this.open(clusterId, options);
      this.connections.set(key, pending);
      // A failed attempt is not cached: the next call tries again.
      pending.catch(() => {
        if (this.connections.get(key) === pending) this.connections.delete(key);
      });
    }
    return pending;
  }

  private async open(clusterId: string, options: CallOptions | undefined): Promise<Connection> {
    const yaml = await this.kubeconfigOf(clusterId, options);
    const entraToken = this.entraToken;
    const { config } = loadKubeconfig(yaml, {
      ...(entraToken ? { entraToken: () => entraToken.token() } : {}),
      ...(this.options.maxResponseBytes !== undefined ? { maxResponseBytes: this.options.maxResponseBytes } : {}),
    });
    const apis = createClusterApis(config);
    const clientsOf = (guard: ApiServerGuard): LaneClients => ({ kubernetes: new KubernetesClient(apis, guard), velero: new VeleroClient(apis, guard, this.options.veleroNamespace, this.options.backupDownload) });
    return { apis, lanes: { probing: clientsOf(this.guardOf(clusterId)), acting: clientsOf(this.guardOf(clusterId, 'acting')) } };
  }

  private async kubeconfigOf(clusterId: string, options: CallOptions | undefined): Promise<string> {
    const file = this.staticKubeconfigs.get(clusterId.toLowerCase());
    if (file) return (this.options.readTextFile ?? ((p: string) => readFile(p, 'utf8')))(file);
    if (!this.options.aks) throw new Error(`no kubeconfig source for cluster ${clusterId}: configure AksPort or a static kubeconfig`);
    return this.options.aks.getKubeconfig(clusterId, this.options.kubeconfigKind ?? 'user', options?.abortSignal ? { abortSignal: options.abortSignal } : {});
  }
}
