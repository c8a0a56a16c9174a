// How region faults look to a client of a cluster's API server. Request-level faults (a dead,
// slow or flaky API server) decide whether and how a request is answered; object views change what
// is read back (NotReady nodes, unavailable workloads, stale backups) while the store keeps the
// truth, so healing the fault restores the real picture at once.
import { deadModeOf } from '../faults.js';
import type { DeadMode } from '../http/handler.js';
import type { KubeObject } from '../world/kube-store.js';
import type { ClusterScope } from './resource-def.js';
import { shiftTimestamp } from './time-format.js';

export interface RequestFault {
  /** No answer, and how (region or API server down); undefined when the server answers. */
  dead: DeadMode | undefined;
  /** Added latency (apiserver-slow). */
  delayMs: number;
  /** This request is one of those a flaky API server fails. */
  flaky: boolean;
}

export function requestFaultFor(scope: ClusterScope): RequestFault {
  const { faults } = scope.ctx;
  const region = scope.cluster.region;
  const down = faults.fires(region, 'region-down') ?? faults.fires(region, 'apiserver-down');
  if (down) return { dead: deadModeOf(down), delayMs: 0, flaky: false };
  const slow = faults.fires(region, 'apiserver-slow');
  const delayMs = slow ? (slow.latencyMs ?? 5000) : 0;
  return { dead: undefined, delayMs, flaky: faults.fires(region, 'flaky') !== undefined };
}

/** nodes-notready: the node controller's view of nodes whose kubelets stopped reporting. */
export function nodeView(obj: KubeObject, scope: ClusterScope): KubeObject {
  const fault = scope.ctx.faults.active(scope.cluster.region, 'nodes-notready');
  if (!fault) return obj;
  const view = structuredClone(obj);
  const status = (view.status ??= {});
  const since = new Date(fault.injectedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Record<string, unknown>[]) : [];
  status.conditions = [
    ...conditions.filter((c) => c.type !== 'Ready'),
    { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: since, lastTransitionTime: since },
  ];
  const spec = (view.spec ??= {});
  const taints = Array.isArray(spec.taints) ? (spec.taints as Record<string, unknown>[]) : [];
  spec.taints = [
    ...taints.filter((t) => t.key !== 'node.kubernetes.io/unreachable'),
    { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: since },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: since },
  ];
  return view;
}

/** workloads-unavailable: the app namespace's Deployments report no available replicas. */
export function deploymentView(obj: KubeObject, scope: ClusterScope): KubeObject {
  if (obj.metadata.namespace !== scope.ctx.world.spec.appNamespace) return obj;
  if (!scope.ctx.faults.active(scope.cluster.region, 'workloads-unavailable')) return obj;
  const view = structuredClone(obj);
  const replicas = typeof view.spec?.replicas === 'number' ? view.spec.replicas : 1;
  const status = (view.status ??= {});
  status.readyReplicas = 0;
  status.availableReplicas = 0;
  status.unavailableReplicas = replicas;
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Record<string, unknown>[]) : [];
  if (replicas > 0) {
    status.conditions = [
      { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      ...conditions.filter((c) => c.type !== 'Available'),
    ];
  }
  return view;
}

/** The region of the cluster whose schedule produced a backup (the backup's source), if known. */
export function scheduleRegion(scope: ClusterScope, namespace: string | undefined, scheduleName: string | undefined): string | undefined {
  if (!scheduleName) return undefined;
  const owner = scope.ctx.world.clusters.find((c) => c.store.get({ group: 'velero.io', version: 'v1', plural: 'schedules' }, namespace, scheduleName));
  return owner?.region;
}

/**
 * backup-stale: a backup reads back older by `staleBackupAgeMs` when the fault is on the region
 * reading it or on the region whose schedule produced it (backups are synced into every cluster
 * from the shared storage location, so a stale source is stale everywhere).
 */
export function backupView(obj: KubeObject, scope: ClusterScope): KubeObject {
  const { faults } = scope.ctx;
  const source = scheduleRegion(scope, obj.metadata.namespace, obj.metadata.labels?.['velero.io/schedule-name']);
  const stale = faults.active(scope.cluster.region, 'backup-stale') ?? (source ? faults.active(source, 'backup-stale') : undefined);
  if (!stale) return obj;
  const view = structuredClone(obj);
  const delta = -scope.ctx.timing.staleBackupAgeMs;
  view.metadata.creationTimestamp = shiftTimestamp(view.metadata.creationTimestamp, delta) as string;
  const status = view.status;
  if (status) {
    for (const field of ['startTimestamp', 'completionTimestamp', 'expiration']) {
      if (status[field] !== undefined) status[field] = shiftTimestamp(status[field], delta);
    }
  }
  return view;
}

/** backup-stale on the schedule's region: its lastBackup reads back as old as its backups do. */
export function scheduleView(obj: KubeObject, scope: ClusterScope): KubeObject {
  if (!scope.ctx.faults.active(scope.cluster.region, 'backup-stale') || !obj.status?.lastBackup) return obj;
  const view = structuredClone(obj);
  if (view.status) view.status.lastBackup = shiftTimestamp(view.status.lastBackup, -scope.ctx.timing.staleBackupAgeMs);
  return view;
}
