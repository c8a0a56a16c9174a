// Producing a Velero backup the way a schedule run does: snapshot the source cluster's included
// namespaces and Deployments (kept by the simulator, not in the Backup object, since a real backup's
// contents live in object storage), then write the Completed Backup into every cluster, as Velero's
// backup sync does from the shared storage location.
import type { LabContext } from '../context.js';
import { coreTypes, veleroTypes, type KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import { kubeTimestamp, parseGoDuration } from './time-format.js';

/** What a backup holds: the namespaces and Deployments of its source cluster at backup time. */
export interface BackupSnapshot {
  sourceCluster: string;
  namespaces: string[];
  deployments: KubeObject[];
  /** Volume data the backup holds, GiB (the lab's workloads are stateless: 0 unless a test says otherwise). */
  volumeGiB?: number;
}

/** Snapshots by `{namespace}/{backupName}`. */
export type BackupContents = Map<string, BackupSnapshot>;

export function contentsKey(namespace: string | undefined, backupName: string): string {
  return `${namespace ?? ''}/${backupName}`;
}

const defaultTtlMs = 720 * 3_600_000;

function includes(list: unknown, value: string): boolean {
  return Array.isArray(list) && (list.includes(value) || list.includes('*'));
}

/** The included namespaces' Deployments, stripped to what a restore recreates. */
export function snapshotCluster(cluster: ClusterState, backupSpec: Record<string, unknown>): BackupSnapshot {
  const included = backupSpec.includedNamespaces;
  const allNamespaces = !Array.isArray(included) || included.length === 0;
  const namespaces = cluster.store
    .list(coreTypes.namespaces)
    .map((ns) => ns.metadata.name)
    .filter((ns) => (allNamespaces || includes(included, ns)) && !includes(backupSpec.excludedNamespaces, ns));
  const deployments = namespaces.flatMap((ns) =>
    cluster.store.list(coreTypes.deployments, ns).map((d) => ({
      apiVersion: d.apiVersion,
      kind: d.kind,
      metadata: { name: d.metadata.name, namespace: ns, ...(d.metadata.labels ? { labels: d.metadata.labels } : {}), ...(d.metadata.annotations ? { annotations: d.metadata.annotations } : {}) },
      spec: structuredClone(d.spec ?? {}),
    })),
  );
  return { sourceCluster: cluster.name, namespaces, deployments };
}

export interface BackupRun {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  spec: Record<string, unknown>;
  startMs: number;
  completionMs: number;
}

/** A Completed Backup object for a run, with the fields Velero fills in. */
export function completedBackup(run: BackupRun, source: ClusterState, snapshot: BackupSnapshot): KubeObject {
  const ttlMs = parseGoDuration(run.spec.ttl) ?? defaultTtlMs;
  const items = snapshot.namespaces.length + snapshot.deployments.length;
  const [major = '1', minor = '0'] = source.kubernetesVersion.split('.');
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: {
      name: run.name,
      namespace: run.namespace,
      creationTimestamp: kubeTimestamp(run.startMs),
      labels: {
        ...run.labels,
        'velero.io/source-cluster-k8s-gitversion': `v${source.kubernetesVersion}`,
        'velero.io/source-cluster-k8s-major-version': major,
        'velero.io/source-cluster-k8s-minor-version': minor,
      },
    },
    spec: { csiSnapshotTimeout: '10m0s', itemOperationTimeout: '4h0m0s', ttl: '720h0m0s', storageLocation: 'default', ...run.spec },
    status: {
      phase: 'Completed',
      formatVersion: '1.1.0',
      version: 1,
      startTimestamp: kubeTimestamp(run.startMs),
      completionTimestamp: kubeTimestamp(run.completionMs),
      expiration: kubeTimestamp(run.startMs + ttlMs),
      progress: { itemsBackedUp: items, totalItems: items },
    },
  };
}

/**
 * Record the snapshot and write the backup into every cluster that has the Velero namespace;
 * returns false when a backup of that name already exists in the source (the run already happened).
 */
export function publishBackup(ctx: LabContext, contents: BackupContents, source: ClusterState, backup: KubeObject, snapshot: BackupSnapshot): boolean {
  const namespace = backup.metadata.namespace;
  if (source.store.get(veleroTypes.backups, namespace, backup.metadata.name)) return false;
  contents.set(contentsKey(namespace, backup.metadata.name), snapshot);
  for (const cluster of ctx.world.clusters) {
    if (!cluster.store.get(coreTypes.namespaces, undefined, namespace ?? '')) continue;
    if (cluster.store.get(veleroTypes.backups, namespace, backup.metadata.name)) continue;
    cluster.store.create(veleroTypes.backups, backup);
  }
  return true;
}
