// The simulated Velero of every lab cluster: schedules that produce backups, on-demand backups,
// and restores that walk through their phases and materialise what the backup holds. The lab
// calls `tick()` on a short real interval; tests advance a ManualClock and call it. `tick()` is idempotent and catches up
// after clock jumps (schedule runs capped, restore steps all taken).
import type { LabContext } from '../context.js';
import { veleroTypes } from '../world/kube-store.js';
import { BackupController } from './velero-backup-controller.js';
import type { BackupContents } from './velero-backups.js';
import { DownloadRequestController } from './velero-downloads.js';
import { RestoreController } from './velero-restores.js';
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
   * History for a fresh lab: three Completed backups per schedule, `backupEveryMs` apart, the
   * newest half an interval old (at most five minutes), so the next run is half an interval away.
   */
  seed(): void {
    const now = this.ctx.clock.now();
    const every = this.ctx.timing.backupEveryMs;
    const newestAt = now - Math.min(Math.floor(every / 2), 5 * 60_000);
    for (const cluster of this.ctx.world.clusters) {
      for (const schedule of cluster.store.list(veleroTypes.schedules)) {
        for (let k = 2; k >= 0; k--) this.schedules.runAt(cluster, schedule, newestAt - k * every);
      }
    }
  }

  tick(): void {
    this.schedules.tick();
    this.backups.tick();
    this.restores.tick();
    this.downloads.tick();
  }
}
