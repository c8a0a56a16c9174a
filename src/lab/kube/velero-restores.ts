// The restore controller. Phases, on the lab clock:
//   (empty) → New                   as soon as the controller sees the restore
//   New → InProgress | FailedValidation   after `restoreStepMs`: validation; InProgress fills
//                                   spec.backupName, startTimestamp, progress.totalItems
//   InProgress → Completed | PartiallyFailed | Failed   after the restore's duration (below): the
//                                   backup's contents are materialised
// The InProgress duration is a model, not a measurement of Velero: a base (download and unpack the
// backup, `restoreStepMs`) + a cost per item restored (Velero restores items one by one through the
// API server) + a cost per GiB of volume data (the data mover's throughput):
//   restoreStepMs + restorePerItemMs × items + restorePerGiBMs × GiB      (pace.ts has the figures)
// Faults: `restore-hangs` and an unreachable backup storage hold InProgress restores where they are
// (they finish when healed); `restore-fails` ends them Failed (failureReason) or PartiallyFailed
// (per-item errors counted in status.errors, the messages in the restore's results, as Velero
// keeps them in object storage). Timestamps are the times the steps were due, so one tick after a
// long clock jump walks a restore through every step it missed. Terminal phases are final.
import { backupStorageFault, veleroRuns } from './velero-region.js';
import type { LabContext } from '../context.js';
import { veleroTypes, type KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import { contentsKey, type BackupContents, type BackupSnapshot } from './velero-backups.js';
import { materialise, restoreItemCount, type RestoreOutcome } from './velero-materialise.js';
import { validateRestore } from './velero-restore-validation.js';
import { kubeTimestamp, timestampMs } from './time-format.js';

export const terminalRestorePhases: readonly string[] = ['FailedValidation', 'Completed', 'PartiallyFailed', 'Failed'];

type Step = { dueMs: number; apply: (restore: KubeObject) => void };

/** Each finished restore's results (`cluster/namespace/name`), as Velero uploads them to object storage. */
export type RestoreResults = Map<string, RestoreOutcome['results']>;

export function resultsKey(cluster: Pick<ClusterState, 'name'>, restore: Pick<KubeObject, 'metadata'>): string {
  return `${cluster.name}/${restore.metadata.namespace ?? ''}/${restore.metadata.name}`;
}

export class RestoreController {
  constructor(
    private readonly ctx: LabContext,
    private readonly contents: BackupContents,
    readonly results: RestoreResults = new Map(),
  ) {}

  tick(): void {
    for (const cluster of this.ctx.world.clusters) {
      if (!veleroRuns(this.ctx, cluster)) continue;
      for (const restore of cluster.store.list(veleroTypes.restores)) this.reconcile(cluster, restore);
    }
  }

  private reconcile(cluster: ClusterState, initial: KubeObject): void {
    let restore: KubeObject | undefined = initial;
    // At most three steps remain from any phase; the bound guards against a step that changes nothing.
    for (let i = 0; i < 3 && restore; i++) {
      const step = this.nextStep(cluster, restore);
      if (!step || step.dueMs > this.ctx.clock.now()) return;
      restore = cluster.store.mutate(veleroTypes.restores, restore.metadata.namespace, restore.metadata.name, step.apply);
    }
  }

  private nextStep(cluster: ClusterState, restore: KubeObject): Step | undefined {
    const phase = typeof restore.status?.phase === 'string' ? restore.status.phase : '';
    const step = this.ctx.timing.restoreStepMs;
    const created = timestampMs(restore.metadata.creationTimestamp) ?? this.ctx.clock.now();
    switch (phase) {
      case '':
        return { dueMs: created, apply: (r) => void (r.status = { ...r.status, phase: 'New' }) };
      case 'New':
        return { dueMs: created + step, apply: (r) => this.start(cluster, r, created + step) };
      case 'InProgress': {
        if (this.ctx.faults.active(cluster.region, 'restore-hangs') || backupStorageFault(this.ctx, cluster)) return undefined;
        const started = timestampMs(restore.status?.startTimestamp) ?? created + step;
        const doneAt = started + this.durationMs(restore);
        return { dueMs: doneAt, apply: (r) => this.finish(cluster, r, doneAt) };
      }
      default:
        return undefined; // terminal, or a phase the lab does not model
    }
  }

  /** How long the restore stays InProgress: base + per item + per GiB (the model in the header). */
  durationMs(restore: KubeObject): number {
    const { timing } = this.ctx;
    const snapshot = this.snapshotOf(restore);
    return timing.restoreStepMs + timing.restorePerItemMs * restoreItemCount(restore, snapshot) + timing.restorePerGiBMs * (snapshot.volumeGiB ?? 0);
  }

  private snapshotOf(restore: KubeObject): BackupSnapshot {
    const backupName = typeof restore.spec?.backupName === 'string' ? restore.spec.backupName : '';
    return this.contents.get(contentsKey(restore.metadata.namespace, backupName)) ?? { sourceCluster: '', namespaces: [], deployments: [] };
  }

  private start(cluster: ClusterState, restore: KubeObject, atMs: number): void {
    const result = validateRestore(cluster, restore, backupStorageFault(this.ctx, cluster) === undefined);
    if (!result.ok) {
      restore.status = { ...restore.status, phase: 'FailedValidation', validationErrors: result.errors };
      return;
    }
    restore.spec = { ...restore.spec, backupName: result.backup.metadata.name, itemOperationTimeout: restore.spec?.itemOperationTimeout ?? '4h0m0s' };
    restore.status = { ...restore.status, phase: 'InProgress', startTimestamp: kubeTimestamp(atMs), progress: { itemsRestored: 0, totalItems: restoreItemCount(restore, this.snapshotOf(restore)) } };
  }

  private finish(cluster: ClusterState, restore: KubeObject, atMs: number): void {
    const backupName = typeof restore.spec?.backupName === 'string' ? restore.spec.backupName : '';
    const snapshot = this.snapshotOf(restore);
    const fault = this.ctx.faults.fires(cluster.region, 'restore-fails');
    const completionTimestamp = kubeTimestamp(atMs);
    if (fault && (fault.phase ?? 'Failed') === 'Failed') {
      restore.status = {
        ...restore.status,
        phase: 'Failed',
        completionTimestamp,
        errors: 1,
        failureReason: `error downloading backup ${backupName} from storage location default: storage account unreachable from ${cluster.region} (lab fault restore-fails)`,
        progress: { itemsRestored: 0, totalItems: snapshot.namespaces.length + snapshot.deployments.length },
      };
      return;
    }
    const outcome = materialise(cluster, restore, snapshot, { restoreName: restore.metadata.name, backupName, failingDeployments: fault ? 1 : 0, nowMs: atMs, settle: this.ctx.timing.pace !== 'azure' });
    this.results.set(resultsKey(cluster, restore), outcome.results);
    restore.status = {
      ...restore.status,
      phase: outcome.errors > 0 ? 'PartiallyFailed' : 'Completed',
      completionTimestamp,
      progress: { itemsRestored: outcome.itemsRestored, totalItems: outcome.totalItems },
      ...(outcome.warnings > 0 ? { warnings: outcome.warnings } : {}),
      ...(outcome.errors > 0 ? { errors: outcome.errors } : {}),
    };
  }
}
