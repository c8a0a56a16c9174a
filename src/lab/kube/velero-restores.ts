// The restore controller. Phases, each after `timing.restoreStepMs` on the lab clock:
//   (empty) → New                   as soon as the controller sees the restore
//   New → InProgress | FailedValidation   validation; InProgress fills spec.backupName, startTimestamp
//   InProgress → Completed | PartiallyFailed | Failed   the backup's contents are materialised
// Timestamps are the times the steps were due, so one tick after a long clock jump walks a
// restore through every step it missed. Terminal phases are final: a restore never runs twice.
import { veleroRuns } from './velero-region.js';
import type { LabContext } from '../context.js';
import { veleroTypes, type KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import { contentsKey, type BackupContents } from './velero-backups.js';
import { materialise } from './velero-materialise.js';
import { validateRestore } from './velero-restore-validation.js';
import { kubeTimestamp, timestampMs } from './time-format.js';

export const terminalRestorePhases: readonly string[] = ['FailedValidation', 'Completed', 'PartiallyFailed', 'Failed'];

type Step = { dueMs: number; apply: (restore: KubeObject) => void };

export class RestoreController {
  constructor(
    private readonly ctx: LabContext,
    private readonly contents: BackupContents,
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
        const started = timestampMs(restore.status?.startTimestamp) ?? created + step;
        return { dueMs: started + step, apply: (r) => this.finish(cluster, r, started + step) };
      }
      default:
        return undefined; // terminal, or a phase the lab does not model
    }
  }

  private start(cluster: ClusterState, restore: KubeObject, atMs: number): void {
    const result = validateRestore(cluster, restore);
    if (!result.ok) {
      restore.status = { ...restore.status, phase: 'FailedValidation', validationErrors: result.errors };
      return;
    }
    restore.spec = { ...restore.spec, backupName: result.backup.metadata.name, itemOperationTimeout: restore.spec?.itemOperationTimeout ?? '4h0m0s' };
    restore.status = { ...restore.status, phase: 'InProgress', startTimestamp: kubeTimestamp(atMs) };
  }

  private finish(cluster: ClusterState, restore: KubeObject, atMs: number): void {
    const backupName = typeof restore.spec?.backupName === 'string' ? restore.spec.backupName : '';
    const snapshot = this.contents.get(contentsKey(restore.metadata.namespace, backupName)) ?? { sourceCluster: '', namespaces: [], deployments: [] };
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
    const outcome = materialise(cluster, restore, snapshot, { restoreName: restore.metadata.name, backupName, failingDeployments: fault ? 1 : 0, nowMs: atMs });
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
