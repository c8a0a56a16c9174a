// What Velero's restore controller checks before it starts a restore (restore_controller.go
// `validateAndComplete`), reporting every problem at once; on success it names the backup to use,
// picking the most recent Completed backup of the schedule when the restore names a schedule.
import { veleroTypes, type KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import { textOf } from './request-body.js';
import { timestampMs } from './time-format.js';

export type RestoreValidation = { ok: true; backup: KubeObject } | { ok: false; errors: string[] };

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `mostRecentCompletedBackup`: sort by status.startTimestamp descending, first Completed wins. */
export function mostRecentCompletedBackup(backups: KubeObject[]): KubeObject | undefined {
  return [...backups]
    .sort((a, b) => (timestampMs(b.status?.startTimestamp) ?? 0) - (timestampMs(a.status?.startTimestamp) ?? 0))
    .find((b) => b.status?.phase === 'Completed');
}

/** `storageReachable: false`: the location reads back Unavailable (velero-region.ts) though the store says otherwise. */
export function validateRestore(cluster: ClusterState, restore: KubeObject, storageReachable = true): RestoreValidation {
  const errors: string[] = [];
  const namespace = restore.metadata.namespace;
  const backupName = text(restore.spec?.backupName);
  const scheduleName = text(restore.spec?.scheduleName);
  const policy = text(restore.spec?.existingResourcePolicy);
  if (policy !== '' && policy !== 'none' && policy !== 'update') errors.push(`Invalid existing resource policy ${policy}, it must be one of none, update`);

  let backup: KubeObject | undefined;
  if ((backupName === '') === (scheduleName === '')) {
    errors.push('Either a backup or schedule must be specified as a source for the restore, but not both');
  } else if (scheduleName !== '') {
    const ofSchedule = cluster.store.list(veleroTypes.backups, namespace).filter((b) => b.metadata.labels?.['velero.io/schedule-name'] === scheduleName);
    backup = mostRecentCompletedBackup(ofSchedule);
    if (ofSchedule.length === 0) errors.push('No backups found for schedule');
    else if (!backup) errors.push('No completed backups found for schedule');
  } else {
    backup = cluster.store.get(veleroTypes.backups, namespace, backupName);
    if (!backup) errors.push(`Error retrieving backup: backups.velero.io "${backupName}" not found`);
    else if (backup.status?.phase !== 'Completed' && backup.status?.phase !== 'PartiallyFailed') {
      errors.push(`backup ${backupName} is in phase ${textOf(backup.status?.phase, 'New')}; only Completed or PartiallyFailed backups can be restored`);
    }
  }

  if (backup) {
    const locationName = text(backup.spec?.storageLocation) || 'default';
    const location = cluster.store.get(veleroTypes.backupstoragelocations, namespace, locationName);
    if (!location) errors.push(`Error getting backup storage location: backupstoragelocations.velero.io "${locationName}" not found`);
    else if (location.status?.phase !== 'Available' || !storageReachable) errors.push(`The BSL ${locationName} is unavailable, cannot retrieve the backup`);
  }
  return errors.length > 0 || !backup ? { ok: false, errors } : { ok: true, backup };
}
