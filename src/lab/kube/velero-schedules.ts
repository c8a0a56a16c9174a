// The schedule controller: an Enabled, unpaused schedule produces a Completed backup at each run of
// its cron (azure pace, velero-cron.ts, compressed by the time scale), or every
// `timing.backupEveryMs` (fast pace, the cron's stand-in). The backup reads Completed at once, its
// completionTimestamp `timing.backupDurationMs` after its start (or now, if sooner). Runs missed because the
// clock jumped are caught up (at most `maxCatchUpRuns`, the most recent ones). While `backup-stale`
// is on the schedule's region no backups are produced; the first tick after it heals produces a
// fresh one at once instead of back-filling the gap.
import { cronProblem, cronRunsBefore, cronRunsBetween, type CronTime } from './velero-cron.js';
import { backupStorageFault } from './velero-region.js';
import type { LabContext } from '../context.js';
import { veleroTypes, type KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import { completedBackup, publishBackup, snapshotCluster, type BackupContents } from './velero-backups.js';
import { isPlainObject } from './request-body.js';
import { kubeTimestamp, timestampMs, veleroNameStamp } from './time-format.js';

export const maxCatchUpRuns = 10;

export class ScheduleController {
  /** Schedules (`cluster/namespace/name`) that skipped runs because of backup-stale. */
  private readonly suppressed = new Set<string>();

  constructor(
    private readonly ctx: LabContext,
    private readonly contents: BackupContents,
  ) {}

  tick(): void {
    for (const cluster of this.ctx.world.clusters) {
      for (const schedule of cluster.store.list(veleroTypes.schedules)) this.reconcile(cluster, schedule);
    }
  }

  /** Produce the backup a schedule would have made at `atMs` (seeding and catch-up use this). */
  runAt(cluster: ClusterState, schedule: KubeObject, atMs: number): void {
    const template = isPlainObject(schedule.spec?.template) ? schedule.spec.template : {};
    const templateLabels = isPlainObject(template.metadata) && isPlainObject(template.metadata.labels) ? (template.metadata.labels as Record<string, string>) : schedule.metadata.labels ?? {};
    const spec: Record<string, unknown> = { ...template };
    delete spec.metadata;
    const storageLocation = typeof spec.storageLocation === 'string' ? spec.storageLocation : 'default';
    const snapshot = snapshotCluster(cluster, spec);
    const backup = completedBackup(
      {
        name: `${schedule.metadata.name}-${veleroNameStamp(atMs)}`,
        namespace: schedule.metadata.namespace ?? 'velero',
        labels: { ...templateLabels, 'velero.io/schedule-name': schedule.metadata.name, 'velero.io/storage-location': storageLocation },
        spec: { ...spec, storageLocation },
        startMs: atMs,
        completionMs: Math.min(atMs + this.ctx.timing.backupDurationMs, this.ctx.clock.now()),
      },
      cluster,
      snapshot,
    );
    publishBackup(this.ctx, this.contents, cluster, backup, snapshot);
    cluster.store.mutate(veleroTypes.schedules, schedule.metadata.namespace, schedule.metadata.name, (s) => {
      const last = timestampMs(s.status?.lastBackup);
      if (last === undefined || last < atMs) s.status = { ...s.status, phase: 'Enabled', lastBackup: kubeTimestamp(atMs) };
    });
  }

  private reconcile(cluster: ClusterState, schedule: KubeObject): void {
    const { namespace, name } = schedule.metadata;
    if (schedule.status?.phase !== 'Enabled') {
      const cron = schedule.spec?.schedule;
      const valid = cronProblem(cron) === undefined;
      cluster.store.mutate(veleroTypes.schedules, namespace, name, (s) => {
        s.status = valid ? { ...s.status, phase: 'Enabled' } : { ...s.status, phase: 'FailedValidation', validationErrors: [`invalid schedule: ${String(cron)}`] };
      });
      if (!valid) return;
    }
    if (schedule.spec?.paused === true) return;
    const key = `${cluster.name}/${namespace ?? ''}/${name}`;
    const now = this.ctx.clock.now();
    // While its region is down or its storage out of reach, Velero there backs nothing up; when it
    // is back, a due schedule runs once at once (Velero's schedule controller does not back-fill missed runs).
    if (this.ctx.faults.active(cluster.region, 'backup-stale') || backupStorageFault(this.ctx, cluster)) {
      this.suppressed.add(key);
      return;
    }
    const last = timestampMs(schedule.status?.lastBackup);
    if (this.suppressed.delete(key) || last === undefined) {
      this.runAt(cluster, schedule, now);
      return;
    }
    for (const at of this.dueRuns(schedule, last, now)) this.runAt(cluster, schedule, at);
  }

  /** Runs due after `last` up to `now`, oldest first, at most `maxCatchUpRuns` (the most recent). */
  private dueRuns(schedule: KubeObject, last: number, now: number): number[] {
    const { timing } = this.ctx;
    if (timing.pace === 'azure') return cronRunsBetween(String(schedule.spec?.schedule), last, now, this.cronTime(schedule), maxCatchUpRuns);
    const every = timing.backupEveryMs;
    const missed = Math.floor((now - last) / every);
    const runs = Math.min(missed, maxCatchUpRuns);
    return Array.from({ length: runs }, (_, i) => last + (missed - runs + 1 + i) * every);
  }

  /** The lab's compressed clock for this schedule's cron, starting at its creation. */
  cronTime(schedule: KubeObject): CronTime {
    return { originMs: timestampMs(schedule.metadata.creationTimestamp) ?? this.ctx.clock.now(), timeScale: this.ctx.timing.timeScale };
  }

  /** When a fresh lab's schedule would have run before now: its cron's (azure) or `backupEveryMs` apart (fast). */
  seedRuns(schedule: KubeObject, now: number, count: number): number[] {
    const { timing } = this.ctx;
    if (timing.pace === 'azure' && cronProblem(schedule.spec?.schedule) === undefined) return cronRunsBefore(String(schedule.spec?.schedule), now, count, this.cronTime(schedule));
    const every = timing.backupEveryMs;
    const newestAt = now - Math.min(Math.floor(every / 2), 5 * 60_000);
    return Array.from({ length: count }, (_, i) => newestAt - (count - 1 - i) * every);
  }
}
