// Velero lives in its cluster: when the cluster's region is down, its Velero produces no backups,
// walks no restore, and its backup storage location reads back Unavailable. The lab's clusters share
// one storage account (`staksdrbackups`), so another region's location stays Available: the lab
// does not model per-region storage.
import type { LabContext } from '../context.js';
import type { KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import type { ClusterScope } from './resource-def.js';
import { kubeTimestamp } from './time-format.js';

export function veleroRuns(ctx: LabContext, cluster: ClusterState): boolean {
  return ctx.faults.active(cluster.region, 'region-down') === undefined;
}

/** A BackupStorageLocation as Velero's own validation reports it while its region is down. */
export function backupStorageLocationView(obj: KubeObject, scope: ClusterScope): KubeObject {
  const down = scope.ctx.faults.active(scope.cluster.region, 'region-down');
  if (!down) return obj;
  const view = structuredClone(obj);
  view.status = {
    ...view.status,
    phase: 'Unavailable',
    lastValidationTime: kubeTimestamp(down.injectedAt),
    message: `BackupStorageLocation "${obj.metadata.name}" is unavailable: rpc error: code = Unknown desc = dial tcp: i/o timeout`,
  };
  return view;
}
