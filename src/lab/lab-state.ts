// A readable snapshot of the lab for `aksdr lab show` and for tests' assertions: Traffic Manager
// weights and status, each cluster's state, Velero backups and restores, and the active faults.
import type { ArmState } from './arm/arm-state.js';
import { endpointMonitorStatus } from './arm/traffic-manager-status.js';
import type { ClientPopulation } from './clients/client-population.js';
import type { ClientTrafficReport } from './clients/traffic-share.js';
import type { LabContext } from './context.js';
import type { Fault } from './faults.js';
import { nodeReadySince } from './kube/node-lifecycle.js';
import { coreTypes, veleroTypes, type KubeObject } from './world/kube-store.js';

export interface EndpointState {
  name: string;
  region: string | undefined;
  endpointStatus: string;
  weight: number | undefined;
  priority: number | undefined;
  /** Traffic Manager's monitor status of the endpoint (when the lab's ARM state is given). */
  monitorStatus?: string;
}

export interface ClusterSnapshot {
  region: string;
  role: string;
  name: string;
  resourceId: string;
  provisioningState: string;
  powerState: string;
  agentPools: { name: string; count: number; provisioningState: string }[];
  nodes: number;
  /** Nodes whose kubelet reports Ready (at azure pace new nodes boot first). */
  nodesReady: number;
  deployments: { namespace: string; name: string; replicas: number; available: number; restoredBy?: string }[];
  restores: { name: string; phase: string; backupName?: string; errors?: number; warnings?: number; failureReason?: string }[];
}

export interface LabState {
  trafficManager: { profileId: string; routing: string; endpoints: EndpointState[] };
  clusters: ClusterSnapshot[];
  backups: { name: string; phase: string; startTimestamp?: string }[];
  faults: Fault[];
  /** Where the simulated clients' requests went over the last seconds (when the lab runs clients). */
  clients?: ClientTrafficReport;
}

export interface SnapshotSources {
  arm?: ArmState;
  clients?: ClientPopulation;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export function endpointRegion(ctx: LabContext, endpointProperties: Record<string, unknown>): string | undefined {
  const location = str(endpointProperties.endpointLocation)?.toLowerCase().replace(/\s+/g, '');
  return ctx.world.clusters.find((c) => c.region === location)?.region;
}

export function snapshotLab(ctx: LabContext, sources: SnapshotSources = {}): LabState {
  const tm = ctx.world.trafficManager;
  const { arm } = sources;
  arm?.monitor.advance(arm.profiles);
  const endpoints = (Array.isArray(tm.properties.endpoints) ? (tm.properties.endpoints as Record<string, unknown>[]) : []).map((ep) => {
    const props = (ep.properties ?? {}) as Record<string, unknown>;
    return {
      name: str(ep.name) ?? '',
      region: endpointRegion(ctx, props),
      endpointStatus: str(props.endpointStatus) ?? 'Enabled',
      weight: num(props.weight),
      priority: num(props.priority),
      ...(arm ? { monitorStatus: endpointMonitorStatus(arm, tm.properties.profileStatus !== 'Disabled', ep, props) } : {}),
    };
  });
  const primary = ctx.world.clusters[0];
  const backups = primary ? primary.store.list(veleroTypes.backups, 'velero') : [];
  return {
    trafficManager: { profileId: tm.id, routing: str(tm.properties.trafficRoutingMethod) ?? 'Weighted', endpoints },
    clusters: ctx.world.clusters.map((cluster) => ({
      region: cluster.region,
      role: cluster.role,
      name: cluster.name,
      resourceId: cluster.resourceId,
      provisioningState: cluster.provisioningState,
      powerState: cluster.powerState,
      agentPools: cluster.agentPools.map((p) => ({ name: p.name, count: p.count, provisioningState: p.provisioningState })),
      nodes: cluster.store.list(coreTypes.nodes).length,
      nodesReady: cluster.store.list(coreTypes.nodes).filter((n) => nodeReadySince(n) !== undefined).length,
      deployments: cluster.store.list(coreTypes.deployments, ctx.world.spec.appNamespace).map((d) => deploymentSnapshot(d)),
      restores: cluster.store.list(veleroTypes.restores, 'velero').map((r) => ({
        name: r.metadata.name,
        phase: str(r.status?.phase) ?? 'New',
        ...(str(r.spec?.backupName) ? { backupName: str(r.spec?.backupName) } : {}),
        ...(num(r.status?.errors) ? { errors: num(r.status?.errors) } : {}),
        ...(num(r.status?.warnings) ? { warnings: num(r.status?.warnings) } : {}),
        ...(str(r.status?.failureReason) ? { failureReason: str(r.status?.failureReason) } : {}),
      })),
    })),
    backups: backups.map((b) => ({ name: b.metadata.name, phase: str(b.status?.phase) ?? 'New', ...(str(b.status?.startTimestamp) ? { startTimestamp: str(b.status?.startTimestamp) } : {}) })),
    faults: [...ctx.faults.list()],
    ...(sources.clients ? { clients: sources.clients.report() } : {}),
  };
}

function deploymentSnapshot(d: KubeObject): ClusterSnapshot['deployments'][number] {
  const restoredBy = d.metadata.labels?.['velero.io/restore-name'];
  return {
    namespace: d.metadata.namespace ?? '',
    name: d.metadata.name,
    replicas: num(d.spec?.replicas) ?? 0,
    available: num(d.status?.availableReplicas) ?? 0,
    ...(restoredBy ? { restoredBy } : {}),
  };
}
