// The simulated Velero of every lab cluster: schedules that produce backups, on-demand backups,
// and restores that walk through their phases and materialise what the backup holds. The lab
// calls `tick()` on a short real interval; tests advance a ManualClock and call it. `tick()` is idempotent and catches up
// after clock jumps (schedule runs capped, restore steps all taken).
import type { LabContext } from '../context.js';
import { veleroTypes } from '../world/kube-store.js';
import { BackupController } from './velero-backup-controller.js';
import type { BackupContents } from './velero-backups.js';
import { DownloadRequestController } from './velero-downloads.js';
import type { RestoreOutcome } from './velero-materialise.js';
import { RestoreController, resultsKey } from './velero-restores.js';
import { ScheduleController } from './velero-schedules.js';

export class VeleroSimulator {
  private readonly contents: BackupContents = new Map();
  private readonly schedules: ScheduleController;
  private readonly restores: RestoreController;
  private readonly backups: BackupController;
  private readonly downloads: DownloadRequestController;

  constructor(private readonly ctx: LabContext) {
    this.schedules = new ScheduleController(ctx, this.contents);
    this.restores = new RestoreController(ctx, this.contents);
    this.backups = new BackupController(ctx, this.contents);
    this.downloads = new DownloadRequestController(ctx, this.contents);
  }

  /**
   * History for a fresh lab: three Completed backups per schedule — at its cron's last three runs
   * (azure pace), or `backupEveryMs` apart with the newest half an interval old, at most five
   * minutes (fast pace), so the next run is half an interval away.
   */
  seed(): void {
    const now = this.ctx.clock.now();
    for (const cluster of this.ctx.world.clusters) {
      for (const schedule of cluster.store.list(veleroTypes.schedules)) {
        for (const at of this.schedules.seedRuns(schedule, now, 3)) this.schedules.runAt(cluster, schedule, at);
      }
    }
  }

  /** A finished restore's results (errors and warnings by namespace), as `velero restore describe` shows them. */
  restoreResults(clusterName: string, namespace: string, name: string): RestoreOutcome['results'] | undefined {
    return this.restores.results.get(resultsKey({ name: clusterName }, { metadata: { name, namespace } }));
  }

  tick(): void {
    this.schedules.tick();
    this.backups.tick();
    this.restores.tick();
    this.downloads.tick();
  }
}
