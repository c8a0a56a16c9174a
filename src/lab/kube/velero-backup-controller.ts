// Backups created through the API (`velero backup create`), not by a schedule: the backup
// controller walks them (empty) → New → InProgress → Completed, one `timing.restoreStepMs` per
// step, snapshots the cluster they were created in, then syncs the Completed backup to the other
// clusters. A backup whose storage location is missing or unavailable ends FailedValidation.
import { backupStorageFault, veleroRuns } from './velero-region.js';
import type { LabContext } from '../context.js';
import { coreTypes, veleroTypes, type KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import { isPlainObject, textOf } from './request-body.js';
import { completedBackup, contentsKey, snapshotCluster, type BackupContents } from './velero-backups.js';
import { kubeTimestamp, timestampMs } from './time-format.js';

export class BackupController {
  constructor(
    private readonly ctx: LabContext,
    private readonly contents: BackupContents,
  ) {}

  tick(): void {
    for (const cluster of this.ctx.world.clusters) {
      if (!veleroRuns(this.ctx, cluster)) continue;
      for (const backup of cluster.store.list(veleroTypes.backups)) {
        const phase = textOf(backup.status?.phase);
        if (phase === '' || phase === 'New' || phase === 'InProgress') this.reconcile(cluster, backup);
      }
    }
  }

  private reconcile(cluster: ClusterState, backup: KubeObject): void {
    const now = this.ctx.clock.now();
    const step = this.ctx.timing.restoreStepMs;
    const { namespace, name } = backup.metadata;
    const created = timestampMs(backup.metadata.creationTimestamp) ?? now;
    let current: KubeObject | undefined = backup;
    for (let i = 0; i < 3 && current; i++) {
      const phase = textOf(current.status?.phase);
      if (phase === '') {
        current = cluster.store.mutate(veleroTypes.backups, namespace, name, (b) => void (b.status = { ...b.status, phase: 'New' }));
      } else if (phase === 'New' && now >= created + step) {
        const location = textOf(current.spec?.storageLocation) || 'default';
        const bsl = cluster.store.get(veleroTypes.backupstoragelocations, namespace, location);
        current = cluster.store.mutate(veleroTypes.backups, namespace, name, (b) => {
          b.spec = { ...b.spec, storageLocation: location };
          b.status =
            bsl?.status?.phase === 'Available' && !backupStorageFault(this.ctx, cluster)
              ? { ...b.status, phase: 'InProgress', startTimestamp: kubeTimestamp(created + step) }
              : { ...b.status, phase: 'FailedValidation', validationErrors: [`backup storage location "${location}" is not available`] };
        });
      } else if (phase === 'InProgress') {
        if (backupStorageFault(this.ctx, cluster)) return; // the upload cannot reach the storage: it waits
        const started = timestampMs(current.status?.startTimestamp) ?? created + step;
        if (now < started + step) return;
        this.complete(cluster, current, started, started + step);
        return;
      } else return;
    }
  }

  private complete(cluster: ClusterState, backup: KubeObject, startMs: number, completionMs: number): void {
    const spec = isPlainObject(backup.spec) ? backup.spec : {};
    const snapshot = snapshotCluster(cluster, spec);
    const done = completedBackup({ name: backup.metadata.name, namespace: backup.metadata.namespace ?? 'velero', labels: backup.metadata.labels ?? {}, spec, startMs, completionMs }, cluster, snapshot);
    this.contents.set(contentsKey(backup.metadata.namespace, backup.metadata.name), snapshot);
    cluster.store.mutate(veleroTypes.backups, backup.metadata.namespace, backup.metadata.name, (b) => {
      b.metadata.labels = done.metadata.labels;
      b.spec = done.spec;
      b.status = done.status;
    });
    for (const other of this.ctx.world.clusters) {
      if (other === cluster || !other.store.get(coreTypes.namespaces, undefined, backup.metadata.namespace ?? '')) continue;
      if (!other.store.get(veleroTypes.backups, backup.metadata.namespace, backup.metadata.name)) other.store.create(veleroTypes.backups, done);
    }
  }
}
