// What a readiness check gets: the policy, the target region, the region traffic would come from
// (the source of images and versions), the ports, and reads shared between checks of one run —
// the registry, the source's deployments — so a full `aksdr check` asks each thing once.
import type { AcrPort, RegistryInfo, Replication } from '../core/ports/acr-port.js';
import type { AksCluster, AksPort } from '../core/ports/aks-port.js';
import type { CallOptions } from '../core/ports/call-options.js';
import type { DeploymentInfo } from '../core/ports/kubernetes-port.js';
import type { RegistryImagesPort } from '../core/ports/registry-images-port.js';
import type { BackedUpDeployment, BackupInfo } from '../core/ports/velero-port.js';
import type { TrafficManagerPort, TrafficManagerProfile } from '../core/ports/traffic-manager-port.js';
import type { ReadinessCheckName, ReadinessResult } from '../core/readiness.js';
import type { FailoverPolicy, RegionSpec } from '../policy/index.js';
import type { Clock, ClusterPorts } from '../probes/cluster-ports.js';
import type { DeploymentsMemory } from './deployments-memory.js';

export interface ReadinessPorts {
  acr: AcrPort;
  aks: AksPort;
  trafficManager: TrafficManagerPort;
  clusters: ClusterPorts;
  /** The registry's data plane; without it image presence cannot be verified (`acrImages` is unknown). */
  registryImages?: RegistryImagesPort;
  /** The last deployments seen per cluster: what the source ran when it can no longer be read. */
  memory?: DeploymentsMemory;
  clock: Clock;
}

/** Deployments of a region, live or — when it cannot be read — as last seen (`asOf`, epoch ms). */
export interface SourceDeployments {
  deployments: DeploymentInfo[];
  asOf?: number;
  /** Why the live read failed, when `asOf` is set. */
  unreachable?: unknown;
  /** The deadline that live read had. */
  timeoutInMs?: number;
}

export interface CheckRun {
  policy: FailoverPolicy;
  target: RegionSpec;
  /** Where traffic would come from: the primary, or (for a failback to the primary) the first other region. */
  source: RegionSpec | undefined;
  ports: ReadinessPorts;
  options: CallOptions;
  reads: SharedReads;
}

export type ReadinessCheck = (run: CheckRun) => Promise<ReadinessResult>;

export interface ReadinessCheckDefinition {
  name: ReadinessCheckName;
  /** False when the policy does not ask for this check; it is then left out of the report. */
  applies(policy: FailoverPolicy): boolean;
  run: ReadinessCheck;
}

/** Memoised reads, one per thing per run. */
export class SharedReads {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ports: ReadinessPorts,
    private readonly policy: FailoverPolicy,
    private readonly options: CallOptions,
    /** The source failed its probes just now: its remembered view stands in without a live read. */
    private readonly sourceUnreachable = false,
  ) {}

  registry(): Promise<RegistryInfo> {
    const id = this.policy.spec.readiness.acr?.registry ?? '';
    return this.once(`registry:${id}`, () => this.ports.acr.getRegistry(id, this.options));
  }

  replications(): Promise<Replication[]> {
    const id = this.policy.spec.readiness.acr?.registry ?? '';
    return this.once(`replications:${id}`, () => this.ports.acr.listReplications(id, this.options));
  }

  profile(): Promise<TrafficManagerProfile> {
    const id = this.policy.spec.trafficManager.profile;
    return this.once(`profile:${id}`, () => this.ports.trafficManager.getProfile(id, this.options));
  }

  /** The newest Completed backup of `schedule` as the Velero of `region` sees it (the one a restore there takes). */
  newestBackup(region: RegionSpec, schedule: string): Promise<BackupInfo | undefined> {
    return this.once(`newest-backup:${region.cluster}:${schedule}`, () => this.ports.clusters.velero(region.cluster).newestCompletedBackup(schedule, this.options));
  }

  /** The Deployments of `namespaces` a backup holds, read through the Velero of `region`. */
  backupDeployments(region: RegionSpec, backup: string, namespaces: readonly string[]): Promise<BackedUpDeployment[]> {
    const sorted = [...new Set(namespaces)].sort();
    return this.once(`backup-deployments:${region.cluster}:${backup}:${sorted.join(',')}`, () => this.ports.clusters.velero(region.cluster).backupDeployments(backup, sorted, this.options));
  }

  cluster(region: RegionSpec): Promise<AksCluster> {
    return this.once(`cluster:${region.cluster}`, () => this.ports.aks.getCluster(region.cluster, this.options));
  }

  deployments(region: RegionSpec, namespaces: readonly string[], options: CallOptions = this.options): Promise<DeploymentInfo[]> {
    const sorted = [...new Set(namespaces)].sort();
    return this.once(`deployments:${region.cluster}:${sorted.join(',')}`, () => this.ports.clusters.kubernetes(region.cluster).listDeployments(sorted, options));
  }

  /**
   * The source is often the region that just died, and a dead region hangs: its read gets only the
   * probe timeout, so it cannot eat the whole check's deadline before the target's own reads (the
   * memory stands in for it when it does not answer).
   */
  private sourceOptions(): CallOptions {
    const timeoutInMs = Math.min(this.policy.spec.health.timeoutSeconds * 1000, this.options.timeoutInMs ?? Number.POSITIVE_INFINITY);
    const signals = [AbortSignal.timeout(timeoutInMs), ...(this.options.abortSignal ? [this.options.abortSignal] : [])];
    return { abortSignal: AbortSignal.any(signals), timeoutInMs };
  }

  /**
   * The source region's deployments. The source is often the region that just failed: then its last
   * view from the memory stands in, marked with its age; with no memory the read's error is thrown.
   */
  async sourceDeployments(region: RegionSpec, namespaces: readonly string[]): Promise<SourceDeployments> {
    const options = this.sourceOptions();
    const known = this.sourceUnreachable ? this.ports.memory?.recall(region.cluster, namespaces) : undefined;
    if (known) return { deployments: known.deployments, asOf: known.at, unreachable: new Error(`${region.name} failed its probes this cycle; not read again`) };
    try {
      return { deployments: await this.deployments(region, namespaces, options) };
    } catch (error) {
      const remembered = this.ports.memory?.recall(region.cluster, namespaces);
      if (!remembered) throw error;
      return { deployments: remembered.deployments, asOf: remembered.at, unreachable: error, ...(options.timeoutInMs !== undefined ? { timeoutInMs: options.timeoutInMs } : {}) };
    }
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let pending = this.memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read();
      // Each check awaits it and reports its own failure; no unhandled rejection in between.
      pending.catch(() => undefined);
      this.memo.set(key, pending);
    }
    return pending;
  }
}
