// Velero lives in its cluster: when the cluster's region is down, its Velero produces no backups,
// walks no restore, and its backup storage location reads back Unavailable. With
// `backup-storage-unavailable` only the storage is out of reach: the location reads back
// Unavailable, schedules produce nothing, new restores fail validation as Velero's do against an
// Unavailable location, and restores already InProgress stall (their downloads time out and retry). The lab's clusters share
// one storage account (`staksdrbackups`), so another region's location stays Available: the lab
// does not model per-region storage.
import type { LabContext } from '../context.js';
import type { Fault } from '../faults.js';
import { isPlainObject } from './request-body.js';
import type { KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import type { ClusterScope } from './resource-def.js';
import { kubeTimestamp } from './time-format.js';

export function veleroRuns(ctx: LabContext, cluster: ClusterState): boolean {
  return ctx.faults.active(cluster.region, 'region-down') === undefined;
}

/**
 * The fault that makes this cluster's backup storage unreachable: its region is down, or
 * `backup-storage-unavailable` (the storage account cannot be reached from there: a private
 * endpoint, DNS or firewall failure) with the rest of the region up.
 */
export function backupStorageFault(ctx: LabContext, cluster: ClusterState): Fault | undefined {
  return ctx.faults.active(cluster.region, 'region-down') ?? ctx.faults.active(cluster.region, 'backup-storage-unavailable');
}

/** A BackupStorageLocation as Velero's own validation reports it while its storage cannot be reached. */
export function backupStorageLocationView(obj: KubeObject, scope: ClusterScope): KubeObject {
  const fault = backupStorageFault(scope.ctx, scope.cluster);
  if (!fault) return obj;
  const view = structuredClone(obj);
  const account = isPlainObject(obj.spec?.config) && typeof obj.spec.config.storageAccount === 'string' ? obj.spec.config.storageAccount : 'staksdrbackups';
  const bucket = isPlainObject(obj.spec?.objectStorage) && typeof obj.spec.objectStorage.bucket === 'string' ? obj.spec.objectStorage.bucket : 'velero';
  view.status = {
    ...view.status,
    phase: 'Unavailable',
    lastValidationTime: kubeTimestamp(fault.injectedAt),
    message:
      fault.kind === 'region-down'
        ? `BackupStorageLocation "${obj.metadata.name}" is unavailable: rpc error: code = Unknown desc = dial tcp: i/o timeout`
        : `BackupStorageLocation "${obj.metadata.name}" is unavailable: rpc error: code = Unknown desc = GET https://${account}.blob.core.windows.net/${bucket}: dial tcp: lookup ${account}.blob.core.windows.net: i/o timeout`,
  };
  return view;
}
